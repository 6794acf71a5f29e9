import { runWithCompileCache } from './compile-cache';

// Set by scripts/bundle.mjs: the provider's own bundle (main.ts and all it imports) and its hash.
declare const PROVIDER_SOURCE: string;
declare const PROVIDER_SOURCE_ID: string;

/**
 * The file Terraform starts: runs the provider's bundle through V8's code cache, so the second and
 * third starts of one plan skip most of the compile (see compile-cache.ts).
 */
runWithCompileCache({ source: PROVIDER_SOURCE, sourceId: PROVIDER_SOURCE_ID, module, env: process.env });
