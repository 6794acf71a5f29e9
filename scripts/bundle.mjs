// Bundles the CLI and the Terraform provider into self-contained CommonJS files, lib/taskgate.js and
// lib/terraform-provider-taskgate.js: the constructs ship them into synthesized stacks (the provider
// into the stack's plugin mirror), where they run with plain `node` and no node_modules.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const bundles = [
  { entry: '../src/cli/main.ts', outfile: '../lib/taskgate.js' },
  {
    entry: '../src/provider/main.ts',
    outfile: '../lib/terraform-provider-taskgate.js',
    // grpc-js requires proto-loader only for its channelz admin service and ORCA load reports, which
    // the provider never serves: leaving it out halves the file Terraform's every start must load.
    external: ['@grpc/proto-loader'],
  },
];

for (const bundle of bundles) {
  const outfile = new URL(bundle.outfile, import.meta.url).pathname;
  await build({
    entryPoints: [new URL(bundle.entry, import.meta.url).pathname],
    outfile,
    external: bundle.external ?? [],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    banner: { js: '#!/usr/bin/env node' },
    define: { TASKGATE_VERSION: JSON.stringify(version) },
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
}
