import { runWithCompileCache } from './compile-cache';

// Set by scripts/bundle.mjs: the provider's own bundle (main.ts and all it imports) and its hash.
declare const PROVIDER_SOURCE: string;
declare const PROVIDER_SOURCE_ID: string;
// Set by scripts/bundle.mjs: what the provider needs, and the way out, as the shell prelude says them.
declare const PROVIDER_NEEDS_NODE: string;
declare const PROVIDER_WAY_OUT: string;

/** The first major version of Node the provider's bundle runs on. */
const MINIMUM_NODE = 20;

/**
 * The file Terraform starts: runs the provider's bundle through V8's code cache, so the second and
 * third starts of one plan skip most of the compile (see compile-cache.ts).
 */
if (Number(process.versions.node.split('.')[0]) < MINIMUM_NODE) {
  // Terraform shows the first stdout line of a plugin that does not handshake, and none of its stderr.
  const line = `${PROVIDER_NEEDS_NODE}; the node on PATH is ${process.version}: ${PROVIDER_WAY_OUT}\n`;
  process.stdout.write(line);
  process.stderr.write(line);
  process.exitCode = 1;
} else {
  runWithCompileCache({ source: PROVIDER_SOURCE, sourceId: PROVIDER_SOURCE_ID, module, env: process.env });
}
