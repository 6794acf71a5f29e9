import {
  formatIso,
  formatLocal,
  parseApiTime,
  parseIsoWithOffset,
  parseLocal,
  parseUserTime,
} from '../../src/core/times';

/** Years 0000-0099: Date.UTC and new Date(y, ...) read them as 1900-1999; these times must not. */
describe('years below 100', () => {
  it.each(['0000', '0001', '0050', '0099'])('%s reads and writes back as itself, in either form', (year) => {
    const iso = parseIsoWithOffset(`${year}-03-01T12:00:00Z`) as Date;
    expect(iso.toISOString()).toBe(`${year}-03-01T12:00:00.000Z`);
    expect(formatIso(iso, 0)).toBe(`${year}-03-01T12:00:00+00:00`);
    const local = parseLocal(`${year}-03-01 20:00:00`, 480) as Date;
    expect(local.getTime()).toBe(iso.getTime());
    expect(formatLocal(local, 480)).toBe(`${year}-03-01 20:00:00`);
  });

  it('a server time of 0099 stays 0099; Tencent\'s all-zero time still means "not yet"', () => {
    expect(formatIso(parseApiTime('0099-06-01 00:00:00', 480, 'StartTime') as Date, 480)).toBe(
      '0099-06-01T00:00:00+08:00',
    );
    expect(parseApiTime('0000-00-00 00:00:00', 480, 'EndTime')).toBeNull();
  });

  it('a February 29th is checked in the year given, not in its 19xx namesake', () => {
    // Year 0000 is a leap year (divisible by 400); 1900 is not.
    expect(parseLocal('0000-02-29 00:00:00', 0)?.toISOString()).toBe('0000-02-29T00:00:00.000Z');
    expect(parseLocal('0001-02-29 00:00:00', 0)).toBeUndefined();
  });

  it('a year an offset moves past four digits is written in ISO 8601 expanded form, and refused as a user time', () => {
    expect(formatIso(parseIsoWithOffset('0000-01-01T00:00:00+01:00') as Date, 0)).toBe(
      '-000001-12-31T23:00:00+00:00',
    );
    expect(formatIso(parseIsoWithOffset('9999-12-31T23:00:00-02:00') as Date, 0)).toBe(
      '+010000-01-01T01:00:00+00:00',
    );
    expect(() => parseUserTime('9999-12-31T23:00:00-02:00', 480, '--started-before')).toThrow(
      /^--started-before: "9999-12-31T23:00:00-02:00" falls outside the years 0000-9999 in the API's zone \(UTC\+08:00\)\.$/,
    );
    expect(parseUserTime('9999-12-31T23:00:00-02:00', -180, 'x').toISOString()).toBe(
      '+010000-01-01T01:00:00.000Z',
    );
  });
});
