import { Task, TaskFilter } from '../core/model';

/**
 * The engine's interfaces: what it needs of an API (a task source) and of the network (a request
 * and its response). `apis/` implements the task source; the engine knows no vendor.
 */

/** A fully signed HTTP request, ready for the transport. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What the transport got back. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One page of an API's task list. */
export interface Page {
  readonly tasks: readonly Task[];
  /** The API's total count of tasks matching the server-side filters. */
  readonly total: number;
}

export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
}

/** What changes from one attempt of a request to the next. */
export interface Attempt {
  /** The (skew-corrected) time to sign with. */
  readonly now: Date;
  /** A random positive integer, fresh per attempt, for APIs that sign a nonce. */
  readonly nonce: number;
  /** Aborted when the command is interrupted. */
  readonly signal?: AbortSignal;
  /** Milliseconds left before the hard deadline (anything fetched to sign, such as credentials, counts). */
  readonly timeLeftMs?: number;
}

/** One API's task list as the engine reads it: paged, signed, parsed. */
export interface TaskSource {
  /** For messages: the API's title. */
  readonly title: string;
  /** The largest page the API serves. */
  readonly maxPageSize: number;
  /** Whether offsets must be whole multiples of the page size (otherwise any record offset). */
  readonly offsetsInPages: boolean;
  /** True when the server applies every filter exactly, so `Page.total` counts the matches. */
  filtersAreServerSide(filter: TaskFilter): boolean;
  /**
   * The signed request for one page. It may first fetch what it signs with (temporary credentials,
   * refreshed ahead of their expiry), within the attempt's time left.
   */
  buildRequest(filter: TaskFilter, page: PageRequest, attempt: Attempt): HttpRequest | Promise<HttpRequest>;
  /**
   * Called once when the API refused the credentials (`ApiError.credentialsRefused`): forgets them so
   * that the next request is signed with fresh ones. False when nothing fresher can come (static keys).
   */
  refreshCredentials?(): boolean;
  /**
   * Parses an answer to a request for `filter` signed at `sentAt`: a Page, or throws ApiError (with
   * `retryable`) / MalformedResponseError / InvalidInputError.
   */
  parseResponse(response: HttpResponse, request: { filter: TaskFilter; sentAt: Date }): Page;
  /** The form of a task type that filters compare (v2: `task_backupInstance` and `backupInstance` are one). */
  canonicalTaskType(type: string): string;
}
