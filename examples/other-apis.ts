import { App, TerraformStack } from 'cdktf';
import { HuaweiRdsTaskList, TencentCdbTaskList, TencentRedisLegacyTaskList } from 'cdktf-taskgate';

const app = new App();
const stack = new TerraformStack(app, 'other-apis');

// Tencent Cloud Redis legacy v2 API (tasks carry no id; task types in either form).
new TencentRedisLegacyTaskList(stack, 'v2', { instanceName: 'orders-cache', taskTypes: ['backupInstance'] });

// Tencent Cloud CDB: wait for the operation that returned this AsyncRequestId.
new TencentCdbTaskList(stack, 'resize', {
  asyncRequestId: 'a1b2c3d4-0000-4000-8000-000000000000',
  region: 'ap-guangzhou',
  wait: { until: 'finished' },
  assert: { expect: 'succeeded' },
});

// Huawei Cloud RDS: no task may be running on the instance.
new HuaweiRdsTaskList(stack, 'idle', {
  instanceId: '4d00c7e9d22145deb889937a72b59c8ein01',
  projectId: '54623db08b174c858ba779d2aa7923a3',
  region: 'cn-north-4',
  assert: { expect: 'idle' },
});

app.synth();
