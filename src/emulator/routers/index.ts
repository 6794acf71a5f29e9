import { huaweiRdsRouter } from './huawei-rds';
import { tencentCdbRouter } from './tencent-cdb';
import { tencentRedisRouter } from './tencent-redis';
import { tencentRedisV2Router } from './tencent-redis-v2';
import { IssuedKeys } from '../identity';
import { EmulatorCredentials } from '../scenario/credentials';
import { Router } from './types';

export { IDENTITY_ROUTERS } from './identity';

/** The routers the emulator serves unless told otherwise: one per API, tried in this order. */
export const ROUTERS: readonly Router[] = [
  tencentRedisRouter,
  tencentRedisV2Router,
  tencentCdbRouter,
  huaweiRdsRouter,
];

/** The keys the routers accept: the configured ones and the temporary ones issued, in each cloud's shape. */
export function withIssuedKeys(keys: EmulatorCredentials, issued: IssuedKeys): EmulatorCredentials {
  return {
    tencent: [
      ...(keys.tencent ?? []),
      ...issued.list('tencent').map((key) => ({
        secretId: key.id,
        secretKey: key.secret,
        token: key.token,
        expiresAt: key.expiresAt,
      })),
    ],
    huawei: [
      ...(keys.huawei ?? []),
      ...issued.list('huawei').map((key) => ({
        accessKey: key.id,
        secretKey: key.secret,
        securityToken: key.token,
        expiresAt: key.expiresAt,
      })),
    ],
  };
}
