// The steps of `npm test` between the build and jest, two at a time (the machines have two cores):
// type-check, lint, the example app's build, and the flavours (jsii, Python, other languages).
// Each step's output is printed when it ends; any failure fails the run, after every step ended.
import { spawn } from 'node:child_process';

const STEPS = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['flavours', 'node', ['scripts/flavours.mjs', 'all']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['examples', 'npm', ['run', '--silent', 'build:examples']],
];
const PARALLEL = 2;

function runStep([name, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)\n`);
      if (!ok) process.stdout.write(`${output.trimEnd()}\n${name}: exit ${code ?? signal}\n`);
      resolve(ok);
    });
  });
}

const queue = [...STEPS];
const results = await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    let ok = true;
    for (let step = queue.shift(); step; step = queue.shift()) ok = (await runStep(step)) && ok;
    return ok;
  }),
);
if (!results.every(Boolean)) process.exit(1);
