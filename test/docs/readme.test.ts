import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv } from '../support/emulator';
import { runProgram } from '../support/terraform';

const root = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The README's CLI reference is the CLI's own --help output: this fails when they drift. */
describe('README CLI reference', () => {
  const blocks = [...readme.matchAll(/```text\n\$ taskgate (.*)\n([\s\S]*?)```/g)];

  it('covers the tool and every command', () => {
    expect(blocks.map((block) => block[1])).toEqual([
      '--help',
      'list --help',
      'wait --help',
      'check --help',
      'external --help',
      'emulator --help',
      'provider --help',
    ]);
  });

  it.each(blocks.map((block) => [block[1], block[2]]))('`taskgate %s` matches', async (args, documented) => {
    const result = await runProgram(
      [process.execPath, path.join(root, 'lib/taskgate.js'), ...args.split(' ')],
      {
        cwd: root,
        env: childEnv(),
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd()).toBe(documented.trimEnd());
  });
});

describe('README set-up commands', () => {
  it('names the two commands of a fresh machine, and CI runs the test command', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toMatch(/^npm test\s/m);
    expect(fs.readFileSync(path.join(root, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });
});

describe('API.md', () => {
  it('is generated from the current doc comments', async () => {
    const result = await runProgram([process.execPath, path.join(root, 'scripts/api-docs.cjs'), '--check'], {
      cwd: root,
      env: childEnv(),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('README examples', () => {
  it('the CDKTF examples synthesize as pasted', () => {
    const [app, others] = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((block) => block[1]);
    // The second block continues the first one's stack: run them as one program, before app.synth().
    const source = app.replace('app.synth();', `${others.replace(/^import .*$/gm, '')}\napp.synth();`);
    const imports = others.match(/^import .*$/gm) ?? [];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-readme-'));
    const file = path.join(__dirname, `readme-example.${process.pid}.generated.ts`);
    fs.writeFileSync(file, `${imports.join('\n')}\n${source}`);
    const saved = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      // The example is a program, run for its side effect (it synthesizes), as `cdktf synth` would.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jest.isolateModules(() => require(file));
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'orders', 'cdk.tf.json'), 'utf8'));
      // The provider engine, the default: its data sources, its gate, and the provider in the stack folder.
      expect(Object.keys(json.data.taskgate_tasks)).toHaveLength(4);
      expect(Object.keys(json.resource.taskgate_gate)).toHaveLength(1);
      expect(json.resource.terraform_data.migration.depends_on).toEqual([
        expect.stringMatching(/^taskgate_gate\.backup-done/),
      ]);
      expect(fs.existsSync(path.join(outdir, 'stacks', 'orders', 'terraform.d', 'plugins'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
      fs.rmSync(file, { force: true });
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('README shell example', () => {
  it('runs as pasted, with taskgate on PATH', async () => {
    const block = /```sh\n(export TENCENTCLOUD_SECRET_ID[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-readme-sh-'));
    try {
      // A `taskgate` on PATH, and a free port instead of 8080.
      fs.writeFileSync(
        path.join(dir, 'taskgate'),
        `#!/bin/sh\nexec node ${path.join(root, 'lib/taskgate.js')} "$@"\n`,
        { mode: 0o755 },
      );
      const port = String(20000 + (process.pid % 20000));
      const script = (block as string).replace(/8080/g, port);
      const result = await runProgram(['bash', '-e', '-c', script], {
        cwd: dir,
        env: childEnv({ PATH: `${dir}:${process.env.PATH}` }),
      });
      expect(result.code).toBe(0);
      // curl prints the control answers without a newline: the wait's result is the last object.
      expect(JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"api"')))).toMatchObject({
        condition_met: true,
      });
      expect(result.stderr).toMatch(/retrying in/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
