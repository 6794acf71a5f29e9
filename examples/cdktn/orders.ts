import { App, TerraformStack, DataResource } from 'cdktn';
import { TaskGate, WaitCondition } from 'cdktn-taskgate';

const app = new App();
const stack = new TerraformStack(app, 'orders');
const backup = new TaskGate(stack, 'backup-done', {
  api: 'tencent-redis',
  instanceId: 'crs-abc12345',
  taskTypes: ['FLOW_BACKUPINSTANCE'],
  wait: { until: WaitCondition.SUCCEEDED, timeout: '20m' },
  triggers: { release: 'v42' },
});
new DataResource(stack, 'migration', { input: { schema: 'v42' }, dependsOn: [backup] });
app.synth();
