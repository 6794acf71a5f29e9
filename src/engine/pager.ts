import { ApiError } from '../core/errors';
import { Page } from './types';
import { Task } from '../core/model';

/** The most tasks one listing reads: a server announcing more is refused before it is paged through. */
export const MAX_LISTED_TASKS = 100_000;

export interface PagerOptions {
  readonly pageSize: number;
  /** Whether offsets must be whole multiples of the page size (otherwise any record offset). */
  readonly offsetsInPages: boolean;
  /** Stop after the first page (the newest task and the server's total are all that is needed). */
  readonly firstPageOnly: boolean;
  readonly fetchPage: (offset: number, limit: number) => Promise<Page>;
  /** For messages: the API's title. */
  readonly title: string;
}

export interface PagedTasks {
  /** Every task read, newest first, each row once. */
  readonly tasks: Task[];
  /** The server's total as of the last page. */
  readonly total: number;
  readonly requests: number;
}

/**
 * Reads an offset-paged list whose head moves while it is read (new tasks arrive at the head; in tests,
 * some leave it). Changes at the head shift every older task by exactly the change in the server's
 * total, so the rows already read are known by position: when the total grew, the next page begins
 * with rows read before (skipped, unless an id says a row is new to this read); when it shrank past the
 * page's start, unread rows moved in front of it (the page is read again from there). Rows are never
 * merged by their content, nor by an id outside that overlap: two rows the API lists apart are two
 * tasks (v2 tasks carry no id at all). A task present for the whole read is never lost nor counted
 * twice.
 *
 * Bounded whatever the server says: a first page announcing more than MAX_LISTED_TASKS is refused, and
 * the number of requests is bounded by what the first page announced.
 */
export async function readAllPages(options: PagerOptions): Promise<PagedTasks> {
  const { pageSize } = options;
  const first = await options.fetchPage(0, pageSize);
  const tasks: Task[] = [...first.tasks];
  const earlierIds = new Set(first.tasks.flatMap((task) => (task.id === null ? [] : [task.id])));
  let requests = 1;
  let total = first.total;
  // Positions [0, covered) of the list, as numbered when `total` was read, have all been read.
  let covered = first.tasks.length;
  if (options.firstPageOnly || first.tasks.length < pageSize) return { tasks, total, requests };
  if (total > MAX_LISTED_TASKS) throw tooMany(options.title, total);

  const maxRequests = 2 * Math.ceil(Math.max(total, 1) / pageSize) + 20;
  while (covered < total) {
    if (requests >= maxRequests || tasks.length > MAX_LISTED_TASKS) {
      throw new ApiError(
        `${options.title} kept listing tasks past the ${first.total} its first page announced (${requests} requests); ` +
          'try again, or narrow the filters',
        { retryable: false, code: 'ListUnstable' },
      );
    }
    const offset = options.offsetsInPages ? Math.floor(covered / pageSize) * pageSize : covered;
    const page = await options.fetchPage(offset, pageSize);
    requests++;
    const shift = page.total - total;
    total = page.total;
    // Where the rows already read end, as the list is numbered now.
    const end = Math.max(0, covered + shift);
    if (offset > end) {
      // Tasks left the head: rows [end, offset) moved in front of this page unread. Read from there.
      covered = end;
      continue;
    }
    // Rows before `end` were read on an earlier page, if the list moved only at its head. A row there
    // is skipped only when it cannot be new: no id to tell (v2), or an id an earlier page listed.
    const overlap = Math.min(page.tasks.length, end - offset);
    page.tasks.forEach((task, i) => {
      if (i < overlap && (task.id === null || earlierIds.has(task.id))) return;
      tasks.push(task);
    });
    for (const task of page.tasks) if (task.id !== null) earlierIds.add(task.id);
    if (page.tasks.length === 0) break;
    covered = Math.max(end, offset + page.tasks.length);
    if (page.tasks.length < pageSize && shift === 0) break;
  }
  return { tasks, total, requests };
}

function tooMany(title: string, total: number): ApiError {
  return new ApiError(
    `${title} announced ${total} matching tasks, more than the ${MAX_LISTED_TASKS} taskgate reads in one listing; narrow the filters`,
    { retryable: false, code: 'ListTooLong' },
  );
}
