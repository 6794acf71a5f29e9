// `npm test`: the build, then every check and every test, overlapped on the machine's two cores.
//
//   1. the build, then the example app's build (the tests run lib/ and examples/dist/);
//   2. at once, three lanes:
//        - jest on every suite that does not read the packed flavours;
//        - type-check, then lint;
//        - the flavours (jsii, npm tarballs, Python, other languages), then jest on the suites that
//          read them (test/e2e/flavours, test/packaging).
//
// The first jest prints as it runs; every other step prints its output when it ends. A failure
// anywhere fails the run, after every lane ended. `npm test -- <jest arguments>` builds, then runs
// jest with those arguments and nothing else.
import { spawn } from 'node:child_process';

/** The suites that read dist/ and build/, which the flavours step writes. */
const NEED_FLAVOURS = ['/test/e2e/flavours\\.test\\.ts$', '/test/packaging/'];

/** Runs a command; `live` passes its output through, otherwise it is printed when the step ends. */
function step(name, command, args, { live = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    if (!live) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => (output += `${error.message}\n`));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      if (!live && (!ok || name.startsWith('jest'))) process.stdout.write(`${output.trimEnd()}\n`);
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

const npm = (name, script) => () => step(name, 'npm', ['run', '--silent', script]);
const jest = (name, args, options) => () => step(name, process.execPath, [JEST, ...args], options);
const JEST = new URL('../node_modules/jest/bin/jest.js', import.meta.url).pathname;

const started = Date.now();
const extra = process.argv.slice(2);
// The example app compiles against lib/'s declarations, so it follows the build.
if (!(await lane(npm('build', 'build'), npm('examples', 'build:examples')))) process.exit(1);

const results = extra.length
  ? [await jest('jest', extra, { live: true })()]
  : await Promise.all([
      lane(jest('jest', ['--testPathIgnorePatterns', ...NEED_FLAVOURS], { live: true })),
      lane(npm('typecheck', 'typecheck'), npm('lint', 'lint')),
      lane(
        () => step('flavours', 'node', ['scripts/flavours.mjs', 'all']),
        jest('jest (flavours)', NEED_FLAVOURS),
      ),
    ]);
const ok = results.every(Boolean);
process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} npm test (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
process.exit(ok ? 0 : 1);
