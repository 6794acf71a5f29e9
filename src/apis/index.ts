import { TaskSource } from '../engine/types';
import { ApiName, describeApi } from '../core/model';
import { huaweiRds } from './huawei-rds';
import { tencentCdb } from './tencent-cdb';
import { tencentRedis } from './tencent-redis';
import { tencentRedisV2 } from './tencent-redis-v2';
import { ApiModule, Connection } from './types';

/** The clients of the four APIs, by name. */
export const API_MODULES: Readonly<Record<ApiName, ApiModule>> = {
  'tencent-redis': tencentRedis,
  'tencent-redis-v2': tencentRedisV2,
  'tencent-cdb': tencentCdb,
  'huawei-rds': huaweiRds,
};

/** An API's task list bound to where and as whom it is called: what the engine reads. */
export function createTaskSource(name: ApiName, connection: Connection): TaskSource {
  const module = API_MODULES[name];
  return {
    title: describeApi(name).title,
    maxPageSize: describeApi(name).maxPageSize,
    offsetsInPages: describeApi(name).offsetsInPages ?? false,
    filtersAreServerSide: (filter) => module.filtersAreServerSide(filter),
    buildRequest: async (filter, page, attempt) => {
      const credentials = await connection.credentials.get(attempt);
      return module.buildRequest(filter, page, { ...connection, ...attempt, credentials });
    },
    refreshCredentials: () => connection.credentials.refresh(),
    parseResponse: (response, { filter, sentAt }) =>
      module.parseResponse(response, {
        filter,
        sentAt,
        endpoint: connection.endpoint,
        region: connection.region,
        instanceId: filter.instanceId,
      }),
    canonicalTaskType: (type) => module.canonicalTaskType(type),
  };
}

/** One API's client by name. */
export function getApi(name: ApiName): ApiModule {
  return API_MODULES[name];
}
