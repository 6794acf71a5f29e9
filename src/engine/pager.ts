import { ApiError } from '../errors';
import { Page } from './types';
import { Task } from '../model';

export interface PagerOptions {
  readonly pageSize: number;
  /** A task's identity across pages. */
  readonly key: (task: Task) => string;
  /** Stop after the first page (the newest task and the server's total are all that is needed). */
  readonly firstPageOnly: boolean;
  readonly fetchPage: (offset: number, limit: number) => Promise<Page>;
}

export interface PagedTasks {
  /** Every task read, newest first, each once. */
  readonly tasks: Task[];
  /** The server's total as of the last page. */
  readonly total: number;
  readonly requests: number;
}

/**
 * Reads an offset-paged list whose head moves while it is read (new tasks arrive at the head; in tests,
 * some leave it). Changes at the head shift every older task by exactly the change in the server's
 * total, so each page's offset is corrected by that change: when the total grew, the page overlaps what
 * was read (duplicates are dropped by key); when it shrank, the page may have skipped tasks, and the
 * read goes back by the shrinkage. A task present for the whole read is never lost nor counted twice.
 */
export async function readAllPages(options: PagerOptions): Promise<PagedTasks> {
  const seen = new Set<string>();
  const tasks: Task[] = [];
  const add = (page: Page) => {
    for (const task of page.tasks) {
      const key = options.key(task);
      if (seen.has(key)) continue;
      seen.add(key);
      tasks.push(task);
    }
  };

  let requests = 1;
  const first = await options.fetchPage(0, options.pageSize);
  add(first);
  let total = first.total;
  // Positions [0, covered) of the list, as numbered when `total` was read, have all been seen.
  let covered = first.tasks.length;
  if (options.firstPageOnly || first.tasks.length < options.pageSize) return { tasks, total, requests };

  const maxRequests = 2 * Math.ceil(Math.max(total, 1) / options.pageSize) + 20;
  while (covered < total) {
    if (requests >= maxRequests) {
      throw new ApiError('the task list kept changing faster than it could be read; try again', {
        retryable: false,
        code: 'ListUnstable',
      });
    }
    const offset = covered;
    const page = await options.fetchPage(offset, options.pageSize);
    requests++;
    const shift = page.total - total;
    total = page.total;
    add(page);
    if (shift < 0) {
      // The head lost tasks: everything moved up, so [covered + shift, offset) may hold unseen tasks.
      covered = Math.max(0, covered + shift);
      continue;
    }
    if (page.tasks.length === 0) break;
    // The head grew: what was covered moved down by `shift`; the page continues from wherever it reached.
    covered = Math.max(covered + shift, offset + page.tasks.length);
    if (page.tasks.length < options.pageSize && shift === 0) break;
  }
  return { tasks, total, requests };
}
