import * as fs from 'node:fs';
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
