import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { ctyObject, fromMsgpack, toMsgpack } from '../../src/provider/plugin/cty';
import { createLogger } from '../../src/provider/plugin/log';
import { TaskgateProvider } from '../../src/provider/provider';
import { impliedType } from '../../src/provider/plugin/schema';
import { TASKS_DATA_SOURCE_SCHEMA } from '../../src/provider/tasks-data-source';
import { cliProcess } from '../support/cli';
import { RunningEmulator } from '../../src/emulator';
import { TEST_ENV, testEmulator } from '../support/emulator';

/**
 * A Tencent Cloud API 3.0 server that lies: every page is full of tasks never seen before, all
 * running, and its TotalCount grows by a page at each request. Signatures are not checked: this is
 * about what the client does with what it is told.
 */
class LyingServer {
  requests = 0;
  private server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      this.requests++;
      const limit = 100;
      const tasks = Array.from({ length: limit }, (_, i) => ({
        TaskId: this.requests * 1000 + i,
        TaskType: '012',
        InstanceId: 'crs-1',
        Result: 1,
        Progress: 0.5,
        StartTime: '2026-12-01 10:00:00',
        EndTime: '',
      }));
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          Response: { TotalCount: this.firstTotal + this.requests * limit, Tasks: tasks, RequestId: 'r' },
        }),
      );
    });
  });
  constructor(private readonly firstTotal: number) {}
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let liar: LyingServer;
let url: string;
beforeEach(async () => {
  // The first page announces 200 more than it holds: 300 in all.
  liar = new LyingServer(200);
  url = await liar.start();
});
afterEach(() => liar.close());

/** What the first page announced bounds the requests: twice its pages, and twenty more. */
const BOUND = 2 * Math.ceil(300 / 100) + 20;

describe('a server whose pages never end cannot keep a read going', () => {
  it.each([
    ['list', ['list']],
    ['check --select all', ['check', '--select', 'all']],
    ['check --expect idle', ['check', '--expect', 'idle']],
  ])('%s ends with exit 4 and one line, within the bound', async (_, args) => {
    const result = await cliProcess([...args, '--api', 'tencent-redis'], { env: { TASKGATE_ENDPOINT: url } });
    expect(result.code).toBe(4);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toEqual([
      expect.stringMatching(/^taskgate: .*kept listing tasks past the 300 its first page announced/),
    ]);
    expect(liar.requests).toBe(BOUND);
  });

  it("the provider's plain read ends with an error diagnostic, within the bound", async () => {
    const provider = new TaskgateProvider({
      env: TEST_ENV,
      log: createLogger(() => undefined),
      version: '0.1.0',
    });
    provider.configureProvider({
      terraform_version: '1.11.4',
      config: { msgpack: toMsgpack(ctyObject([['endpoint', url]]), ['object', { endpoint: 'string' }]) },
    });
    const type = impliedType(TASKS_DATA_SOURCE_SCHEMA.block);
    const config = ctyObject(
      Object.keys((type as ['object', Record<string, unknown>])[1]).map((name) => [
        name,
        name === 'api' ? 'tencent-redis' : null,
      ]),
    );
    const response = (await provider.readDataSource({
      type_name: 'taskgate_tasks',
      config: { msgpack: toMsgpack(config, type) },
    })) as { diagnostics: { severity: number; detail: string }[]; state?: { msgpack: Uint8Array } };
    expect(response.state && fromMsgpack(response.state.msgpack, type)).toBeFalsy();
    expect(response.diagnostics).toHaveLength(1);
    expect(response.diagnostics[0].detail).toMatch(
      /kept listing tasks past the 300 its first page announced/,
    );
    expect(liar.requests).toBe(BOUND);
  });
});

describe('a server announcing more than one listing reads', () => {
  it('is refused after its first page', async () => {
    await liar.close();
    liar = new LyingServer(1e12);
    url = await liar.start();
    const result = await cliProcess(['list', '--api', 'tencent-redis'], { env: { TASKGATE_ENDPOINT: url } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /announced \d+ matching tasks, more than the 100000 taskgate reads in one listing; narrow the filters/,
    );
    expect(liar.requests).toBe(1);
  });
});

describe('rows the API lists apart stay apart', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await testEmulator();
  });
  afterAll(() => emulator.close());

  it('two v2 tasks of one instance, type and start second: both listed, and idle is false while one runs', async () => {
    emulator.reset();
    const twin = {
      api: 'tencent-redis-v2',
      type: 'backupInstance',
      instanceId: 'crs-1',
      start: '2026-12-01T10:00:00+08:00',
    };
    emulator.load({
      clock: { set: '2026-12-01T10:05:00+08:00', freeze: true },
      tasks: [
        // Equal starts list the later one first: the finished one, which a merge would keep.
        { ...twin, runningFor: '1h', outcome: 'running' },
        { ...twin, runningFor: '1m' },
      ],
    });
    const env = { TASKGATE_ENDPOINT: emulator.url };
    const list = await cliProcess(['list', '--api', 'tencent-redis-v2'], { env });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).total).toBe(2);
    const idle = await cliProcess(['check', '--api', 'tencent-redis-v2', '--expect', 'idle'], { env });
    expect(idle.code).toBe(1);
    expect(idle.stderr).toMatch(/task backupInstance on crs-1: running/);
  });

  it('rows a server repeats under one id are all kept: 99 running copies keep idle false', async () => {
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const row = (Result: number) => ({
          TaskId: 7,
          TaskType: '012',
          InstanceId: 'crs-1',
          Result,
          StartTime: '2026-12-01 10:00:00',
        });
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            Response: {
              TotalCount: 100,
              Tasks: [row(2), ...Array.from({ length: 99 }, () => row(1))],
              RequestId: 'r',
            },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { TASKGATE_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
      const idle = await cliProcess(['check', '--api', 'tencent-redis', '--expect', 'idle'], { env });
      expect(idle.code).toBe(1);
      const list = await cliProcess(['list', '--api', 'tencent-redis'], { env });
      expect(JSON.parse(list.stdout).tasks).toHaveLength(100);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
