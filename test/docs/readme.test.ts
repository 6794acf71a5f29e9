import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childEnv } from '../support/emulator';
import { runProgram } from '../support/terraform';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const readme = read('README.md');

/** docs/cli.md's command reference is the CLI's own --help output: this fails when they drift. */
describe('CLI reference (docs/cli.md)', () => {
  const blocks = [...read('docs/cli.md').matchAll(/```text\n\$ taskgate (.*)\n([\s\S]*?)```/g)];

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

  it('stays a page a newcomer reads through', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  });
});

describe('generated docs', () => {
  it.each([
    ['API.md', 'scripts/api-docs.cjs'],
    ['docs/ and the examples the pages show', 'scripts/docs.mjs'],
  ])('%s: current (%s --check)', async (_, script) => {
    const result = await runProgram([process.execPath, path.join(root, script), '--check'], {
      cwd: root,
      env: childEnv(),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('show every example under examples/terraform/ and examples/cli/', () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(root, 'docs'), { recursive: true }).map(String)]
      .filter((file) => file.endsWith('.md'))
      .map((file) => (file === 'README.md' ? readme : read(path.join('docs', file))))
      .join('\n');
    for (const dir of ['examples/terraform', 'examples/cli'])
      for (const file of fs.readdirSync(path.join(root, dir)))
        expect(pages).toContain(fs.readFileSync(path.join(root, dir, file), 'utf8').trimEnd());
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

describe('links between the pages', () => {
  const pages = [
    'README.md',
    'CONTRIBUTING.md',
    'SECURITY.md',
    'CHANGELOG.md',
    ...fs
      .readdirSync(path.join(root, 'docs'), { recursive: true })
      .map((file) => path.join('docs', String(file)))
      .filter((file) => file.endsWith('.md')),
  ];

  it.each(pages)('every relative link of %s reaches a file and heading that exist', (page) => {
    const text = read(page).replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file, hash] = target.split('#');
      const resolved = file ? path.normalize(path.join(path.dirname(page), file)) : page;
      expect({ page, target, exists: fs.existsSync(path.join(root, resolved)) }).toEqual({
        page,
        target,
        exists: true,
      });
      if (hash) {
        const headings = [...read(resolved).matchAll(/^#+ (.*)$/gm)].map((match) => anchor(match[1]));
        expect({ page, target, headings }).toEqual({
          page,
          target,
          headings: expect.arrayContaining([hash]),
        });
      }
    }
  });
});

describe('CDKTF examples', () => {
  /** Runs an example program as `cdktf synth` would, and returns its stack's synthesized JSON. */
  function synthesize(example: string, stack: string) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-example-'));
    const saved = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      // The example is a program, run for its side effect (it synthesizes).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jest.isolateModules(() => require(path.join(root, example)));
      const folder = path.join(outdir, 'stacks', stack);
      return {
        json: JSON.parse(fs.readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8')),
        carriesProvider: fs.existsSync(path.join(folder, 'terraform.d', 'plugins')),
      };
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  it("the README's (examples/orders.ts) synthesizes a gate before the migration and a check", () => {
    const { json, carriesProvider } = synthesize('examples/orders.ts', 'orders');
    // The provider engine, the default: its data source, its gate, and the provider in the stack folder.
    expect(Object.keys(json.data.taskgate_tasks)).toHaveLength(1);
    expect(Object.keys(json.resource.taskgate_gate)).toHaveLength(1);
    expect(json.resource.terraform_data.migration.depends_on).toEqual([
      expect.stringMatching(/^taskgate_gate\.backup-done/),
    ]);
    expect(carriesProvider).toBe(true);
  });

  it('the other APIs (examples/other-apis.ts) synthesize one data source each', () => {
    const { json } = synthesize('examples/other-apis.ts', 'other-apis');
    const apis = Object.values(json.data.taskgate_tasks as Record<string, { api: string }>).map((d) => d.api);
    expect(apis.sort()).toEqual(['huawei-rds', 'tencent-cdb', 'tencent-redis-v2']);
  });
});

describe('CLI examples', () => {
  /** Runs a shell example as pasted, with `taskgate` on PATH; the emulator it starts is stopped on any exit. */
  async function runExample(example: string, replace: (script: string) => string = (script) => script) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskgate-example-sh-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'taskgate'),
        `#!/bin/sh\nexec node ${path.join(root, 'lib/taskgate.js')} "$@"\n`,
        { mode: 0o755 },
      );
      const script = `trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n${replace(read(example))}`;
      return await runProgram(['bash', '-e', '-c', script], {
        cwd: dir,
        env: childEnv({ PATH: `${dir}:${process.env.PATH}` }),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("the README's (examples/cli/emulator-wait.sh) waits through the throttling until the backup succeeds", async () => {
    // A free port instead of 8080.
    const port = String(20000 + (process.pid % 20000));
    const result = await runExample('examples/cli/emulator-wait.sh', (script) =>
      script.replace(/8080/g, port),
    );
    expect(result.code).toBe(0);
    // curl prints the control answers without a newline: the wait's result is the last object.
    expect(JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"api"')))).toMatchObject({
      condition_met: true,
    });
    expect(result.stderr).toMatch(/retrying in/);
  });

  it('the HTTPS one (examples/cli/emulator-tls.sh) lists over TLS with the throwaway authority', async () => {
    const result = await runExample('examples/cli/emulator-tls.sh');
    expect(result.stderr).not.toMatch(/certificate/i);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ api: 'tencent-redis', total: 0, tasks: [] });
  });
});
