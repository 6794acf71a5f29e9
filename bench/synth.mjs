// Synthesis cost: 200 task-list constructs with gates vs 200 DataExternal + null_resource declared by
// hand with the same content, each synthesized into a fresh folder, medians over interleaved runs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { median } from './lib.mjs';

const require = createRequire(import.meta.url);
const { App, TerraformStack } = require('cdktf');
const { DataExternal } = require('@cdktf/provider-external/lib/data-external');
const { ExternalProvider } = require('@cdktf/provider-external/lib/provider');
const { NullProvider } = require('@cdktf/provider-null/lib/provider');
const { Resource: NullResource } = require('@cdktf/provider-null/lib/resource');
const { TaskGate, TencentRedisTaskList } = require('../lib/index.js');

const N = 200;

function timed(build) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-bench-synth-'));
  const started = process.hrtime.bigint();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  build(stack);
  app.synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

const withConstructs = (stack) => {
  for (let i = 0; i < N; i++) {
    // The external and null_resource engines: the configuration the hand-written baseline declares.
    const list = new TencentRedisTaskList(stack, `list-${i}`, {
      instanceId: `crs-${i}`,
      assert: { expect: 'succeeded' },
      engine: 'external',
    });
    new TaskGate(stack, `gate-${i}`, { taskList: list, engine: 'null_resource' });
  }
};

// The same configuration, declared by hand: the ratio measures what the constructs add, not what
// they emit (query, postcondition, environment and triggers are all here too).
const byHand = (stack) => {
  new ExternalProvider(stack, 'external');
  new NullProvider(stack, 'null');
  const program = 'assets/taskgate-cli/HASH/taskgate.js';
  for (let i = 0; i < N; i++) {
    new DataExternal(stack, `list-${i}`, {
      program: ['node', program, 'external'],
      query: { api: 'tencent-redis', command: 'check', instance_id: `crs-${i}`, expect: 'succeeded' },
      lifecycle: {
        postcondition: [
          {
            condition: '${self.result.condition_met == "true"}',
            errorMessage:
              '${self.result.count == "0" ? "no task" : "task ${self.result.task_id} is ${self.result.status}"}',
          },
        ],
      },
    });
    new NullResource(stack, `gate-${i}`, {
      triggers: { taskgate_api: 'tencent-redis', taskgate_instance_id: `crs-${i}` },
      provisioners: [
        {
          type: 'local-exec',
          command: 'wait',
          interpreter: ['node', program],
          environment: { TASKGATE_API: 'tencent-redis', TASKGATE_INSTANCE_ID: `crs-${i}` },
        },
      ],
    });
  }
};

export function benchSynth(runs = 7) {
  timed(withConstructs);
  timed(byHand);
  const ours = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timed(withConstructs));
    bare.push(timed(byHand));
  }
  return { ours: median(ours), bare: median(bare) };
}
