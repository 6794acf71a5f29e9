// Bundles the CLI and the Terraform provider into self-contained CommonJS files, lib/taskgate.js and
// lib/terraform-provider-taskgate.js: the constructs ship them into synthesized stacks (the provider
// into the stack's plugin mirror), where they run with plain `node` and no node_modules.
//
// The provider is two bundles in one file: src/provider/main.ts and all it imports, carried as a
// string inside the small launcher (src/provider/launcher.ts), which compiles it through V8's code
// cache. Terraform starts the provider three times per plan; the cache spares the later starts most
// of the compile.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const at = (relative) => new URL(relative, import.meta.url).pathname;

const options = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  define: { TASKGATE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};
const SHEBANG = '#!/usr/bin/env node';

/**
 * Fails the build when a bundle leaves an import() for Node to resolve at run time: the provider's
 * bundle runs in a vm.Script, where import() throws "A dynamic import callback was not specified".
 */
function refuseDynamicImports(name, result) {
  for (const output of Object.values(result.metafile.outputs)) {
    const left = output.imports.filter((entry) => entry.kind === 'dynamic-import');
    if (left.length > 0) {
      throw new Error(
        `${name} keeps import() of ${left.map((entry) => entry.path).join(', ')}: load it with require()`,
      );
    }
  }
}

async function executable(outfile, buildOptions) {
  const result = await build({
    ...options,
    ...buildOptions,
    outfile,
    banner: { js: SHEBANG },
    metafile: true,
  });
  refuseDynamicImports(outfile, result);
  chmodSync(outfile, 0o755);
}

await executable(at('../lib/taskgate.js'), { entryPoints: [at('../src/cli/main.ts')] });

const provider = await build({
  ...options,
  entryPoints: [at('../src/provider/main.ts')],
  write: false,
  // grpc-js requires proto-loader only for its channelz admin service and ORCA load reports, which
  // the provider never serves: leaving it out halves the file Terraform's every start must load.
  external: ['@grpc/proto-loader'],
  metafile: true,
});
refuseDynamicImports('the provider', provider);
const source = provider.outputFiles[0].text;
await executable(at('../lib/terraform-provider-taskgate.js'), {
  entryPoints: [at('../src/provider/launcher.ts')],
  define: {
    ...options.define,
    PROVIDER_SOURCE: JSON.stringify(source),
    PROVIDER_SOURCE_ID: JSON.stringify(createHash('sha256').update(source).digest('hex').slice(0, 16)),
  },
});
