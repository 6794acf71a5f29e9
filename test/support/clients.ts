import { createTaskSource } from '../../src/apis';
import { planCredentials } from '../../src/credentials';
import { TaskSource } from '../../src/engine/types';
import { ApiName, describeApi } from '../../src/core/model';
import { TEST_ENV } from './emulator';

/** An API's task source at `url`, as the test credentials and region reach it. */
export function testSource(api: ApiName, url: string, env: Record<string, string> = TEST_ENV): TaskSource {
  const { cloud } = describeApi(api);
  return createTaskSource(api, {
    endpoint: new URL(url),
    credentials: planCredentials(cloud, env).build({}),
    region: cloud === 'tencent' ? env.TENCENTCLOUD_REGION : env.HW_REGION_NAME,
    projectId: cloud === 'huawei' ? env.HW_PROJECT_ID : undefined,
  });
}
