import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers' arrows (shared/STYLE.md): each layer imports only what lies below it. A layer's
 * forbidden neighbours, as import paths; `npm test` fails when an import crosses one.
 */
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: forbidden.flatMap((name) => [`**/${name}`, `**/${name}/**`]), message: why }] },
    ],
  },
});
const ENGINE_RUNTIME = [
  'client',
  'transport',
  'pager',
  'retry',
  'rate-limit',
  'waiter',
  'clock',
  'filter',
  'types',
].map((name) => `engine/${name}`);

export default tseslint.config(
  {
    ignores: [
      'lib/**',
      'node_modules/**',
      '**/cdktf.out/**',
      'coverage/**',
      '**/.terraform/**',
      'examples/dist/**',
      'build/**',
      'dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests walk synthesized Terraform JSON freely.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer(
    [
      'src/model.ts',
      'src/option-schema.ts',
      'src/options.ts',
      'src/text.ts',
      'src/errors.ts',
      'src/files.ts',
    ],
    ['engine', 'apis', 'signing', 'cli', 'constructs', 'emulator', 'provider', 'validation', 'credentials'],
    'the vocabulary layer imports nothing of the layers above it',
  ),
  layer(
    ['src/validation.ts'],
    ['apis', 'signing', 'cli', 'constructs', 'emulator', 'provider', 'credentials', ...ENGINE_RUNTIME],
    'validation is pure: names, values and rules, no client, signer or transport',
  ),
  layer(
    ['src/signing/**/*.ts'],
    ['engine', 'apis', 'cli', 'constructs', 'emulator', 'provider', 'validation', 'model', 'credentials'],
    'signers are pure functions of their inputs',
  ),
  layer(
    ['src/engine/**/*.ts'],
    ['apis', 'signing', 'cli', 'constructs', 'emulator', 'provider', 'validation', 'credentials'],
    'the engine knows no vendor: it owns its interfaces and apis/ implements them',
  ),
  layer(
    ['src/apis/**/*.ts'],
    ['cli', 'constructs', 'emulator', 'provider', 'credentials', 'tasks'],
    'an API client knows the engine, the signers and the vocabulary only',
  ),
  layer(
    ['src/constructs/**/*.ts'],
    ['apis', 'signing', 'cli', 'emulator', 'provider/**', 'engine', 'credentials'],
    'synth loads no client, signer, transport or emulator: names and validation only',
  ),
  layer(
    ['src/emulator/**/*.ts'],
    ['apis', 'cli', 'constructs', 'provider', 'validation', 'credentials', ...ENGINE_RUNTIME],
    'the fake cloud shares nothing with the clients, or their bugs would cancel out',
  ),
  layer(
    ['src/credentials/**/*.ts'],
    ['cli', 'constructs', 'emulator', 'provider', 'tasks'],
    'the credential chains know the clients, signers and transport below them, never a surface or the fake cloud',
  ),
  layer(
    ['src/cli/**/*.ts'],
    ['constructs', 'provider'],
    'the CLI runs in synthesized stacks, without the constructs; the provider is its own program',
  ),
  layer(
    ['src/tasks/**/*.ts'],
    ['cli', 'constructs', 'emulator', 'provider'],
    'the task runner serves the CLI and the provider alike: it knows neither',
  ),
  layer(
    ['src/provider/**/*.ts'],
    ['cli', 'constructs', 'emulator'],
    'the provider runs inside Terraform: it speaks the task runner, engine and clients, never the CLI, the constructs or the fake cloud',
  ),
);
