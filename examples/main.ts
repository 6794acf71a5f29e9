// A cdktf app you can copy: gate a migration on a Redis backup, refuse a deploy while a CDB restore
// failed, and assert that backups are fresh. Synthesize with `cdktf synth` (or `npm run synth` here).
import { App, DataResource, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HuaweiRdsTaskList, TaskGate, TencentRedisTaskList } from 'cdktf-taskgate';

// Where the APIs are: the public hosts by default; TASKGATE_ENDPOINT points at the local emulator.
const endpoint = process.env.TASKGATE_ENDPOINT || undefined;

/** Gates that block `terraform apply`: taskgate_gate resources of the provider the stack folder carries. */
class GatesStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // A relative state path keeps the synthesized folder free of this machine's paths.
    new LocalBackend(this, { path: 'terraform.tfstate' });

    // What each deploy changes: the gates wait again whenever it does (a gate runs when created or
    // replaced, and its triggers replace it).
    const release = process.env.RELEASE || '2026.11';

    // Don't migrate until the newest backup of the instance succeeded.
    const backup = new TaskGate(this, 'redis-backup', {
      api: 'tencent-redis',
      instanceId: 'crs-demo0001',
      taskTypes: ['FLOW_BACKUPINSTANCE'],
      endpoint,
      wait: { until: 'succeeded', timeout: '20m', pollInterval: '2s' },
      triggers: { release },
    });
    new DataResource(this, 'schema-migration', { input: { schema: 'v42', release }, dependsOn: [backup] });

    // Fail the deploy if the newest restore of the MySQL instance failed (type 1: rollback).
    const restore = new TaskGate(this, 'cdb-restore', {
      api: 'tencent-cdb',
      instanceId: 'cdb-demo0001',
      taskTypes: ['1'],
      region: 'ap-guangzhou',
      endpoint,
      wait: { until: 'succeeded', timeout: '10m', pollInterval: '2s' },
      triggers: { release },
    });
    new DataResource(this, 'app-release', { input: { release }, dependsOn: [restore] });
  }
}

/** Reads through the taskgate provider's `data "taskgate_tasks"`, which the stack folder carries. */
class ChecksStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: 'terraform.tfstate' });

    // Plan fails unless the newest backup succeeded within the last 24 hours.
    const lastBackup = new TencentRedisTaskList(this, 'last-backup', {
      instanceId: 'crs-demo0001',
      taskTypes: ['FLOW_BACKUPINSTANCE'],
      endpoint,
      assert: { expect: 'succeeded', maxAge: '24h' },
    });
    new TerraformOutput(this, 'last-backup-finished', { value: lastBackup.endedAt });

    // The read waits for the RDS task to finish. Were it to depend on a resource with pending
    // changes (dependsOn), Terraform would defer the read, and so the wait, to apply.
    const rds = new HuaweiRdsTaskList(this, 'rds-task', {
      instanceId: 'rds-demo0001',
      projectId: process.env.HW_PROJECT_ID || undefined,
      region: 'cn-north-4',
      endpoint,
      wait: { until: 'finished', timeout: '15m', pollInterval: '2s' },
    });
    new TerraformOutput(this, 'rds-task-status', { value: rds.status });
  }
}

const app = new App();
new GatesStack(app, 'gates');
new ChecksStack(app, 'checks');
app.synth();
