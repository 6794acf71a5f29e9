import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROUTERS, Router, RunningEmulator, startEmulator } from '../../src/emulator';
import { ApiName } from '../../src/core/model';

const SRC = resolve(__dirname, '../../src');
const EMULATOR = join(SRC, 'emulator');

describe('the emulator core knows no vendor', () => {
  // The formats users write (scenarios and their tasks) name the clouds and CDB's task options;
  // every other module at the top of src/emulator is the core. Vendor detail lives in routers/.
  const FORMATS = ['scenario.ts', 'task.ts'];
  const core = readdirSync(EMULATOR).filter((name) => name.endsWith('.ts') && !FORMATS.includes(name));
  const VENDOR_WORDS: readonly [string, RegExp][] = [
    ['a cloud', /tencent|huawei/i],
    ['a product', /\bcdb|redis|\brds\b/i],
    ['a Tencent envelope or field', /\bResponse\b|TaskId|RequestId/],
    ['a v2 field', /codeDesc/],
    ['a Huawei field', /error_code|error_msg/],
    ['an error code', /AuthFailure|APIGW|InvalidParameter|LimitExceeded/],
    ['a signature scheme', /TC3|X-TC-|SDK-HMAC/i],
    ['an id format', /crs-|cdb-/],
  ];

  it('checks the modules the core is made of', () => {
    expect(core).toEqual(
      expect.arrayContaining([
        'clock.ts',
        'control.ts',
        'fault-pipeline.ts',
        'faults.ts',
        'http.ts',
        'lifecycle.ts',
        'log.ts',
        'server.ts',
        'state.ts',
        'store.ts',
      ]),
    );
  });

  it.each(core)('%s names no API, field, error code or id format', (file) => {
    const text = readFileSync(join(EMULATOR, file), 'utf8');
    const found = VENDOR_WORDS.map(([what, pattern]) => [what, pattern.exec(text)?.[0]]).filter(
      ([, word]) => word !== undefined,
    );
    expect(found).toEqual([]);
  });

  it.each(core)('%s imports no router but through the router list and the Router interface', (file) => {
    const imports = [...readFileSync(join(EMULATOR, file), 'utf8').matchAll(/from '(\.\/routers[^']*)'/g)];
    for (const [, path] of imports) expect(['./routers', './routers/types']).toContain(path);
  });
});

describe('the emulator shares nothing with the clients', () => {
  // The vocabulary and the signing primitives (tested against the vendors' vectors) are shared on
  // purpose; a client's reader, transport or parser never is, or a bug in one would hide in the other.
  const SHARED = [
    'core/model.ts',
    'core/errors.ts',
    'core/files.ts',
    'core/text.ts',
    'signing/',
    'core/times.ts',
    'core/durations.ts',
  ];
  const files = (readdirSync(EMULATOR, { recursive: true }) as string[]).filter((name) =>
    name.endsWith('.ts'),
  );

  it.each(files)('%s imports from outside src/emulator only the shared vocabulary and signing', (file) => {
    const text = readFileSync(join(EMULATOR, file), 'utf8');
    for (const [, specifier] of text.matchAll(/from '(\.[^']*)'/g)) {
      const target = relative(SRC, resolve(EMULATOR, dirname(file), specifier));
      if (target.startsWith('emulator')) continue;
      expect(SHARED.some((shared) => `${target}.ts`.startsWith(shared))).toBe(true);
    }
  });
});

describe("the four routers' malformed-body answers", () => {
  it.each(ROUTERS.map((router) => [router.api, router] as const))(
    '%s: its own truncated JSON, 33 bytes (the length clients name in their error)',
    (_api, router) => {
      const answer = router.malformed();
      expect(answer).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
      expect(Buffer.byteLength(answer.body)).toBe(33);
      expect(() => JSON.parse(answer.body)).toThrow();
    },
  );
});

describe('a fifth API is served by registering its router, without touching the core', () => {
  // A real fifth API would add its name to model.ts; the core serves whatever name its router has.
  const JOBS = 'fake-jobs' as ApiName;
  const jobsRouter: Router = {
    api: JOBS,
    action: 'ListJobs',
    matches: (request) => request.method === 'GET' && request.path === '/jobs',
    logParams: (request) => Object.fromEntries(new URLSearchParams(request.rawQuery)),
    handle(context) {
      if (context.request.headers['x-jobs-key'] !== 'open-sesame') {
        return { status: 403, body: 'no key', refusal: 'JOBS.NO_KEY' };
      }
      const jobs = context.store
        .visible(JOBS, context.now)
        .map(({ task, state }) => ({ job: task.id, phase: state.phase }));
      return { status: 200, body: JSON.stringify({ jobs }), headers: { 'content-type': 'application/json' } };
    },
    throttled: () => ({ status: 429, body: 'slow down' }),
    serverError: (status) => ({ status, body: 'jobs are down' }),
    errorCodes: ['JOBS.GONE', 'JOBS.BUSY'],
    vendorError: (request) => ({
      status: request.code === 'JOBS.GONE' ? 410 : 409,
      body: `${request.code}: ${request.message ?? 'no message'}`,
      refusal: request.code,
    }),
    malformed: () => ({
      status: 200,
      body: '<jobs><job id=',
      headers: { 'content-type': 'application/xml' },
    }),
    taskIds: () => {
      let next = 1;
      return () => `job-${next++}`;
    },
  };

  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ routers: [...ROUTERS, jobsRouter] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const jobs = (headers: Record<string, string> = { 'x-jobs-key': 'open-sesame' }) =>
    fetch(`${emulator.url}/jobs?team=blue`, { headers });
  const lastLogged = () => emulator.requests().at(-1);

  it('answers with its router, numbering tasks its own way', async () => {
    emulator.store.add({
      api: JOBS,
      type: 'backup',
      instanceId: 'db-1',
      startAt: emulator.clock.now() - 1000,
      pendingMs: 0,
      runningMs: 60_000,
      outcome: 'running',
    });
    const answer = await jobs();
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      jobs: [{ job: expect.stringMatching(/^job-\d+$/), phase: 'running' }],
    });
    expect(lastLogged()).toMatchObject({
      api: JOBS,
      action: 'ListJobs',
      params: { team: 'blue' },
      status: 200,
      outcome: 'ok',
    });
  });

  it("answers a malformed-body fault with the router's own truncated body", async () => {
    emulator.load({ faults: [{ kind: 'malformed' }] });
    const answer = await jobs();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/xml');
    expect(await answer.text()).toBe('<jobs><job id=');
    expect(lastLogged()).toMatchObject({ api: JOBS, status: 200, outcome: 'fault: malformed' });
  });

  it("answers a throttle fault with the router's answer and the fault's Retry-After", async () => {
    emulator.load({ faults: [{ kind: 'throttle', retryAfter: 3 }] });
    const answer = await jobs();
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(await answer.text()).toBe('slow down');
    expect(lastLogged()).toMatchObject({ status: 429, outcome: 'fault: throttle' });
  });

  it("answers an error fault with the router's own error for that code, and checks the code against the router", async () => {
    const alone = await startEmulator({ routers: [jobsRouter] });
    try {
      alone.load({ faults: [{ kind: 'error', code: 'JOBS.GONE', message: 'moved' }] });
      const answer = await fetch(`${alone.url}/jobs`);
      expect(answer.status).toBe(410);
      expect(await answer.text()).toBe('JOBS.GONE: moved');
      expect(alone.requests().at(-1)).toMatchObject({ status: 410, outcome: 'fault: error JOBS.GONE' });
      expect(() => alone.load({ faults: [{ kind: 'error', code: 'JOBS.LOST' }] })).toThrow(
        'faults[0].code "JOBS.LOST" is not an error every API answers with (name its "api"); use one of JOBS.GONE, JOBS.BUSY',
      );
    } finally {
      await alone.close();
    }
  });

  it("logs a refusal with the router's reason", async () => {
    const answer = await jobs({});
    expect(answer.status).toBe(403);
    expect(lastLogged()).toMatchObject({ api: JOBS, status: 403, outcome: 'refused: JOBS.NO_KEY' });
  });

  it('serves only the routers it is given', async () => {
    const alone = await startEmulator({ routers: [jobsRouter] });
    try {
      const redis = await fetch(`${alone.url}/`, {
        method: 'POST',
        headers: { 'x-tc-action': 'DescribeTaskList', 'x-tc-version': '2018-04-12' },
        body: '{}',
      });
      expect(redis.status).toBe(404);
      expect((await fetch(`${alone.url}/jobs`)).status).toBe(403);
      expect(alone.requests().map((entry) => entry.outcome)).toEqual([
        'refused: no API at POST /',
        'refused: JOBS.NO_KEY',
      ]);
    } finally {
      await alone.close();
    }
  });
});
