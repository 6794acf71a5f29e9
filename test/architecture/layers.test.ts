import { execFileSync, spawnSync } from 'node:child_process';
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
      /^(apis|signing|emulator|provider|cli|credentials)\/|^engine\/(client|transport|pager|retry|rate-limit|waiter|clock|filter)\.js$/.test(
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
    ['src/emulator', "import { planCredentials } from '../credentials';"],
    ['src/engine', "import { planCredentials } from '../credentials';"],
    ['src/apis', "import { planCredentials } from '../credentials';"],
    ['src/credentials', "import { runTaskCommand } from '../cli/commands/task-command';"],
    ['src/credentials', "import { startEmulator } from '../emulator';"],
    ['src/emulator/routers', "import { createTaskListClient } from '../../engine/client';"],
    ['src/signing', "import { API_NAMES } from '../core/model';"],
    ['src/cli', "import { TaskGate } from '../constructs';"],
    ['src/provider', "import { parseCommandLine } from '../cli/options';"],
    ['src/runner', "import { runTaskCommand } from '../cli/commands/task-command';"],
    // The runner was outside every fence once: constructs and the emulator could reach it.
    ['src/constructs', "import { listTasks } from '../runner/run';"],
    ['src/emulator/routers', "import { listTasks } from '../../runner/run';"],
    ['src/validation.ts', "import { nodeTransport } from './engine/transport';"],
    ['src/core', "import { validateQuery } from '../validation';"],
  ];
  const ALLOWED: [string, string] = [
    'src/constructs',
    "import { describeApi } from '../core/model';\nimport { validateQuery } from '../validation';",
  ];

  it('lint refuses every import that crosses a layer, and lets the allowed arrows through', () => {
    // ESLint's own API with the project's config, in a plain Node process (jest's VM cannot load an
    // ESM config); each probe is linted as if it were a file of its layer, and no file is written.
    const probes = [...CROSSINGS, ALLOWED].map(([dir, code], i) => ({
      filePath: path.join(root, dir.endsWith('.ts') ? dir : path.join(dir, `layer-probe-${i}.ts`)),
      code: `${code}\nexport const probe = 1;\n`,
    }));
    const script = `
      const { ESLint } = require('eslint');
      const probes = JSON.parse(process.argv[1]);
      (async () => {
        const eslint = new ESLint({ cwd: process.cwd() });
        const refused = [];
        for (const probe of probes) {
          const [result] = await eslint.lintText(probe.code, { filePath: probe.filePath });
          refused.push(result.messages.filter((m) => m.ruleId === 'taskgate/layers').length);
        }
        process.stdout.write(JSON.stringify(refused));
      })();`;
    const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(probes)], {
      cwd: root,
      encoding: 'utf8',
    });
    const refused = JSON.parse(run.stdout) as number[];
    CROSSINGS.forEach(([dir, code], i) =>
      expect({ dir, code, refused: refused[i] > 0 }).toEqual({ dir, code, refused: true }),
    );
    expect(refused[CROSSINGS.length]).toBe(0);
  });

  it('every layer is fenced from every layer its allow-list does not name', () => {
    // Generated from the allow-lists themselves: one probe per pair of layers, as a file of the first
    // importing a file of the second. Refused exactly when the second is neither itself nor allowed.
    const script = `
      import { ESLint } from 'eslint';
      import { LAYERS } from './eslint-layers.mjs';
      import * as path from 'node:path';
      const eslint = new ESLint({ cwd: process.cwd() });
      const at = (layer) => (layer.files[0].endsWith('/') ? layer.files[0] + 'layer-probe.ts' : layer.files[0]);
      const results = [];
      for (const from of LAYERS) {
        for (const to of LAYERS) {
          const specifier = path.relative(path.dirname(at(from)), at(to).replace(/\\.ts$/, ''));
          const code = "import * as probe from '" + (specifier.startsWith('.') ? specifier : './' + specifier) + "';\\nexport { probe };\\n";
          const [result] = await eslint.lintText(code, { filePath: path.join(process.cwd(), at(from)) });
          const refused = result.messages.some((m) => m.ruleId === 'taskgate/layers');
          results.push({ from: from.name, to: to.name, refused, expected: from !== to && !from.may.includes(to.name) });
        }
      }
      process.stdout.write(JSON.stringify(results));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as {
      from: string;
      to: string;
      refused: boolean;
      expected: boolean;
    }[];
    expect(results.length).toBeGreaterThan(100);
    expect(results.filter((r) => r.refused !== r.expected)).toEqual([]);
    expect(results.filter((r) => r.refused).length).toBeGreaterThan(80);
  });
});
