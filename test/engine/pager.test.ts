import fc from 'fast-check';
import { Page } from '../../src/engine/types';
import { readAllPages } from '../../src/engine/pager';
import { Task } from '../../src/model';

const task = (id: number): Task => ({
  id: String(id),
  type: 't',
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

const read = (fetchPage: (o: number, l: number) => Promise<Page>, pageSize: number, firstPageOnly = false) =>
  readAllPages({ pageSize, key: (t) => t.id as string, firstPageOnly, fetchPage });

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

  it('never loses or duplicates a task while tasks arrive at and leave the head (1,000 runs)', async () => {
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
            for (const gone of s.list.splice(0, Math.min(removals, s.list.length)))
              removed.add(gone.id as string);
            s.list.unshift(...Array.from({ length: inserts }, () => task(nextId++)).reverse());
            return s.fetchPage(offset, limit);
          };
          const original = Array.from({ length: count }, (_, i) => String(count - i));
          const result = await read(fetchPage, pageSize);
          const ids = result.tasks.map((t) => t.id as string);
          const seen = new Set(ids);
          expect(seen.size).toBe(ids.length);
          // One assertion per run: every task that never left is there (a matcher per id costs seconds).
          expect(original.filter((id) => !removed.has(id) && !seen.has(id))).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
