import { LIMITS } from '../limits';
import { listOf, obj, str } from './json';

/** Keys the emulator accepts, per cloud. */
export interface EmulatorCredentials {
  /** `expiresAt` (timeline epoch ms): temporary keys the emulator issued, refused once it passes. */
  tencent?: { secretId: string; secretKey: string; token?: string; expiresAt?: number }[];
  huawei?: { accessKey: string; secretKey: string; securityToken?: string; expiresAt?: number }[];
}

/** A scenario's `credentials`: the keys each cloud's routers accept besides the caller's. */
export function parseCredentials(value: unknown, where: string): EmulatorCredentials {
  const spec = obj(value, where);
  const entries = (key: string) => {
    if (spec[key] === undefined) return [];
    return listOf(spec[key], `${where}.${key}`, LIMITS.credentialsPerRequest).map((entry, i) =>
      obj(entry, `${where}.${key}[${i}]`),
    );
  };
  return {
    tencent: entries('tencent').map((e, i) => ({
      secretId: str(e.secretId, `${where}.tencent[${i}].secretId`, true) as string,
      secretKey: str(e.secretKey, `${where}.tencent[${i}].secretKey`, true) as string,
      token: str(e.token, `${where}.tencent[${i}].token`),
    })),
    huawei: entries('huawei').map((e, i) => ({
      accessKey: str(e.accessKey, `${where}.huawei[${i}].accessKey`, true) as string,
      secretKey: str(e.secretKey, `${where}.huawei[${i}].secretKey`, true) as string,
    })),
  };
}
