import { huaweiRdsRouter } from './huawei-rds';
import { tencentCdbRouter } from './tencent-cdb';
import { tencentRedisRouter } from './tencent-redis';
import { tencentRedisV2Router } from './tencent-redis-v2';
import { Router } from './types';

/** The routers the emulator serves unless told otherwise: one per API, tried in this order. */
export const ROUTERS: readonly Router[] = [
  tencentRedisRouter,
  tencentRedisV2Router,
  tencentCdbRouter,
  huaweiRdsRouter,
];
