// The esbuild settings every bundle of this package shares: the node bundles (scripts/bundle.mjs)
// and the self-contained executable's entry (scripts/package-provider.mjs).
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  define: { TASKGATE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};

// grpc-js requires proto-loader only for its channelz admin service and ORCA load reports, which
// the provider never serves: leaving it out halves the file Terraform's every start must load.
export const PROVIDER_EXTERNALS = ['@grpc/proto-loader'];
