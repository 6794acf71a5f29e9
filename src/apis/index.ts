import { InvalidInputError } from '../errors';
import { API_NAMES, ApiName, isApiName } from '../model';
import { huaweiRds } from './huawei-rds';
import { tencentCdb } from './tencent-cdb';
import { tencentRedis } from './tencent-redis';
import { tencentRedisV2 } from './tencent-redis-v2';
import { ApiModule } from './types';

export const API_MODULES: Readonly<Record<ApiName, ApiModule>> = {
  'tencent-redis': tencentRedis,
  'tencent-redis-v2': tencentRedisV2,
  'tencent-cdb': tencentCdb,
  'huawei-rds': huaweiRds,
};

export function getApi(name: string): ApiModule {
  if (!isApiName(name)) {
    throw new InvalidInputError(`unknown API "${name}"; use one of ${API_NAMES.join(', ')}.`);
  }
  return API_MODULES[name];
}

/** True for 127.0.0.0/8, localhost and [::1]: the only hosts plain http may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The base URL requests go to: `--endpoint` or the API's public host. Plain http is refused, before
 * any connection is made, unless the host is loopback.
 */
export function resolveEndpoint(
  api: ApiModule,
  endpoint: string | undefined,
  region: string | undefined,
  label = '--endpoint',
): URL {
  const text = endpoint ?? api.defaultEndpoint(region);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidInputError(
      `${label} "${text}" is not a URL; use e.g. https://host or http://127.0.0.1:PORT.`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InvalidInputError(`${label} must be a base URL without credentials, query or fragment.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InvalidInputError(
      `${label} ${url.origin} uses plain http to a non-loopback host; use https:// (plain http is only for 127.0.0.1, localhost, [::1]).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`${label} must be an https:// URL, not ${url.protocol}//.`);
  }
  return url;
}
