import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import { InvalidInputError } from '../../src/core/errors';
import { LABELLERS } from '../../src/core/options';
import { validateProviderConfig } from '../../src/provider/query';
import { shownEndpoint, validateQuery } from '../../src/validation';
import { RunningEmulator } from '../../src/emulator';
import { CLI, cliProcess, inProcess as runInProcess } from '../support/cli';
import { childEnv, testEmulator } from '../support/emulator';
import { ProcessResult } from '../support/terraform';

let emulator: RunningEmulator;

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error('lib/taskgate.js is missing: run "npm run build" (npm test does)');
  emulator = await testEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

/** Runs the CLI in this process, against the emulator. */
function inProcess(argv: string[], env: Record<string, string | undefined> = {}) {
  return runInProcess(argv, { TASKGATE_ENDPOINT: emulator.url, ...env });
}

function cli(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string } = {},
): Promise<ProcessResult> {
  return cliProcess(args, { ...options, env: { TASKGATE_ENDPOINT: emulator.url, ...options.env } });
}

/** The single stderr line of a failed run; fails when there is more than one. */
function onlyLine(result: { stderr: string }): string {
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return lines[0];
}

function seed(spec: Record<string, unknown> = {}) {
  emulator.load({
    tasks: [
      { api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-1', start: '-1h', ...spec },
    ],
  });
}

describe('options: one clear line for each mistake', () => {
  const CASES: [string, string[], Record<string, string>, RegExp][] = [
    [
      'an unknown option names the nearest one',
      ['wait', '--api', 'tencent-redis', '--timeot', '3s'],
      {},
      /^taskgate: unknown option --timeot \(did you mean --timeout\?\)/,
    ],
    [
      'an unknown short option',
      ['list', '--api', 'tencent-redis', '-x'],
      {},
      /^taskgate: unknown option -x; see "taskgate --help"/,
    ],
    [
      'an unknown command names the nearest one',
      ['wiat'],
      {},
      /^taskgate: unknown command "wiat" \(did you mean wait\?\)/,
    ],
    [
      'an option given twice',
      ['wait', '--api', 'tencent-redis', '--timeout', '3s', '--timeout', '4s'],
      {},
      /^taskgate: --timeout is given twice; give it once\.$/,
    ],
    [
      'an option given twice, once with =',
      ['list', '--api=tencent-redis', '--api', 'tencent-cdb'],
      {},
      /^taskgate: --api is given twice/,
    ],
    [
      'a negative duration is named, not "ambiguous"',
      ['wait', '--api', 'tencent-redis', '--timeout', '-5s'],
      {},
      /^taskgate: --timeout must be a positive duration such as 90s or 10m, not "-5s"\.$/,
    ],
    [
      'an empty value',
      ['list', '--api', 'tencent-redis', '--instance-id', ''],
      {},
      /^taskgate: --instance-id is empty; give it a value or leave it out\.$/,
    ],
    [
      'an empty value with =',
      ['list', '--api', 'tencent-redis', '--instance-id='],
      {},
      /^taskgate: --instance-id is empty/,
    ],
    [
      'a missing value',
      ['list', '--api', 'tencent-redis', '--instance-id', '--status', 'running'],
      {},
      /^taskgate: --instance-id needs a value/,
    ],
    [
      'a switch with a value',
      ['list', '--api', 'tencent-redis', '--quiet=yes'],
      {},
      /^taskgate: --quiet takes no value/,
    ],
    [
      'a poll interval a timer cannot hold',
      ['wait', '--api', 'tencent-redis', '--poll-interval', '600h'],
      {},
      /^taskgate: --poll-interval must be at most 24h, not "600h"\.$/,
    ],
    [
      'a request timeout a timer cannot hold',
      ['wait', '--api', 'tencent-redis', '--request-timeout', '600h'],
      {},
      /^taskgate: --request-timeout must be at most 1h, not "600h"\.$/,
    ],
    [
      'a timeout beyond the limit',
      ['wait', '--api', 'tencent-redis', '--timeout', '99999999999999999999h'],
      {},
      /^taskgate: --timeout must be at most 720h/,
    ],
    [
      'an unknown TASKGATE_ variable names the nearest one',
      ['wait', '--api', 'tencent-redis'],
      { TASKGATE_TASK_TYP: 'X' },
      /^taskgate: TASKGATE_TASK_TYP is not a taskgate variable \(did you mean TASKGATE_TASK_TYPE\?\)/,
    ],
    [
      'a bad value from a variable names the variable',
      ['wait', '--api', 'tencent-redis'],
      { TASKGATE_TIMEOUT: 'abc' },
      /^taskgate: TASKGATE_TIMEOUT: "abc" is not a duration/,
    ],
    [
      'a bad status from a variable names the variable',
      ['list', '--api', 'tencent-redis'],
      { TASKGATE_STATUS: 'done' },
      /^taskgate: TASKGATE_STATUS must be one of/,
    ],
    [
      'the old and the new name with different values',
      ['list', '--api', 'tencent-redis'],
      { TASKGATE_TASK_TYPE: 'A', TASKGATE_TASK_TYPES: 'B' },
      /^taskgate: TASKGATE_TASK_TYPE and TASKGATE_TASK_TYPES are both set, to different values; set one\.$/,
    ],
    [
      'a bad TASKGATE_OUTPUT',
      ['wait', '--api', 'tencent-redis'],
      { TASKGATE_OUTPUT: 'table' },
      /^taskgate: TASKGATE_OUTPUT must be json or none for "wait", not "table"\.$/,
    ],
    [
      'a bad TASKGATE_QUIET',
      ['list', '--api', 'tencent-redis'],
      { TASKGATE_QUIET: 'maybe' },
      /^taskgate: TASKGATE_QUIET must be 1, true, 0 or false/,
    ],
    [
      'a Huawei region that is not a region',
      ['list', '--api', 'huawei-rds', '--region', 'evil.example/'],
      {},
      /^taskgate: --region "evil\.example\/" is not a region name such as cn-north-4\.$/,
    ],
    [
      'a region with a control character, from its variable',
      ['list', '--api', 'tencent-cdb'],
      { TENCENTCLOUD_REGION: 'ap-guangzhou\r\nX-Evil: 1' },
      /^taskgate: TENCENTCLOUD_REGION "ap-guangzhou\\r\\nX-Evil: 1" is not a region name/,
    ],
    [
      'a project id that would change the path',
      ['list', '--api', 'huawei-rds', '--project-id', '../admin'],
      {},
      /^taskgate: --project-id "\.\.\/admin" is not a project id/,
    ],
    [
      'a control character in a credential names the variable, never the value',
      ['list', '--api', 'tencent-redis'],
      { TENCENTCLOUD_SECURITY_TOKEN: 'tok\nen-SECRETVALUE' },
      /^taskgate: TENCENTCLOUD_SECURITY_TOKEN holds characters that no key or token contains/,
    ],
    [
      'a time whose offset no zone has',
      ['list', '--api', 'tencent-redis', '--started-after', '2017-02-08T16:46:34+99:00'],
      {},
      /^taskgate: --started-after: "2017-02-08T16:46:34\+99:00" is not a time/,
    ],
    [
      'a negative CDB task type',
      ['list', '--api', 'tencent-cdb', '--task-type', '-1'],
      {},
      /^taskgate: --task-type "-1" is not a tencent-cdb task type/,
    ],
    [
      'a CDB task type beyond an integer',
      ['list', '--api', 'tencent-cdb', '--task-type', '99999999999999999999'],
      {},
      /^taskgate: --task-type "99999999999999999999" is not a tencent-cdb task type/,
    ],
    [
      'a non-ASCII Huawei key',
      ['list', '--api', 'huawei-rds'],
      { HW_ACCESS_KEY: 'ключ' },
      /^taskgate: HW_ACCESS_KEY holds characters/,
    ],
  ];

  it.each(CASES)('%s: exit 2, one line, no request', async (_name, argv, env, expected) => {
    const result = await inProcess(argv, env);
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toMatch(expected);
    expect(result.stderr).not.toContain('SECRETVALUE');
    expect(result.stderr).not.toContain('ключ');
    expect(emulator.requests()).toHaveLength(0);
  });

  it('TASKGATE_TASK_TYPE and TASKGATE_STATUS filter like their flags; the old plural names still work', async () => {
    emulator.load({
      tasks: [
        { api: 'tencent-redis', type: 'FLOW_BACKUPINSTANCE', instanceId: 'crs-1', start: '-1h' },
        { api: 'tencent-redis', type: 'FLOW_CLOSE', instanceId: 'crs-1', start: '-2h' },
      ],
    });
    for (const env of [
      { TASKGATE_TASK_TYPE: 'FLOW_CLOSE' },
      { TASKGATE_TASK_TYPES: '003' },
      { TASKGATE_TASK_TYPE: 'FLOW_CLOSE', TASKGATE_STATUS: 'succeeded' },
    ]) {
      const result = await inProcess(['list', '--api', 'tencent-redis'], env);
      expect(result.code).toBe(0);
      const body = JSON.parse(result.stdout);
      expect(body.total).toBe(1);
      expect(body.tasks[0].type_name).toBe('FLOW_CLOSE');
    }
  });

  it('a flag wins over its variable', async () => {
    seed();
    const result = await inProcess(['list', '--api', 'tencent-redis', '--instance-id', 'crs-1'], {
      TASKGATE_INSTANCE_ID: 'crs-other',
    });
    expect(JSON.parse(result.stdout).total).toBe(1);
  });

  it('switches may be grouped', async () => {
    const result = await inProcess(['-qh']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage:');
  });

  it('taskgate help and taskgate help COMMAND print the help', async () => {
    const top = await inProcess(['help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('taskgate wait');
    const wait = await inProcess(['help', 'wait']);
    expect(wait.code).toBe(0);
    expect(wait.stdout).toMatch(/^Usage: taskgate wait/);
    const unknown = await inProcess(['help', 'wiat']);
    expect(unknown.code).toBe(2);
    expect(onlyLine(unknown)).toMatch(/did you mean wait/);
  });

  it('--output none prints no result: only the exit code and stderr tell', async () => {
    seed({ runningFor: '1s', outcome: 'failed' });
    const result = await inProcess(['check', '--api', 'tencent-redis', '--output', 'none']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(onlyLine(result)).toMatch(/^taskgate: task \d+ \(FLOW_BACKUPINSTANCE on crs-1\): failed/);
  });
});

describe('the process around the result', () => {
  it('a result that cannot be written exits non-zero with one line', async () => {
    if (!fs.existsSync('/dev/full')) return;
    seed();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const out = fs.openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [CLI, 'list', '--api', 'tencent-redis'], {
        env: childEnv({ TASKGATE_ENDPOINT: emulator.url }),
        stdio: ['ignore', out, 'pipe'],
      });
      fs.closeSync(out);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(4);
    expect(onlyLine(result)).toBe('taskgate: could not write the result to stdout (ENOSPC).');
  });

  it('external refuses a query larger than 64 KiB without reading it all', async () => {
    const result = await cli(['external'], { input: JSON.stringify({ api: 'x'.repeat(200_000) }) });
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toMatch(/^taskgate: the query on stdin is larger than 64 KiB/);
  });

  it('an unknown external query key names the nearest one', async () => {
    const result = await cli(['external'], {
      input: JSON.stringify({ api: 'tencent-redis', instance_ld: 'x' }),
    });
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toMatch(
      /^taskgate: unknown query key "instance_ld" \(did you mean instance_id\?\)/,
    );
  });
});

/** A loopback server the test scripts by hand, for answers the emulator does not give. */
async function withServer(
  handler: http.RequestListener,
  body: (url: string, served: () => number) => Promise<void>,
): Promise<void> {
  let served = 0;
  const server = http.createServer((request, response) => {
    served++;
    handler(request, response);
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as { port: number }).port}`, () => served);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('redirects', () => {
  it('are reported once, clearly, and not followed or retried', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(301, { location: 'https://elsewhere.example/next?token=abc' });
        response.end();
      },
      async (url, served) => {
        const result = await cli(['list', '--api', 'tencent-redis'], { env: { TASKGATE_ENDPOINT: url } });
        expect(result.code).toBe(4);
        expect(onlyLine(result)).toMatch(
          /^taskgate: POST 127\.0\.0\.1:\d+ answered with a redirect \(HTTP 301\) to "https:\/\/elsewhere\.example\/next"; taskgate does not follow redirects/,
        );
        expect(result.stderr).not.toContain('token=abc');
        expect(served()).toBe(1);
      },
    );
  });
});

describe('--timeout is a hard deadline, whatever the server does', () => {
  /** Runs a wait with a 2 s deadline and returns how long after its start it ended. */
  async function timed(env: Record<string, string>) {
    const started = Date.now();
    const result = await cli(
      [
        'wait',
        '--api',
        'tencent-redis',
        '--timeout',
        '2s',
        '--poll-interval',
        '200ms',
        '--request-timeout',
        '10m',
      ],
      {
        env,
      },
    );
    return { result, ms: Date.now() - started };
  }

  // A minute, room for starting Node on any busy machine; a wait that ignored the deadline would be
  // held for minutes (a 10 minute request timeout and delay, five honoured 30 s Retry-Afters).
  const LATEST_MS = 60_000;

  it('a request that hangs is abandoned at the deadline', async () => {
    seed({ runningFor: '1h', start: '-1s' });
    emulator.load({ faults: [{ kind: 'delay', ms: '10m', count: 5 }] });
    const { result, ms } = await timed({});
    expect(result.code).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(2000);
    expect(ms).toBeLessThan(LATEST_MS);
    expect(onlyLine(result)).toMatch(
      /^taskgate: timed out after 2s waiting for succeeded: no poll was answered \(the deadline passed while a request was still unanswered\); raise --timeout/,
    );
  });

  it('a body that trickles in is abandoned at the deadline', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => response.write(' '), 100);
        response.on('close', () => clearInterval(timer));
      },
      async (url) => {
        const { result, ms } = await timed({ TASKGATE_ENDPOINT: url });
        expect(result.code).toBe(3);
        expect(ms).toBeLessThan(LATEST_MS);
        expect(onlyLine(result)).toMatch(/^taskgate: timed out after 2s/);
      },
    );
  });

  it('a server that keeps throttling with a long Retry-After', async () => {
    seed({ runningFor: '1h' });
    emulator.load({ faults: [{ kind: 'throttle', count: 10, retryAfter: 3600 }] });
    const { result, ms } = await timed({});
    expect(result.code).toBe(3);
    expect(ms).toBeGreaterThanOrEqual(2000);
    expect(ms).toBeLessThan(LATEST_MS);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^taskgate: timed out after 2s waiting for succeeded: no poll was answered \(the deadline passed while the API kept failing/,
    );
  });
});

describe('years 0000-0099 are those years, not 1900-1999', () => {
  it('--started-after and --started-before reach every API as the years given', async () => {
    const times = ['--started-after', '0050-01-01T00:00:00Z', '--started-before', '0099-06-01 00:00:00'];
    for (const api of ['tencent-redis', 'tencent-redis-v2', 'tencent-cdb', 'huawei-rds']) {
      const result = await cli(['list', '--api', api, ...times]);
      expect({ api, code: result.code, stderr: result.stderr }).toEqual({ api, code: 0, stderr: '' });
    }
    const params = emulator.requests().map((entry) => entry.params);
    // Tencent reads its times at UTC+08:00.
    // Redis 3.0 and Huawei filter times on our side (their documented meanings are not certain).
    expect(params[0]).not.toHaveProperty('BeginTime');
    expect(params[1]).toMatchObject({ beginTime: '0050-01-01 08:00:00', endTime: '0099-06-01 00:00:00' });
    expect(params[2]).toMatchObject({
      StartTimeBegin: '0050-01-01 08:00:00',
      StartTimeEnd: '0099-06-01 00:00:00',
    });
    expect(params[3]).not.toHaveProperty('start_time');
  });

  it("a server's 0099 time is printed as 0099", async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            Response: {
              RequestId: 'r-1',
              TotalCount: 1,
              Tasks: [
                {
                  TaskId: 7,
                  TaskType: '037',
                  InstanceId: 'crs-1',
                  InstanceName: 'n',
                  Progress: 1,
                  Result: 2,
                  StartTime: '0099-06-01 00:00:00',
                  EndTime: '0100-01-01 00:00:05',
                },
              ],
            },
          }),
        );
      },
      async (url) => {
        const result = await cli(['list', '--api', 'tencent-redis'], { env: { TASKGATE_ENDPOINT: url } });
        expect(result.code).toBe(0);
        const [task] = JSON.parse(result.stdout).tasks;
        expect(task.started_at).toBe('0099-06-01T00:00:00+08:00');
        expect(task.ended_at).toBe('0100-01-01T00:00:05+08:00');
      },
    );
  });

  it('a time that an offset pushes out of four-digit years is refused with one line', async () => {
    const result = await cli([
      'list',
      '--api',
      'tencent-redis',
      '--started-after',
      '0000-01-01T00:00:00+09:00',
    ]);
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toBe(
      'taskgate: --started-after: "0000-01-01T00:00:00+09:00" falls outside the years 0000-9999 in the API\'s zone (UTC+08:00).',
    );
    expect(emulator.requests()).toHaveLength(0);
  });
});

describe('an empty value in a list never reads as no filter', () => {
  const LIST = /holds an empty value \("[^"]*"\); give values separated by commas, or leave it out\.$/;
  const CASES: [string, string[], Record<string, string>, string | undefined, string][] = [
    ['--task-type " , "', ['--task-type', ' , '], {}, undefined, '--task-type'],
    ['--status ,', ['--status', ','], {}, undefined, '--status'],
    ['a trailing comma', ['--status', 'running,'], {}, undefined, '--status'],
    [
      'one empty flag among others',
      ['--task-type', 'FLOW_RESTART', '--task-type', ','],
      {},
      undefined,
      '--task-type',
    ],
    ['TASKGATE_TASK_TYPE=,', [], { TASKGATE_TASK_TYPE: ',' }, undefined, 'TASKGATE_TASK_TYPE'],
    ['TASKGATE_STATUS=" , "', [], { TASKGATE_STATUS: ' , ' }, undefined, 'TASKGATE_STATUS'],
    ['the old TASKGATE_TASK_TYPES=,', [], { TASKGATE_TASK_TYPES: ',' }, undefined, 'TASKGATE_TASK_TYPES'],
    ['the old TASKGATE_STATUSES=,,', [], { TASKGATE_STATUSES: ',,' }, undefined, 'TASKGATE_STATUSES'],
    [
      'query key task_types " , "',
      [],
      {},
      JSON.stringify({ api: 'tencent-redis', task_types: ' , ' }),
      'query key "task_types"',
    ],
    [
      'query key statuses ","',
      [],
      {},
      JSON.stringify({ api: 'tencent-redis', statuses: ',' }),
      'query key "statuses"',
    ],
  ];

  it.each(CASES)('%s: exit 2, one line naming it, no request', async (_name, flags, env, query, what) => {
    seed();
    const result =
      query === undefined
        ? await cli(['list', '--api', 'tencent-redis', ...flags], { env })
        : await cli(['external'], { input: query });
    expect(result.code).toBe(2);
    const line = onlyLine(result);
    expect(line.startsWith(`taskgate: ${what} holds an empty value`)).toBe(true);
    expect(line).toMatch(LIST);
    expect(result.stdout).toBe('');
    expect(emulator.requests()).toHaveLength(0);
  });

  it('an empty string is still unset, in a variable and in the external query', async () => {
    seed();
    const variable = await cli(['list', '--api', 'tencent-redis'], { env: { TASKGATE_TASK_TYPE: ' ' } });
    expect(variable.code).toBe(0);
    expect(JSON.parse(variable.stdout).total).toBe(1);
    const external = await cli(['external'], {
      input: JSON.stringify({ api: 'tencent-redis', command: 'list', task_types: '', statuses: '' }),
    });
    expect(external.code).toBe(0);
    expect(JSON.parse(external.stdout).count).toBe('1');
  });

  it('--platform " , " for provider install', async () => {
    const result = await cli(['provider', 'install', '--dir', os.tmpdir(), '--platform', ' , ']);
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toMatch(/^taskgate: --platform holds an empty value \(" , "\)/);
  });

  it('the shared validation refuses an empty list value from a construct prop or a provider attribute', () => {
    for (const [surface, name] of [
      ['prop', 'taskTypes'],
      ['attribute', 'task_types'],
    ] as const) {
      expect(() =>
        validateQuery({ api: 'tencent-redis', task_types: ['FLOW_RESTART', ' '] }, LABELLERS[surface], {
          partial: true,
        }),
      ).toThrow(new InvalidInputError(`${name} holds an empty value; give each value, or leave it out.`));
    }
    expect(() =>
      validateQuery({ api: 'tencent-redis', statuses: [''] }, LABELLERS.attribute, { partial: true }),
    ).toThrow(/^statuses holds an empty value/);
  });
});

describe('an endpoint never shows its user or password', () => {
  const PASSWORD = 'Pw-SECRET-9931';
  const ENDPOINTS: [string, string, RegExp][] = [
    [
      'a URL that does not parse',
      `http://ci:${PASSWORD}@[proxy`,
      /is not a URL; use e\.g\. https:\/\/host or http:\/\/127\.0\.0\.1:PORT\.$/,
    ],
    ['a password with a slash', `http://ci:a/${PASSWORD}@[proxy`, /is not a URL/],
    [
      'a URL that parses',
      `https://ci:${PASSWORD}@proxy.example`,
      /holds a user or password before its host; remove it/,
    ],
    [
      'a user alone, on loopback',
      `http://${PASSWORD}@127.0.0.1:1`,
      /holds a user or password before its host/,
    ],
  ];
  const SURFACES: [string, (endpoint: string) => Promise<ProcessResult>, string][] = [
    [
      '--endpoint',
      (endpoint) => cli(['list', '--api', 'tencent-redis', '--endpoint', endpoint]),
      '--endpoint',
    ],
    [
      'TASKGATE_ENDPOINT',
      (endpoint) => cli(['list', '--api', 'tencent-redis'], { env: { TASKGATE_ENDPOINT: endpoint } }),
      'TASKGATE_ENDPOINT',
    ],
    [
      'the external query',
      (endpoint) => cli(['external'], { input: JSON.stringify({ api: 'tencent-redis', endpoint }) }),
      'query key "endpoint"',
    ],
  ];
  const CASES = SURFACES.flatMap(([surface, run, what]) =>
    ENDPOINTS.map(([name, endpoint, says]) => [`${surface}: ${name}`, run, what, endpoint, says] as const),
  );

  it.each(CASES)('%s: exit 2, one line, no password', async (_name, run, what, endpoint, says) => {
    const result = await run(endpoint);
    expect(result.code).toBe(2);
    const line = onlyLine(result);
    expect(line.startsWith(`taskgate: ${what} `)).toBe(true);
    expect(line).toMatch(says);
    expect(`${result.stdout}${result.stderr}`).not.toContain(PASSWORD);
    expect(result.stderr).not.toContain('ci:');
    expect(emulator.requests()).toHaveLength(0);
  });

  it('an unparsable endpoint is still named, without its user:password@', async () => {
    const result = await cli([
      'list',
      '--api',
      'tencent-redis',
      '--endpoint',
      `http://ci:${PASSWORD}@[proxy`,
    ]);
    expect(onlyLine(result)).toBe(
      'taskgate: --endpoint "http://[proxy" is not a URL; use e.g. https://host or http://127.0.0.1:PORT.',
    );
  });

  it('a URL pasted as an argument loses its password too', async () => {
    const result = await cli(['list', `https://ci:${PASSWORD}@proxy.example/x`]);
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toMatch(/^taskgate: unexpected argument "https:\/\/proxy\.example\/x"/);
  });

  it("the provider's endpoint: the shared validation's diagnostic holds no password", () => {
    for (const endpoint of ENDPOINTS.map(([, value]) => value)) {
      const diagnostics = validateProviderConfig({ endpoint });
      expect(diagnostics).toHaveLength(1);
      expect(JSON.stringify(diagnostics)).not.toContain(PASSWORD);
      expect(() =>
        validateQuery({ api: 'tencent-redis', endpoint }, LABELLERS.attribute, { partial: true }),
      ).toThrow(/^endpoint (holds a user or password|"http:\/\/\[proxy" is not a URL)/);
    }
    expect(shownEndpoint(`https://ci:${PASSWORD}@host:1/p@th`)).toBe('"https://th"');
    expect(shownEndpoint('https://host:1/x')).toBe('"https://host:1/x"');
    expect(shownEndpoint('http://[proxy/?token=abc#t')).toBe('"http://[proxy/"');
  });
});

describe('an endpoint with a path', () => {
  it('is refused with one line naming the base URL to give, before any request', async () => {
    for (const [args, env, what] of [
      [['--endpoint', `${emulator.url}/prefix/`], {}, '--endpoint'],
      [[], { TASKGATE_ENDPOINT: `${emulator.url}/tencent` }, 'TASKGATE_ENDPOINT'],
    ] as const) {
      const result = await cli(['list', '--api', 'tencent-redis', ...args], { env });
      expect(result.code).toBe(2);
      const path = (env as { TASKGATE_ENDPOINT?: string }).TASKGATE_ENDPOINT ? '/tencent' : '/prefix/';
      expect(onlyLine(result)).toBe(
        `taskgate: ${what} "${emulator.url}${path}" has a path; give the base URL only (${emulator.url}): each API is called at its own path, which its signature covers.`,
      );
    }
    expect(emulator.requests()).toHaveLength(0);
  });

  it('TASKGATE_METADATA_ENDPOINT with a path is refused too', async () => {
    const result = await cli(['list', '--api', 'tencent-redis'], {
      env: { TASKGATE_METADATA_ENDPOINT: 'http://127.0.0.1:1/metadata' },
    });
    expect(result.code).toBe(2);
    expect(onlyLine(result)).toMatch(
      /^taskgate: TASKGATE_METADATA_ENDPOINT must be a plain http:\/\/ base URL on a loopback host/,
    );
    expect(emulator.requests()).toHaveLength(0);
  });

  it('a trailing slash alone is no path', async () => {
    seed();
    const result = await cli(['list', '--api', 'tencent-redis', '--endpoint', `${emulator.url}/`]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(1);
  });
});
