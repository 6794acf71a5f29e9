import { formatDuration } from '../engine/durations';
import { describeTask } from '../engine/describe';
import { Task } from '../model';
import { LINE_MAX_LENGTH, oneLine } from '../text';

/** What the waiter reports after each poll. */
export interface PollView {
  readonly tasks: readonly Task[];
  readonly elapsedMs: number;
  readonly nextPollInMs?: number;
}

export interface RetryView {
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: Error;
}

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** One live line, rewritten in place; otherwise one line per change. */
  readonly live: boolean;
  readonly color: boolean;
  readonly quiet: boolean;
}

/** Progress on stderr: a live line on a TTY, one line per change of status or progress elsewhere. */
export class ProgressReporter {
  private lastKey?: string;
  private liveShown = false;

  constructor(private readonly options: ProgressOptions) {}

  poll(view: PollView): void {
    if (this.options.quiet) return;
    const summary =
      view.tasks.length === 0 ? 'waiting for a matching task to appear' : describeTasks(view.tasks);
    const elapsed = formatDuration(view.elapsedMs);
    if (this.options.live) {
      const next =
        view.nextPollInMs === undefined ? '' : ` · next poll in ${formatDuration(view.nextPollInMs)}`;
      this.options.write(`\r\x1b[K${this.paint(summary)} · ${elapsed} elapsed${next}`);
      this.liveShown = true;
      return;
    }
    if (summary === this.lastKey) return;
    this.lastKey = summary;
    this.options.write(`taskgate [${elapsed}] ${summary}\n`);
  }

  retry(view: RetryView): void {
    if (this.options.quiet) return;
    this.clearLive();
    // The message holds the server's words (already cleaned where it was built); this line must stay one.
    const message = oneLine(view.error.message, LINE_MAX_LENGTH);
    this.options.write(
      `taskgate: ${message}; retrying in ${formatDuration(view.delayMs)} (attempt ${view.attempt + 1})\n`,
    );
  }

  /** Ends the live line so that what follows starts on a fresh line. */
  clearLive(): void {
    if (this.liveShown) this.options.write('\n');
    this.liveShown = false;
  }

  private paint(text: string): string {
    if (!this.options.color) return text;
    return text
      .replace(/\b(succeeded)\b/g, '\x1b[32m$1\x1b[0m')
      .replace(/\b(failed|cancelled)\b/g, '\x1b[31m$1\x1b[0m')
      .replace(/\b(running|pending)\b/g, '\x1b[33m$1\x1b[0m');
  }
}

function describeTasks(tasks: readonly Task[]): string {
  if (tasks.length <= 3) return tasks.map(describeTask).join('; ');
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  return `${tasks.length} tasks: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`;
}
