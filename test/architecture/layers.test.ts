import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('layers', () => {
  it('loading the package root for synth loads no client, signer, transport or emulator code', () => {
    // A fresh process, as `cdktf synth` runs an app: which of our modules does require() load?
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(root, 'lib/index.js'))});` +
          `process.stdout.write(JSON.stringify(Object.keys(require.cache)))`,
      ],
      { encoding: 'utf8' },
    );
    const ours = (JSON.parse(loaded) as string[])
      .filter((file) => file.startsWith(path.join(root, 'lib') + path.sep))
      .map((file) => path.relative(path.join(root, 'lib'), file).split(path.sep).join('/'));
    expect(ours).toContain('constructs/task-gate.js');
    expect(ours).toContain('validation.js');
    const forbidden = ours.filter((file) =>
      /^(apis|signing|emulator|provider|cli)\/|^engine\/(client|transport|pager|retry|rate-limit|waiter|clock|filter)\.js$/.test(
        file,
      ),
    );
    expect(forbidden).toEqual([]);
  });

  /** Each probe is one import a layer must not make, at a path of that layer. */
  const CROSSINGS: [string, string][] = [
    ['src/engine', "import { API_MODULES } from '../apis';"],
    ['src/engine', "import { signTc3 } from '../signing/tc3';"],
    ['src/constructs', "import { createTaskSource } from '../apis';"],
    ['src/constructs', "import { nodeTransport } from '../engine/transport';"],
    ['src/emulator', "import { credentialsFromEnv } from '../apis/credentials';"],
    ['src/emulator/routers', "import { createTaskListClient } from '../../engine/client';"],
    ['src/signing', "import { API_NAMES } from '../model';"],
    ['src/cli', "import { TaskGate } from '../constructs';"],
  ];
  const ALLOWED: [string, string] = [
    'src/constructs',
    "import { describeApi } from '../model';\nimport { validateQuery } from '../validation';",
  ];

  it('lint refuses every import that crosses a layer, and lets the allowed arrows through', () => {
    // Probes are written where their layer is, linted by one eslint run with the project's config, then removed.
    const probes = [...CROSSINGS, ALLOWED].map(([dir, code], i) => {
      const file = path.join(root, dir, `layer-probe-${process.pid}-${i}.ts`);
      fs.writeFileSync(file, `${code}\nexport const probe = 1;\n`);
      return file;
    });
    let report: { filePath: string; messages: { ruleId: string | null }[] }[];
    try {
      const run = spawnSync(
        process.execPath,
        [
          path.join(root, 'node_modules/eslint/bin/eslint.js'),
          '--format',
          'json',
          '--no-warn-ignored',
          ...probes,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      report = JSON.parse(run.stdout);
    } finally {
      probes.forEach((file) => fs.rmSync(file, { force: true }));
    }
    const restricted = (file: string) =>
      report
        .find((entry) => entry.filePath === file)
        ?.messages.filter((message) => message.ruleId === 'no-restricted-imports').length ?? -1;
    CROSSINGS.forEach(([dir, code], i) =>
      expect({ dir, code, refused: restricted(probes[i]) > 0 }).toEqual({ dir, code, refused: true }),
    );
    expect(restricted(probes[CROSSINGS.length])).toBe(0);
  });
});
