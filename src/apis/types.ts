import { ApiName, Task, TaskFilter } from '../model';

/** Tencent Cloud credentials (CONTRACT section 2). */
export interface TencentCredentials {
  readonly cloud: 'tencent';
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
}

/** Huawei Cloud AK/SK credentials (CONTRACT section 2). */
export interface HuaweiCredentials {
  readonly cloud: 'huawei';
  readonly accessKey: string;
  readonly secretKey: string;
  readonly securityToken?: string;
}

export type Credentials = TencentCredentials | HuaweiCredentials;

/** Everything a request needs besides the filter and the page. */
export interface RequestContext {
  /** Base URL requests go to (the public host, or `--endpoint`). */
  readonly endpoint: URL;
  readonly credentials: Credentials;
  readonly region?: string;
  readonly projectId?: string;
  /** The (skew-corrected) time to sign with. */
  readonly now: Date;
  /** A random positive integer for APIs that sign a nonce (Tencent v2). */
  readonly nonce: number;
}

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

/**
 * One task-list API: everything that knows its field names. The engine, CLI and constructs speak
 * only `model.ts` and this interface.
 */
export interface ApiModule {
  readonly name: ApiName;
  readonly cloud: 'tencent' | 'huawei';
  /** Human name for messages, e.g. "Tencent Cloud Redis DescribeTaskList". */
  readonly title: string;
  /** The largest page the API serves. */
  readonly maxPageSize: number;
  /** The zone the API's local times are read in and this API's times are printed in. */
  readonly zoneOffsetMinutes: number;
  /** Whether a region is needed to build the request (`--region`). */
  readonly needsRegion: boolean;
  /** Whether a project id is needed (`--project-id`). */
  readonly needsProject: boolean;
  /** The public base URL, e.g. `https://redis.tencentcloudapi.com`. */
  defaultEndpoint(region: string | undefined): string;
  /** Throws InvalidInputError naming the API for a filter it cannot express, server or client side. */
  validateFilter(filter: TaskFilter): void;
  /** True when the server applies every filter exactly, so `Page.total` counts the matches. */
  filtersAreServerSide(filter: TaskFilter): boolean;
  /** The signed request for one page. */
  buildRequest(filter: TaskFilter, page: PageRequest, context: RequestContext): HttpRequest;
  /** Parses an answer: a Page, or throws ApiError (with `retryable`) / MalformedResponseError. */
  parseResponse(response: HttpResponse): Page;
  /** A stable identity of a task across pages (tasks without an id: instance, type and start time). */
  taskKey(task: Task): string;
  /** The form of a task type that filters compare (v2: `task_backupInstance` and `backupInstance` are one). */
  canonicalTaskType(type: string): string;
}
