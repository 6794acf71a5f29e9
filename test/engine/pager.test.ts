import fc from 'fast-check';
import { Page } from '../../src/engine/types';
import { readAllPages } from '../../src/engine/pager';
import { Task } from '../../src/core/model';
import { ApiError } from '../../src/core/errors';

const task = (id: number): Task => ({
  id: String(id),
  type: 't',
  typeName: null,
  instanceId: 'i',
  instanceName: null,
  status: 'succeeded',
  statusRaw: '2',
  progress: 100,
  startedAt: new Date(id * 1000),
  endedAt: null,
  message: null,
});

/** A newest-first list served by offset, as the APIs do. */
function server(count: number) {
  const list = Array.from({ length: count }, (_, i) => task(count - i));
  let requests = 0;
  return {
    list,
    requests: () => requests,
    fetchPage: async (offset: number, limit: number): Promise<Page> => {
      requests++;
      return { tasks: list.slice(offset, offset + limit), total: list.length };
    },
  };
}

const read = (
  fetchPage: (o: number, l: number) => Promise<Page>,
  pageSize: number,
  firstPageOnly = false,
  offsetsInPages = false,
) => readAllPages({ pageSize, offsetsInPages, firstPageOnly, fetchPage, title: 'the test API' });

describe('readAllPages', () => {
  it.each([
    [250, 100, 3],
    [120, 50, 3],
    [10_000, 100, 100],
    [100, 100, 1],
    [0, 100, 1],
  ])('%i tasks at page size %i: %i requests', async (count, size, requests) => {
    const s = server(count);
    const result = await read(s.fetchPage, size);
    expect(result.tasks).toHaveLength(count);
    expect(s.requests()).toBe(requests);
    expect(result.requests).toBe(requests);
  });

  it('stops after the first page when that is all that is needed', async () => {
    const s = server(500);
    const result = await read(s.fetchPage, 100, true);
    expect(result).toMatchObject({ total: 500, requests: 1 });
  });

  it.each([
    ['any record offset', false],
    ['offsets in whole pages', true],
  ])(
    'never loses or duplicates a task while tasks arrive at and leave the head, %s (1,000 runs)',
    async (_, inPages) => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 400 }),
          fc.integer({ min: 1, max: 60 }),
          fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { maxLength: 30 }),
          async (count, pageSize, changes) => {
            const s = server(count);
            let nextId = count + 1;
            const removed = new Set<string>();
            let fetches = 0;
            const fetchPage = async (offset: number, limit: number) => {
              // Between two fetches: some new tasks arrive at the head, some of the newest leave.
              const [inserts, removals] = fetches > 0 ? (changes[fetches - 1] ?? [0, 0]) : [0, 0];
              fetches++;
              // Redis 3.0 refuses an Offset that is not a whole multiple of Limit.
              if (inPages) expect(offset % limit).toBe(0);
              for (const gone of s.list.splice(0, Math.min(removals, s.list.length)))
                removed.add(gone.id as string);
              s.list.unshift(...Array.from({ length: inserts }, () => task(nextId++)).reverse());
              return s.fetchPage(offset, limit);
            };
            const original = Array.from({ length: count }, (_, i) => String(count - i));
            const result = await read(fetchPage, pageSize, false, inPages);
            const ids = result.tasks.map((t) => t.id as string);
            const seen = new Set(ids);
            expect(seen.size).toBe(ids.length);
            // One assertion per run: every task that never left is there (a matcher per id costs seconds).
            expect(original.filter((id) => !removed.has(id) && !seen.has(id))).toEqual([]);
          },
        ),
        { numRuns: 1000 },
      );
    },
  );

  it('loses nothing when the list is oldest first and grows at its tail: an id new to the read is kept', async () => {
    const list = Array.from({ length: 250 }, (_, i) => task(i + 1));
    let next = 251;
    let fetches = 0;
    const result = await read(async (offset, limit) => {
      // New tasks arrive at the end, as in a list sorted oldest first.
      if (fetches++ > 0) list.push(...Array.from({ length: 5 }, () => task(next++)));
      return { tasks: list.slice(offset, offset + limit), total: list.length };
    }, 100);
    const ids = result.tasks.map((t) => Number(t.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Array.from({ length: 250 }, (_, i) => i + 1).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('keeps every row the API lists: rows without ids alike, ids listed twice', async () => {
    // Two v2 tasks of one instance, type and start second are two tasks; so are rows a server repeats.
    const twin = { ...task(5), id: null };
    const rows = [twin, { ...twin }, task(4), task(4), task(4), task(3)];
    const result = await read(
      async (offset, limit) => ({ tasks: rows.slice(offset, offset + limit), total: 6 }),
      2,
    );
    expect(result.tasks).toHaveLength(6);
  });

  it('refuses a first page announcing more tasks than one listing reads, after one request', async () => {
    const s = server(200);
    const fetchPage = async (offset: number, limit: number) => ({
      ...(await s.fetchPage(offset, limit)),
      total: 1e12,
    });
    await expect(read(fetchPage, 100)).rejects.toThrow(
      /announced 1000000000000 matching tasks, more than the 100000/,
    );
    expect(s.requests()).toBe(1);
  });

  it('stops a listing whose pages never end within a bound set by the first page', async () => {
    // A lying server: every page full of new ids, its total growing by a page each time.
    let requests = 0;
    let next = 0;
    const fetchPage = async (_offset: number, limit: number): Promise<Page> => {
      requests++;
      return { tasks: Array.from({ length: limit }, () => task(next++)), total: 300 + requests * limit };
    };
    const error = await read(fetchPage, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/kept listing tasks past the 400 its first page announced/);
    expect(requests).toBe(2 * Math.ceil(400 / 100) + 20);
  });
});
