// The layers' arrows (shared/STYLE.md), as allow-lists: each layer names the layers it MAY import;
// any other import of ours is an error. A file's layer is found by its path; an import's by the path
// it resolves to. Node built-ins and packages are not ours and are not checked here.
import * as path from 'node:path';

/** Each layer: the files it holds (first match wins, most specific first) and what it may import. */
export const LAYERS = [
  {
    name: 'vocabulary',
    files: ['src/core/'],
    may: [],
    why: 'the vocabulary depends on nothing of ours',
  },
  {
    name: 'validation',
    files: ['src/validation.ts'],
    may: ['vocabulary'],
    why: 'validation is names, values and rules',
  },
  { name: 'signing', files: ['src/signing/'], may: [], why: 'signers are pure functions of their inputs' },
  { name: 'engine', files: ['src/engine/'], may: ['vocabulary'], why: 'the engine knows no vendor' },
  {
    name: 'apis',
    files: ['src/apis/'],
    may: ['vocabulary', 'engine', 'signing'],
    why: 'a client knows the engine, the signers and the vocabulary',
  },
  {
    name: 'credentials',
    files: ['src/credentials/'],
    may: ['vocabulary', 'validation', 'engine', 'signing', 'apis'],
    why: 'the credential chains know the clients below them, never a surface or the fake cloud',
  },
  {
    name: 'runner',
    files: ['src/runner/'],
    may: ['vocabulary', 'validation', 'engine', 'apis', 'credentials'],
    why: 'the task runner serves the CLI and the provider alike and knows neither',
  },
  {
    name: 'emulator',
    files: ['src/emulator/'],
    may: ['vocabulary', 'signing'],
    why: 'the fake cloud shares nothing with the clients, or their bugs would cancel out',
  },
  {
    name: 'native-provider',
    files: ['src/native-provider.ts'],
    may: ['vocabulary'],
    why: 'the native builds are found by name and hash, at synth and install alike',
  },
  {
    name: 'constructs',
    files: ['src/constructs/'],
    may: ['vocabulary', 'validation', 'native-provider'],
    why: 'synth loads no client, signer, transport or emulator: names and validation only',
  },
  {
    name: 'provider',
    files: ['src/provider/'],
    may: ['vocabulary', 'validation', 'engine', 'apis', 'credentials', 'runner'],
    why: 'the provider runs inside Terraform: never the CLI, the constructs or the fake cloud',
  },
  {
    name: 'cli',
    files: ['src/cli/'],
    may: [
      'vocabulary',
      'validation',
      'engine',
      'apis',
      'credentials',
      'runner',
      'emulator',
      'native-provider',
    ],
    why: 'the CLI runs in synthesized stacks, without the constructs; the provider is its own program',
  },
  {
    name: 'package root',
    files: ['src/index.ts'],
    may: ['constructs', 'vocabulary'],
    why: 'the root exports the constructs',
  },
  {
    name: 'native entry',
    files: ['src/native.ts'],
    may: ['vocabulary', 'cli', 'provider'],
    why: 'the self-contained executable starts the CLI or the provider',
  },
];

/** The layer of a path relative to the project root, or undefined for a file outside src/. */
export function layerOf(relative) {
  const file = relative.split(path.sep).join('/');
  return LAYERS.find((layer) =>
    layer.files.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry)),
  );
}

/** The ESLint rule: every relative import of a src/ file must land in its own layer or one it may import. */
export const layersRule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { crossing: '{{from}} may not import {{to}} ({{target}}): {{why}}.' },
  },
  create(context) {
    const root = context.cwd;
    const own = layerOf(path.relative(root, context.filename));
    if (!own) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), specifier));
      const candidates = [`${target}.ts`, path.join(target, 'index.ts'), target];
      const layer = candidates.map(layerOf).find(Boolean);
      if (!layer) {
        context.report({
          node,
          messageId: 'crossing',
          data: { from: own.name, to: 'a file outside the layers', target: specifier, why: own.why },
        });
        return;
      }
      if (layer === own || own.may.includes(layer.name)) return;
      context.report({
        node,
        messageId: 'crossing',
        data: { from: own.name, to: layer.name, target: specifier, why: own.why },
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
