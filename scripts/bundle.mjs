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
import { chmodSync } from 'node:fs';
import { BUNDLE_OPTIONS, PROVIDER_EXTERNALS } from './esbuild-options.mjs';

const at = (relative) => new URL(relative, import.meta.url).pathname;

const options = BUNDLE_OPTIONS;
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

async function executable(outfile, buildOptions, banner = SHEBANG) {
  const result = await build({
    ...options,
    ...buildOptions,
    outfile,
    banner: { js: banner },
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
  external: PROVIDER_EXTERNALS,
  metafile: true,
});
refuseDynamicImports('the provider', provider);
const source = provider.outputFiles[0].text;
// Terraform shows a plugin's first stdout line when it is no handshake, and nothing of its stderr: so
// the provider starts as a shell script (line 2 is a string and a comment to JavaScript) that says on
// stdout what is missing when there is no node (with shell builtins only: PATH may hold nothing), and
// otherwise runs itself with node.
const NEEDS_NODE = 'terraform-provider-taskgate needs node (Node.js 20 or later) on PATH';
// No apostrophe: it goes into a single-quoted shell string.
const WAY_OUT =
  'install Node.js 20+, or use the self-contained provider, which needs no node ' +
  '(taskgate provider install --native, or the taskgate:nativeProvider setting of the constructs).';
const PROVIDER_PRELUDE = [
  '#!/bin/sh',
  `":" //; command -v node >/dev/null 2>&1 || { set -- '${NEEDS_NODE} and found none: ${WAY_OUT}'; echo "$1"; echo "$1" >&2; exit 1; }; exec node "$0" "$@"`,
].join('\n');
await executable(
  at('../lib/terraform-provider-taskgate.js'),
  {
    entryPoints: [at('../src/provider/launcher.ts')],
    // The launcher checks node's version before anything else, so it must parse on an old node too.
    target: 'node12',
    define: {
      ...options.define,
      PROVIDER_NEEDS_NODE: JSON.stringify(NEEDS_NODE),
      PROVIDER_WAY_OUT: JSON.stringify(WAY_OUT),
      PROVIDER_SOURCE: JSON.stringify(source),
      PROVIDER_SOURCE_ID: JSON.stringify(createHash('sha256').update(source).digest('hex').slice(0, 16)),
    },
  },
  PROVIDER_PRELUDE,
);
