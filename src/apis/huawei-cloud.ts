import { HttpRequest } from '../engine/types';
import { huaweiSdkDate, signHuawei } from '../signing/huawei';
import { Credentials } from './types';

/** One Huawei Cloud request: where, what, and as whom. */
export interface HuaweiRequest {
  readonly endpoint: URL;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body?: string;
  readonly credentials: Credentials;
  readonly now: Date;
}

/**
 * A request signed as Huawei's SDKs sign it (SDK-HMAC-SHA256 over Host, Content-Type, X-Sdk-Date and,
 * for temporary keys, X-Security-Token): the RDS task list, IAM and STS alike.
 */
export function signedHuaweiRequest(request: HuaweiRequest): HttpRequest {
  const { credentials, endpoint, path } = request;
  if (credentials.cloud !== 'huawei') throw new Error('Huawei Cloud APIs need Huawei Cloud credentials');
  const query = request.query ?? {};
  const body = request.body ?? '';
  const headers: Record<string, string> = {
    'Content-Type': request.contentType,
    Host: endpoint.host,
    'X-Sdk-Date': huaweiSdkDate(request.now),
  };
  if (credentials.securityToken) headers['X-Security-Token'] = credentials.securityToken;
  const signature = signHuawei({
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    method: request.method,
    path,
    query,
    headers,
    body,
  });
  const url = new URL(path, endpoint);
  url.search = Object.keys(query)
    .map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(query[name])}`)
    .join('&');
  return {
    method: request.method,
    url: url.toString(),
    headers: { ...headers, Authorization: signature.authorization },
    ...(request.method === 'POST' ? { body } : {}),
  };
}
