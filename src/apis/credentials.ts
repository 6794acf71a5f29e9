import { InvalidInputError } from '../errors';
import { Credentials } from './types';

/** What a key, a secret or a token can hold: it travels in (or is hashed next to) request headers. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function first(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (!HEADER_SAFE.test(value)) {
      // Never the value itself: only which variable to look at.
      throw new InvalidInputError(
        `${name} holds characters that no key or token contains (spaces, control characters or non-ASCII); check how it is set.`,
      );
    }
    return value;
  }
  return undefined;
}

/**
 * Credentials from the environment only (CONTRACT section 2): first variable found wins. A missing
 * one is an error naming the variables, never their values.
 */
export function credentialsFromEnv(cloud: 'tencent' | 'huawei', env: NodeJS.ProcessEnv): Credentials {
  if (cloud === 'tencent') {
    const secretId = first(env, ['TENCENTCLOUD_SECRET_ID']);
    const secretKey = first(env, ['TENCENTCLOUD_SECRET_KEY']);
    if (!secretId || !secretKey) {
      throw new InvalidInputError(
        'Tencent Cloud credentials are missing: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY ' +
          '(and TENCENTCLOUD_SECURITY_TOKEN for temporary keys).',
      );
    }
    const token = first(env, ['TENCENTCLOUD_SECURITY_TOKEN', 'TENCENTCLOUD_SESSION_TOKEN']);
    return { cloud, secretId, secretKey, ...(token ? { token } : {}) };
  }
  const pair = [
    ['HW_ACCESS_KEY', 'HW_SECRET_KEY'],
    ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
  ].find(([ak, sk]) => first(env, [ak]) && first(env, [sk]));
  if (!pair) {
    throw new InvalidInputError(
      'Huawei Cloud credentials are missing: set HW_ACCESS_KEY and HW_SECRET_KEY ' +
        '(or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK).',
    );
  }
  const securityToken = first(env, ['HW_SECURITY_TOKEN']);
  return {
    cloud,
    accessKey: first(env, [pair[0]]) as string,
    secretKey: first(env, [pair[1]]) as string,
    ...(securityToken ? { securityToken } : {}),
  };
}
