import { ApiName, TaskFilter } from '../core/model';
import { Attempt, HttpRequest, HttpResponse, Page, PageRequest } from '../engine/types';
import { ErrorContext } from './http-errors';

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

/** Where credentials come from: static keys, or temporary ones refreshed ahead of their expiry. */
export interface CredentialProvider {
  /** Credentials valid for a request signed at `attempt.now`, fetched within its time left. */
  get(attempt: Attempt): Promise<Credentials>;
  /** Forgets credentials the API refused; false when nothing fresher can come (static keys). */
  refresh(): boolean;
}

/** Where and as whom an API is called. */
export interface Connection {
  /** Base URL requests go to (the public host, or the endpoint option). */
  readonly endpoint: URL;
  readonly credentials: CredentialProvider;
  readonly region?: string;
  readonly projectId?: string;
}

/** Everything a request needs besides the filter and the page: the credentials as resolved for it. */
export interface RequestContext extends Omit<Connection, 'credentials'>, Attempt {
  readonly credentials: Credentials;
}

/** What parsing an answer may know of its request: where it went, what it asked, when it was signed. */
export interface ParseContext extends ErrorContext {
  readonly filter: TaskFilter;
  /** The (skew-corrected) time the request was signed with. */
  readonly sentAt: Date;
}

/**
 * One task-list API's client side: every request and answer field name. Its facts (page size, zone,
 * filters, host) are its descriptor in model.ts; `createTaskSource` binds it to a connection.
 */
export interface ApiModule {
  readonly name: ApiName;
  filtersAreServerSide(filter: TaskFilter): boolean;
  buildRequest(filter: TaskFilter, page: PageRequest, context: RequestContext): HttpRequest;
  parseResponse(response: HttpResponse, context: ParseContext): Page;
  /** The form of a task type that filters compare: either form the API knows gives the same one. */
  canonicalTaskType(type: string): string;
}
