import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import { layersRule } from './eslint-layers.mjs';

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
  {
    // The layers, as allow-lists (eslint-layers.mjs); test/architecture/layers.test.ts probes each fence.
    files: ['src/**/*.ts'],
    plugins: { taskgate: { rules: { layers: layersRule } } },
    rules: { 'taskgate/layers': 'error' },
  },
);
