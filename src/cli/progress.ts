import { formatDuration } from '../core/durations';
import { PollEvent, RetryEvent, RunnerEvents, summarizeTasks } from '../runner/events';
import { LINE_MAX_LENGTH, oneLine } from '../core/text';

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** One live line, rewritten in place; otherwise one line per change. */
  readonly live: boolean;
  readonly color: boolean;
  readonly quiet: boolean;
}

/**
 * The terminal's view of the runner's events, on stderr: a live line on a TTY, one line per change of
 * status or progress elsewhere, and a line per retry.
 */
export class ProgressReporter implements RunnerEvents {
  private lastKey?: string;
  private liveShown = false;

  constructor(private readonly options: ProgressOptions) {}

  poll(event: PollEvent): void {
    if (this.options.quiet) return;
    const summary = summarizeTasks(event.tasks);
    const elapsed = formatDuration(event.elapsedMs);
    if (this.options.live) {
      const next =
        event.nextPollInMs === undefined ? '' : ` · next poll in ${formatDuration(event.nextPollInMs)}`;
      this.options.write(`\r\x1b[K${this.paint(summary)} · ${elapsed} elapsed${next}`);
      this.liveShown = true;
      return;
    }
    if (summary === this.lastKey) return;
    this.lastKey = summary;
    this.options.write(`taskgate [${elapsed}] ${summary}\n`);
  }

  retry(event: RetryEvent): void {
    if (this.options.quiet) return;
    this.clearLive();
    // The message holds the server's words (already cleaned where it was built); this line must stay one.
    const message = oneLine(event.error.message, LINE_MAX_LENGTH);
    this.options.write(
      `taskgate: ${message}; retrying in ${formatDuration(event.delayMs)} (attempt ${event.attempt + 1})\n`,
    );
  }

  /** The answer is in: what follows starts on a fresh line. */
  verdict(): void {
    this.clearLive();
  }

  private clearLive(): void {
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
