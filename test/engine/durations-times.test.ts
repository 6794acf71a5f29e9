import { formatDuration, parseDuration } from '../../src/core/durations';
import { formatIso, formatLocal, parseApiTime, parseUserTime } from '../../src/core/times';
import { InvalidInputError, MalformedResponseError } from '../../src/core/errors';

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text, '--timeout')).toBe(ms));
  it.each(['10', '10 minutes', '1d', '-5s', '', 'm'])('%j is refused, naming the option', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(InvalidInputError);
    expect(() => parseDuration(text, '--timeout')).toThrow(/^--timeout: /);
  });
  it('formats for people', () => {
    expect([250, 1500, 45_000, 3_723_000].map(formatDuration)).toEqual(['250ms', '1.5s', '45s', '1h2m3s']);
  });
});

describe('times', () => {
  it('reads ISO 8601 with any offset form, and vendor local times in the API zone', () => {
    const expected = Date.UTC(2017, 1, 8, 8, 46, 34);
    for (const text of ['2017-02-08T16:46:34+08:00', '2017-02-08T16:46:34+0800', '2017-02-08T08:46:34Z']) {
      expect(parseUserTime(text, 0, '--started-after').getTime()).toBe(expected);
    }
    expect(parseUserTime('2017-02-08 16:46:34', 480, '--started-after').getTime()).toBe(expected);
    expect(parseUserTime('2017-02-08 08:46:34', 0, '--started-after').getTime()).toBe(expected);
  });
  it.each(['2017-02-30 10:00:00', '2017-02-08T16:46:34', 'yesterday', '2017-13-01 00:00:00'])(
    'refuses %j',
    (text) => {
      expect(() => parseUserTime(text, 480, '--started-after')).toThrow(/^--started-after: /);
    },
  );
  it('API times: empty and zero dates are null, garbage is malformed', () => {
    expect(parseApiTime('', 480, 'EndTime')).toBeNull();
    expect(parseApiTime('0000-00-00 00:00:00', 480, 'EndTime')).toBeNull();
    expect(parseApiTime('2020-07-15T07:46:10+0000', 0, 'create_time')?.toISOString()).toBe(
      '2020-07-15T07:46:10.000Z',
    );
    expect(() => parseApiTime('soon', 480, 'EndTime')).toThrow(MalformedResponseError);
  });
  it('formats with the offset', () => {
    const date = new Date(Date.UTC(2017, 1, 8, 8, 46, 34));
    expect(formatIso(date, 480)).toBe('2017-02-08T16:46:34+08:00');
    expect(formatIso(date, 0)).toBe('2017-02-08T08:46:34+00:00');
    expect(formatLocal(date, 480)).toBe('2017-02-08 16:46:34');
  });
});
