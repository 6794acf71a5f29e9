import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunningEmulator } from '../../src/emulator';
import { childEnv, expectNoSecrets, testEmulator } from '../support/emulator';
import { CHILD_LIMIT_MS } from '../support/children';
import { readStack, runProgram, terraformApply, REAL_PROGRAMS_TEST_TIMEOUT_MS } from '../support/terraform';
import { needs } from '../support/tools';

jest.setTimeout(REAL_PROGRAMS_TEST_TIMEOUT_MS);

/*
 * A user's first hour, once per flavour: a fresh TypeScript app installs the packed tarball with its
 * core from the registry, compiles, synthesizes a task list and a gate on the provider engine, and
 * runs real `terraform init` and `apply` against the emulator. npm test packs the tarballs first.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
const installed = (name: string) =>
  (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

const FLAVOURS = [
  { name: 'cdktf-taskgate', core: 'cdktf', other: 'cdktn' },
  { name: 'cdktn-taskgate', core: 'cdktn', other: 'cdktf' },
] as const;

const APP = (
  core: string,
  flavour: string,
) => `import { App, LocalBackend, TerraformOutput, TerraformStack } from '${core}';
import { TaskGate, TencentRedisTaskList, WaitCondition } from '${flavour}';

const app = new App({ outdir: 'out' });
const stack = new TerraformStack(app, 'gated');
new LocalBackend(stack, { path: 'terraform.tfstate' });
const backups = new TencentRedisTaskList(stack, 'backups', {
  instanceId: 'crs-flavour',
  taskTypes: ['FLOW_BACKUPINSTANCE'],
});
new TaskGate(stack, 'backup-done', {
  taskList: backups,
  wait: { until: WaitCondition.SUCCEEDED, pollInterval: '1s', timeout: '2m' },
  triggers: { release: 'r1' },
});
new TerraformOutput(stack, 'backup-count', { value: backups.count });
app.synth();
`;

/** The cdktn example docs/constructs.md shows: this test compiles and runs it in each flavour's spelling. */
const CDKTN_EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/cdktn/orders.ts'), 'utf8');

const withTerraform = needs('terraform', 'the installed-flavour tests').describe;

let emulator: RunningEmulator;
const dirs: string[] = [];
beforeAll(async () => {
  emulator = await testEmulator();
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

withTerraform.each(FLAVOURS)(
  'a fresh $core app with $name installed from its tarball',
  ({ name, core, other }) => {
    it('compiles, synthesizes and applies a gate on the provider engine', async () => {
      const tarball = path.join(ROOT, 'dist', `${name}-${version}.tgz`);
      if (!fs.existsSync(tarball)) throw new Error(`${tarball} is missing: run "npm run pack:all" first.`);
      const app = fs.mkdtempSync(path.join(os.tmpdir(), `taskgate-${core}-app-`));
      dirs.push(app);
      fs.writeFileSync(
        path.join(app, 'package.json'),
        JSON.stringify({
          name: `${core}-app`,
          private: true,
          dependencies: {
            [core]: installed(core),
            constructs: installed('constructs'),
            [name]: `file:${tarball}`,
          },
        }),
      );
      fs.writeFileSync(
        path.join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            strict: true,
            skipLibCheck: false,
            outDir: 'dist',
          },
          files: ['main.ts', 'example.ts'],
        }),
      );
      fs.writeFileSync(path.join(app, 'main.ts'), APP(core, name));
      fs.writeFileSync(path.join(app, 'example.ts'), CDKTN_EXAMPLE.replace(/cdktn/g, core));
      const env = childEnv();
      // From the registry, as a user would; the npm cache that `npm ci` filled serves it offline-first.
      const install = await runProgram(
        ['npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
        { cwd: app, env, timeoutMs: 2 * CHILD_LIMIT_MS },
      );
      expect(install.stderr).not.toMatch(/ERR!/);
      expect(install.code).toBe(0);
      // Neither core drags the other in.
      expect(fs.existsSync(path.join(app, 'node_modules', core))).toBe(true);
      expect(fs.existsSync(path.join(app, 'node_modules', other))).toBe(false);
      expect(fs.existsSync(path.join(app, 'node_modules', name, 'node_modules'))).toBe(false);

      const tsc = await runProgram(
        ['node', path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
        {
          cwd: app,
          env,
        },
      );
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.code).toBe(0);
      const synth = await runProgram(['node', 'dist/main.js'], { cwd: app, env });
      expect(synth.stderr).toBe('');
      expect(synth.code).toBe(0);

      const example = await runProgram(['node', 'dist/example.js'], { cwd: app, env });
      expect(example.stderr).toBe('');
      expect(example.code).toBe(0);
      expect(Object.keys(readStack(path.join(app, 'cdktf.out', 'stacks', 'orders')).resource)).toEqual([
        'taskgate_gate',
        'terraform_data',
      ]);

      const stackDir = path.join(app, 'out', 'stacks', 'gated');
      const stack = readStack(stackDir);
      expect(stack.terraform.required_providers.taskgate).toEqual({
        source: 'terraform.local/taskgate/taskgate',
        version,
      });
      expect(Object.keys(stack.resource.taskgate_gate)).toHaveLength(1);
      expect(stack['//'].metadata.version).toBe(installed(core));

      emulator.reset();
      emulator.load({
        clock: { freeze: true, step: '1s' },
        tasks: [
          {
            api: 'tencent-redis',
            id: '777',
            type: 'FLOW_BACKUPINSTANCE',
            instanceId: 'crs-flavour',
            start: '-1s',
            runningFor: '3s',
          },
        ],
      });
      const result = await terraformApply(stackDir, { ...env, TASKGATE_ENDPOINT: emulator.url });
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/taskgate_gate\.backup-done_\w+: Creation complete/);
      expect(result.stdout).toMatch(/backup-count = "1"/);
      const state = fs.readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8');
      expect(
        JSON.parse(state).resources.find((r: any) => r.type === 'taskgate_gate').instances[0].attributes,
      ).toMatchObject({ condition_met: true, tasks: [{ id: '777', status: 'succeeded' }] });
      expectNoSecrets(result.stdout, result.stderr, state, JSON.stringify(stack));
    });
  },
);
