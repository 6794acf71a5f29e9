// `npm test`: the build, then every check and every test, in lanes overlapped on the machine's cores.
//
//   1. the build, then the example app's build (the tests run lib/ and examples/dist/);
//   2. at once, four lanes, each jest with its own workers (the projects of jest.config.js):
//        - unit: jest on the quick, integration and cdktn projects;
//        - terraform: jest on the suites that drive real terraform, which mostly wait on it;
//        - type-check, then lint;
//        - the flavours (jsii, npm tarballs, Python, other languages), then jest on the packaging
//          project, which reads them.
//
// Jest's output streams as it runs, each line marked with its lane; every other step prints its
// output when it fails. A failure anywhere fails the run, after every lane ended.
//
// `npm test -- <jest arguments>` builds, then runs jest with those arguments and nothing else.
// `npm run test:quick [-- <jest arguments>]` (`--quick`): the edit loop, the bundles then the quick
// project, with no type-check, terraform, pack or jsii.
import { spawn } from 'node:child_process';

/** Runs a command; `live` streams its output line by line marked with `name`, otherwise it is printed on failure. */
function step(name, command, args, { live = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const streams = [child.stdout, child.stderr].map((stream) => {
      let partial = '';
      stream.on('data', (chunk) => {
        if (!live) return void (output += chunk);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        for (const line of lines) process.stdout.write(`${name} | ${line}\n`);
      });
      return () => partial && process.stdout.write(`${name} | ${partial}\n`);
    });
    child.on('error', (error) => (output += `${error.message}\n`));
    child.on('close', (code, signal) => {
      for (const flush of streams) flush();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      if (!ok && output) process.stdout.write(`${output.trimEnd()}\n`);
      process.stdout.write(
        `${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)${ok ? '' : `: exit ${code ?? signal}`}\n`,
      );
      resolve(ok);
    });
  });
}

/** Runs steps one after another, all of them even after a failure; true when every one passed. */
async function lane(...steps) {
  let ok = true;
  for (const run of steps) ok = (await run()) && ok;
  return ok;
}

const JEST = new URL('../node_modules/jest/bin/jest.js', import.meta.url).pathname;
const npm = (name, script) => () => step(name, 'npm', ['run', '--silent', script]);
const node = (name, args) => () => step(name, process.execPath, args);
/** Jest on these projects with its own workers; its output streams, marked with the lane's name. */
const jest = (name, projects, workers) => () =>
  step(name, process.execPath, [JEST, '--selectProjects', ...projects, `--maxWorkers=${workers}`], {
    live: true,
  });
const done = (ok, started) => {
  const name = quick ? 'npm run test:quick' : 'npm test';
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  process.exit(ok ? 0 : 1);
};

const started = Date.now();
const quick = process.argv[2] === '--quick';
const extra = process.argv.slice(quick ? 3 : 2);

if (quick) {
  // The constructs ship the bundles, which esbuild makes from src/ in about a second.
  if (!(await node('bundle', ['scripts/bundle.mjs'])())) process.exit(1);
  const args = [JEST, '--selectProjects', 'quick', '--maxWorkers=2', ...extra];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  child.on('close', (code) => done(code === 0, started));
} else {
  // The example app compiles against lib/'s declarations, so it follows the build.
  if (!(await lane(npm('build', 'build'), npm('examples', 'build:examples')))) process.exit(1);
  if (extra.length > 0) {
    const child = spawn(process.execPath, [JEST, ...extra], { stdio: 'inherit' });
    child.on('close', (code) => done(code === 0, started));
  } else {
    const results = await Promise.all([
      lane(jest('unit', ['quick', 'integration', 'cdktn'], 2)),
      lane(jest('terraform', ['terraform'], 2)),
      lane(npm('typecheck', 'typecheck'), npm('lint', 'lint')),
      lane(node('flavours', ['scripts/flavours.mjs', 'all']), jest('packaging', ['packaging'], 1)),
    ]);
    done(results.every(Boolean), started);
  }
}
