// Builds the two published flavours from this one source (CONTRACT sections 10 and 11):
// `cdktf-taskgate` for cdktf 0.21 apps and `cdktn-taskgate` for cdktn 0.24 apps.
//
//   node scripts/flavours.mjs pack     jsii-compiles both into build/flavours/NAME and packs
//                                      dist/NAME-VERSION.tgz (run `npm run build` first: the
//                                      CLI and provider bundles ship inside each package)
//   node scripts/flavours.mjs python   generates each flavour's Python package with jsii-pacmak
//                                      and builds its sdist and wheel into dist/python/
//   node scripts/flavours.mjs bindings generates the Java, Go and C# sources into build/bindings/
//   node scripts/flavours.mjs all      the three, as npm test runs them
//
// A flavour is the constructs' import closure (src/index.ts and what it imports: no client, CLI or
// provider code) copied into its own folder, with `cdktf` imports pointing at the flavour's core, and
// a package.json that names that core, and only it, as a peer. jsii compiles the folder, so the
// assembly (.jsii) describes exactly what TypeScript users import.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const BIN = path.join(ROOT, 'node_modules', '.bin');
const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** What differs between the flavours: the core, its constructs range, and the names in each language. */
export const FLAVOURS = {
  cdktf: {
    name: 'cdktf-taskgate',
    core: 'cdktf',
    coreRange: '^0.21.0',
    constructsRange: '^10.4.2',
    lowest: { cdktf: '0.21.0', constructs: '10.4.2' },
    python: { distName: 'cdktf-taskgate', module: 'cdktf_taskgate' },
    java: {
      package: 'io.github.cdktftaskgate',
      groupId: 'io.github.cdktf-taskgate',
      artifactId: 'cdktf-taskgate',
    },
    dotnet: { namespace: 'CdktfTaskgate', packageId: 'CdktfTaskgate' },
    go: { moduleName: 'github.com/cdktf-taskgate/cdktf-taskgate-go', packageName: 'cdktftaskgate' },
  },
  cdktn: {
    name: 'cdktn-taskgate',
    core: 'cdktn',
    coreRange: '^0.24.0',
    // cdktn's own peer range.
    constructsRange: '>=10.6.0 <10.8.0',
    lowest: { cdktn: '0.24.0', constructs: '10.6.0' },
    python: { distName: 'cdktn-taskgate', module: 'cdktn_taskgate' },
    java: {
      package: 'io.github.cdktntaskgate',
      groupId: 'io.github.cdktf-taskgate',
      artifactId: 'cdktn-taskgate',
    },
    dotnet: { namespace: 'CdktnTaskgate', packageId: 'CdktnTaskgate' },
    go: { moduleName: 'github.com/cdktf-taskgate/cdktn-taskgate-go', packageName: 'cdktntaskgate' },
  },
};

/** The bundles each package carries: the CLI and the provider, self-contained. */
const BUNDLES = ['taskgate.js', 'terraform-provider-taskgate.js'];

export const flavourDir = (flavour) => path.join(ROOT, 'build', 'flavours', FLAVOURS[flavour].name);
export const tarballPath = (flavour) =>
  path.join(ROOT, 'dist', `${FLAVOURS[flavour].name}-${root.version}.tgz`);

/**
 * Runs a build tool; resolves when it succeeded. Its output is passed through whole when it ends,
 * so that the steps that run side by side do not interleave their lines.
 */
function run(command, args, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (output.trim()) process.stderr.write(`${output.trimEnd()}\n`);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${path.basename(command)} ${args.join(' ')} failed in ${path.relative(ROOT, cwd) || '.'}`,
          ),
        );
    });
  });
}

/** The source files src/index.ts imports, directly or not: the constructs and the vocabulary below them. */
async function constructClosure() {
  const { metafile } = await build({
    entryPoints: [path.join(ROOT, 'src', 'index.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    packages: 'external',
    // Not the repository's tsconfig: its baseUrl would read `cdktf` as ./cdktf.json.
    tsconfigRaw: {},
    logLevel: 'error',
  });
  return Object.keys(metafile.inputs).filter((file) => file.startsWith('src/'));
}

/** The same imports, of the flavour's core: `cdktf` and `cdktf/lib/...` become `cdktn` and `cdktn/lib/...`. */
export function retarget(source, core) {
  return source.replace(/(from\s+|import\s*\(\s*|require\(\s*)(['"])cdktf(\/[^'"]*)?\2/g, `$1$2${core}$3$2`);
}

function manifest(flavour) {
  const f = FLAVOURS[flavour];
  return {
    name: f.name,
    version: root.version,
    description: root.description,
    license: root.license,
    author: root.author,
    repository: root.repository,
    homepage: root.homepage,
    keywords: [...root.keywords, f.core],
    main: 'lib/index.js',
    types: 'lib/index.d.ts',
    bin: root.bin,
    files: ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', 'README.md'],
    engines: root.engines,
    // The app's core and constructs, never the other core: the constructs run on the app's copy.
    peerDependencies: { [f.core]: f.coreRange, constructs: f.constructsRange },
    // jsii compiles against the lowest versions the peers allow (never installed by users).
    devDependencies: f.lowest,
    jsii: {
      outdir: 'dist',
      versionFormat: 'full',
      tsc: { outDir: 'lib', rootDir: 'src' },
      targets: {
        python: f.python,
        java: { package: f.java.package, maven: { groupId: f.java.groupId, artifactId: f.java.artifactId } },
        dotnet: f.dotnet,
        go: f.go,
      },
    },
  };
}

/** Stages, jsii-compiles and packs one flavour; returns the tarball's path. */
export async function packFlavour(flavour) {
  const f = FLAVOURS[flavour];
  const dir = flavourDir(flavour);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of await constructClosure()) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, retarget(fs.readFileSync(path.join(ROOT, file), 'utf8'), f.core));
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest(flavour), null, 2)}\n`);
  fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(dir, 'README.md'));
  // Warnings fail the build, but for the two documented reserved words (docs/constructs.md, "Other languages").
  await run(path.join(BIN, 'jsii'), ['--fail-on-warnings', '--silence-warnings', 'reserved-word'], dir);
  for (const bundle of BUNDLES) {
    const source = path.join(ROOT, 'lib', bundle);
    if (!fs.existsSync(source)) throw new Error(`lib/${bundle} is missing: run "npm run build" first.`);
    fs.copyFileSync(source, path.join(dir, 'lib', bundle));
    fs.chmodSync(path.join(dir, 'lib', bundle), 0o755);
  }
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  await run('npm', ['pack', '--silent', '--pack-destination', path.join(ROOT, 'dist')], dir);
  return tarballPath(flavour);
}

/** Where pacmak writes a flavour's generated Python project. */
export const pythonProjectDir = (flavour) =>
  path.join(ROOT, 'build', 'python', FLAVOURS[flavour].name, 'python');
export const PYTHON_DIST = path.join(ROOT, 'dist', 'python');

/**
 * A Python that can build an sdist and a wheel without downloading anything: setuptools and wheel
 * importable. pacmak's own build would create a virtualenv and install its pinned setuptools, build
 * and twine from PyPI; where PyPI is out of reach, Debian's python3-setuptools and python3-wheel do.
 */
function buildPython() {
  const candidates = [process.env.TASKGATE_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import setuptools, wheel'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    `none of ${candidates.join(', ')} has setuptools and wheel; install them (Debian: apt-get install ` +
      'python3-setuptools python3-wheel) or point TASKGATE_PYTHON at a Python that has them.',
  );
}

/** Generates a flavour's Python package from its assembly and builds its sdist and wheel. */
export async function pythonFlavour(flavour) {
  const dir = flavourDir(flavour);
  if (!fs.existsSync(path.join(dir, '.jsii')))
    throw new Error(`${FLAVOURS[flavour].name} has no assembly: run "npm run pack:all" first.`);
  const project = pythonProjectDir(flavour);
  fs.rmSync(path.dirname(project), { recursive: true, force: true });
  await run(
    path.join(BIN, 'jsii-pacmak'),
    [
      '--target',
      'python',
      '--code-only',
      '--no-npmignore',
      '--no-fingerprint',
      '--outdir',
      path.dirname(project),
    ],
    dir,
  );
  const python = buildPython();
  fs.mkdirSync(PYTHON_DIST, { recursive: true });
  // The generated code must at least compile: the jsii runtime that would import it is not installable here.
  await run(python, ['-m', 'compileall', '-q', 'src'], project);
  await run(
    python,
    ['setup.py', '-q', 'sdist', '--dist-dir', PYTHON_DIST, 'bdist_wheel', '--dist-dir', PYTHON_DIST],
    project,
    // setuptools warns that calling setup.py is deprecated (it is what needs no download) and that
    // pacmak's `bdist_wheel.universal` option is unknown to it (it means nothing for a py3-only wheel).
    { PYTHONWARNINGS: 'ignore' },
  );
}

/** Where the Java, Go and C# sources generated from the cdktf flavour's assembly go. */
export const BINDINGS_DIR = path.join(ROOT, 'build', 'bindings');

/**
 * Generates the Java, Go and C# sources of one flavour (the other has the same source): the test
 * reads how each language spells the props. Building them needs Maven Central, the Go proxy or NuGet.
 */
export async function otherLanguages(flavour = 'cdktf') {
  fs.rmSync(BINDINGS_DIR, { recursive: true, force: true });
  await run(
    path.join(BIN, 'jsii-pacmak'),
    [
      '-t',
      'java',
      '-t',
      'go',
      '-t',
      'dotnet',
      '--code-only',
      '--no-npmignore',
      '--no-fingerprint',
      '--outdir',
      BINDINGS_DIR,
    ],
    flavourDir(flavour),
  );
}

async function main(command) {
  if (command === 'pack') {
    // The two flavours build side by side: separate folders, one tarball each.
    const tarballs = await Promise.all(Object.keys(FLAVOURS).map(packFlavour));
    for (const tarball of tarballs) console.log(path.relative(ROOT, tarball));
    return;
  }
  if (command === 'python') {
    fs.rmSync(PYTHON_DIST, { recursive: true, force: true });
    await Promise.all(Object.keys(FLAVOURS).map(pythonFlavour));
    for (const file of fs.readdirSync(PYTHON_DIST).sort()) console.log(path.join('dist', 'python', file));
    return;
  }
  if (command === 'bindings') {
    await otherLanguages();
    return;
  }
  if (command === 'all') {
    await main('pack');
    await Promise.all([main('python'), main('bindings')]);
    return;
  }
  throw new Error(`usage: node scripts/flavours.mjs pack|python|bindings|all (not "${command ?? ''}")`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv[2]).catch((error) => {
    console.error(`flavours: ${error.message}`);
    process.exit(1);
  });
}
