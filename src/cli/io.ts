/** What a command may touch of the process: injected so the CLI can be driven in-process too. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of stdin as UTF-8; rejects with an InvalidInputError past `maxBytes`, without reading on. */
  readonly readStdin: (maxBytes: number) => Promise<string>;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Aborted on SIGINT/SIGTERM with an InterruptedError as its reason. */
  readonly signal: AbortSignal;
}
