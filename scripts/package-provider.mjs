// `npm run package:provider`: the provider as one self-contained executable per platform (no node
// needed), in the layout a provider registry or network mirror serves (CONTRACT section 13):
//
//   dist/provider/terraform-provider-taskgate_VERSION_OS_ARCH.zip   (linux_amd64, linux_arm64,
//                                                                     darwin_amd64, darwin_arm64)
//   dist/provider/terraform-provider-taskgate_VERSION_SHA256SUMS
//   dist/provider/terraform-provider-taskgate_VERSION_manifest.json
//   dist/provider/alpine/...   the same for Alpine (musl libc): linux_amd64 and linux_arm64
//
// The executable is Bun's `build --compile` of src/native.ts (the provider, and the `taskgate` CLI
// when started under another name) with its bytecode compiled ahead, so a start skips the parse.
// Why Bun: its handshake measured 0.9x `node -e 0`, a Node single-executable application of the
// same bundle (with its code cache) 2.1x; and Node has no musl build and no macOS signer here.
// Bun comes from the npm registry only: the build host's from the pinned devDependency `bun`, each
// target's runtime from its `@oven/bun-*` package at the same version, fetched with `npm pack`,
// checked against package-lock.json's integrity and kept under .cache/ (git-ignored). The same
// sources give the same bytes: the zips carry no time, and Bun embeds only the file's name.
//
// Options: --platform OS_ARCH (repeatable; default all four), --no-alpine, --out DIR (default
// dist/provider), --npm DIR (also write the per-platform npm packages, packed, into DIR),
// --provider-only (the provider without the CLI: bench/native.mjs compares their start-up).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, PROVIDER_EXTERNALS } from './esbuild-options.mjs';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const require = (await import('node:module')).createRequire(import.meta.url);
const native = require('../lib/native-provider.js');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

/** Terraform's platform → Bun's compile target and the npm package of that target's runtime. */
const TARGETS = {
  linux_amd64: { target: 'bun-linux-x64', runtime: '@oven/bun-linux-x64' },
  linux_arm64: { target: 'bun-linux-arm64', runtime: '@oven/bun-linux-aarch64' },
  darwin_amd64: { target: 'bun-darwin-x64', runtime: '@oven/bun-darwin-x64' },
  darwin_arm64: { target: 'bun-darwin-arm64', runtime: '@oven/bun-darwin-aarch64' },
};
const ALPINE = {
  linux_amd64: { target: 'bun-linux-x64-musl', runtime: '@oven/bun-linux-x64-musl' },
  linux_arm64: { target: 'bun-linux-arm64-musl', runtime: '@oven/bun-linux-aarch64-musl' },
};

const { values } = parseArgs({
  options: {
    platform: { type: 'string', multiple: true },
    out: { type: 'string', default: path.join(root, 'dist/provider') },
    npm: { type: 'string' },
    'no-alpine': { type: 'boolean', default: false },
    'provider-only': { type: 'boolean', default: false },
  },
});
const platforms = values.platform ?? Object.keys(TARGETS);
for (const platform of platforms) {
  if (!TARGETS[platform]) {
    process.stderr.write(
      `package-provider: --platform ${platform} is not one of ${Object.keys(TARGETS).join(', ')}\n`,
    );
    process.exit(2);
  }
}
const out = path.resolve(values.out);
const work = path.join(root, 'build/native');
const cache = path.join(root, '.cache/bun');

/** The pinned Bun: package.json's exact devDependency, installed. */
function bunVersion() {
  const wanted = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.bun;
  if (!/^\d+\.\d+\.\d+$/.test(wanted ?? ''))
    throw new Error(`package.json must pin bun exactly, not "${wanted}"`);
  return wanted;
}
const BUN = bunVersion();

function runs(file) {
  try {
    return execFileSync(file, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The build host's Bun. npm installs its binary in the per-platform package `@oven/bun-linux-x64`
 * (bun/bin/bun.exe is a placeholder until bun's postinstall, which npm 11 does not run by default).
 */
function hostBun() {
  const arch = process.arch === 'x64' ? 'x64' : 'aarch64';
  const candidates = [
    path.join(root, `node_modules/@oven/bun-${process.platform}-${arch}/bin/bun`),
    path.join(root, `node_modules/@oven/bun-${process.platform}-${arch}-musl/bin/bun`),
    path.join(root, 'node_modules/bun/bin/bun.exe'),
  ];
  const found = candidates.find((file) => fs.existsSync(file) && runs(file) === BUN);
  if (!found) throw new Error(`bun ${BUN} is not installed in node_modules: run npm ci`);
  return found;
}

/** A target's Bun runtime: fetched once with `npm pack`, checked against the lock file, cached. */
function targetRuntime(runtime) {
  const entry = lock.packages?.[`node_modules/${runtime}`];
  if (entry?.version !== BUN || !entry.integrity) {
    throw new Error(`package-lock.json has no ${runtime}@${BUN}: run npm install`);
  }
  const dir = path.join(cache, BUN, runtime.replace('/', '+'));
  const binary = path.join(dir, 'package/bin/bun');
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(dir, { recursive: true });
  process.stderr.write(`fetching ${runtime}@${BUN} from the npm registry ...\n`);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', `${runtime}@${BUN}`, '--json', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = path.join(dir, packed.filename);
  const [algorithm, expected] = entry.integrity.split('-');
  const actual = createHash(algorithm).update(fs.readFileSync(tarball)).digest('base64');
  if (actual !== expected) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`${runtime}@${BUN} does not match package-lock.json's integrity`);
  }
  execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/bun']);
  fs.rmSync(tarball);
  return binary;
}

/** The entry bundled for Bun with the same settings as the node bundles (scripts/bundle.mjs). */
async function bundleEntry() {
  const outfile = path.join(work, values['provider-only'] ? 'provider-only.cjs' : 'taskgate-native.cjs');
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [path.join(root, values['provider-only'] ? 'src/provider/main.ts' : 'src/native.ts')],
    outfile,
    external: PROVIDER_EXTERNALS,
  });
  return outfile;
}

/** One executable: always compiled under the same name, which Bun embeds in it. */
function compile(bun, entry, platform, { target, runtime }, flavour) {
  const dir = path.join(work, flavour, platform);
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, native.executableName(version));
  const hostTarget = `bun-${process.platform}-${process.arch === 'x64' ? 'x64' : 'arm64'}`;
  const runtimePath = target === hostTarget ? bun : targetRuntime(runtime);
  const started = Date.now();
  execFileSync(
    bun,
    [
      'build',
      entry,
      '--compile',
      '--bytecode',
      '--format=cjs',
      `--target=${target}`,
      `--compile-executable-path=${runtimePath}`,
      ...PROVIDER_EXTERNALS.map((name) => `--external=${name}`),
      // An executable reads no .env or bunfig.toml from wherever Terraform happens to run it.
      '--no-compile-autoload-dotenv',
      '--no-compile-autoload-bunfig',
      `--outfile=${outfile}`,
    ],
    { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { outfile, seconds: (Date.now() - started) / 1000 };
}

/** The registry's files for a set of platforms: zips, SHA256SUMS, manifest. */
function writeRegistry(dir, built) {
  fs.mkdirSync(dir, { recursive: true });
  const sums = [];
  for (const { platform, outfile } of built) {
    const zip = native.zipOne(native.executableName(version), fs.readFileSync(outfile));
    const name = native.archiveName(version, platform);
    fs.writeFileSync(path.join(dir, name), zip);
    sums.push(`${createHash('sha256').update(zip).digest('hex')}  ${name}\n`);
  }
  fs.writeFileSync(path.join(dir, `terraform-provider-taskgate_${version}_SHA256SUMS`), sums.sort().join(''));
  fs.writeFileSync(
    path.join(dir, `terraform-provider-taskgate_${version}_manifest.json`),
    `${JSON.stringify({ version: 1, metadata: { protocol_versions: ['6.0'] } })}\n`,
  );
}

/** One npm package per build, holding that build's zip (the registry's very file). */
function writeNpmPackage(destination, build, zipFile) {
  const platform = native.terraformPlatform(build);
  const name = native.nativePackageName(build);
  const dir = path.join(work, 'npm', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const main = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name,
        version,
        description: `The taskgate Terraform provider as a self-contained executable for ${platform}${build === platform ? '' : ' on musl libc (Alpine)'} (no node needed), for cdktf-taskgate and cdktn-taskgate.`,
        license: main.license,
        repository: main.repository,
        files: [native.archiveName(version, platform)],
      },
      null,
      2,
    )}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'README.md'),
    `# ${name}\n\nThe taskgate Terraform provider ${version} for ${platform}, as the zip a provider registry serves.\n` +
      `Used by \`taskgate provider install --native\` and by stacks synthesized with the context\n` +
      `\`taskgate:nativeProvider\` (see the cdktf-taskgate README).\n`,
  );
  fs.copyFileSync(zipFile, path.join(dir, native.archiveName(version, platform)));
  fs.mkdirSync(destination, { recursive: true });
  execFileSync('npm', ['pack', '--pack-destination', path.resolve(destination)], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const bun = hostBun();
fs.mkdirSync(work, { recursive: true });
const entry = await bundleEntry();
const report = [];
const flavours = [['', TARGETS, out, platforms]];
if (!values['no-alpine']) {
  flavours.push(['alpine', ALPINE, path.join(out, 'alpine'), platforms.filter((p) => ALPINE[p])]);
}
for (const [flavour, targets, dir, wanted] of flavours) {
  if (wanted.length === 0) continue;
  const built = wanted.map((platform) => ({
    platform,
    ...compile(
      bun,
      entry,
      platform,
      targets[platform],
      values['provider-only'] ? 'provider-only' : flavour || 'glibc',
    ),
  }));
  writeRegistry(dir, built);
  for (const { platform, outfile, seconds } of built) {
    const zip = path.join(dir, native.archiveName(version, platform));
    report.push(
      `${(flavour ? `${flavour}/` : '') + platform}: executable ${(fs.statSync(outfile).size / 1e6).toFixed(1)} MB, ` +
        `zip ${(fs.statSync(zip).size / 1e6).toFixed(1)} MB, built in ${seconds.toFixed(1)} s`,
    );
    if (values.npm) writeNpmPackage(values.npm, flavour ? `${platform}_musl` : platform, zip);
  }
}
process.stdout.write(`${report.join('\n')}\nwritten to ${path.relative(root, out) || out}\n`);
