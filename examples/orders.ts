import { App, TerraformStack, TerraformOutput } from 'cdktf';
import { DataResource } from 'cdktf';
import { TaskGate, TencentRedisTaskList } from 'cdktf-taskgate';

const app = new App();
const stack = new TerraformStack(app, 'orders');

// Block apply until the newest backup of the instance succeeded, then migrate. A gate waits when it
// is created and again whenever its triggers or filters change: tie it to what each deploy changes.
const release = 'v42';
const backup = new TaskGate(stack, 'backup-done', {
  api: 'tencent-redis',
  instanceId: 'crs-abc12345',
  taskTypes: ['FLOW_BACKUPINSTANCE'],
  wait: { until: 'succeeded', timeout: '20m' },
  triggers: { release },
});
new DataResource(stack, 'migration', { input: { schema: release }, dependsOn: [backup] });

// Fail the plan unless a backup succeeded within the last day.
const lastBackup = new TencentRedisTaskList(stack, 'last-backup', {
  instanceId: 'crs-abc12345',
  taskTypes: ['FLOW_BACKUPINSTANCE'],
  assert: { expect: 'succeeded', maxAge: '24h' },
});
new TerraformOutput(stack, 'last-backup-ended', { value: lastBackup.endedAt });

app.synth();
