import {
  daypartOfMinutes,
  describeLocalTime,
  localParts,
  resolveEventTime,
  resolveTimeWindow,
  weekdayOf,
  zonedTimeToUtc,
} from './event-time';

const NY = 'America/New_York';

describe('event time', () => {
  it.each<[number, string | undefined]>([
    [6 * 60, 'MORNING'],
    [10 * 60 + 59, 'MORNING'],
    [11 * 60, 'DAY'],
    [16 * 60 + 59, 'DAY'],
    [17 * 60, 'EVENING'],
    [22 * 60, 'NIGHT'],
    [60, 'NIGHT'],
    [3 * 60, undefined],
  ])('puts %i minutes after midnight in %s', (minutes, part) => {
    expect(daypartOfMinutes(minutes)).toBe(part);
  });

  it('converts local wall time to UTC across standard and daylight time', () => {
    expect(zonedTimeToUtc(2025, 11, 29, 10 * 60, NY).toISOString()).toBe('2025-11-29T15:00:00.000Z');
    expect(zonedTimeToUtc(2025, 7, 5, 10 * 60, NY).toISOString()).toBe('2025-07-05T14:00:00.000Z');
    expect(zonedTimeToUtc(2025, 11, 29, 10 * 60, 'Asia/Kolkata').toISOString()).toBe('2025-11-29T04:30:00.000Z');
  });

  it('moves a time inside the spring-forward gap forward, and takes the earlier fall-back instant', () => {
    // 2025-03-09 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
    expect(zonedTimeToUtc(2025, 3, 9, 2 * 60 + 30, NY).toISOString()).toBe('2025-03-09T07:30:00.000Z');
    // 2025-11-02 01:30 happens twice; the first (EDT) is 05:30Z.
    expect(zonedTimeToUtc(2025, 11, 2, 60 + 30, NY).toISOString()).toBe('2025-11-02T05:30:00.000Z');
  });

  it('reads the weekday in the region, not in UTC', () => {
    const lateFridayInLA = new Date('2025-11-29T03:00:00Z'); // Fri 19:00 in Los Angeles, Sat in UTC
    expect(weekdayOf(lateFridayInLA, 'America/Los_Angeles')).toBe('FRI');
    expect(weekdayOf(lateFridayInLA, 'UTC')).toBe('SAT');
  });

  it('resolves the next occurrence of a weekday at a local time', () => {
    const wedMorning = new Date('2025-11-26T15:00:00Z'); // Wed 10:00 in New York
    expect(resolveEventTime({ day: 'SAT', minutes: 600 }, wedMorning, NY, 240).toISOString()).toBe('2025-11-29T15:00:00.000Z');
    expect(resolveTimeWindow('WED_EVENING', wedMorning, NY, 240).toISOString()).toBe('2025-11-26T23:30:00.000Z');
  });

  it('rolls to the next week when today is too soon', () => {
    const wedMorning = new Date('2025-11-26T15:00:00Z');
    // Wed 13:00 is 3 hours away; with a 4 hour lead the next Wednesday is used.
    expect(resolveTimeWindow('WED_DAY', wedMorning, NY, 240).toISOString()).toBe('2025-12-03T18:00:00.000Z');
    expect(resolveTimeWindow('WED_DAY', wedMorning, NY, 120).toISOString()).toBe('2025-11-26T18:00:00.000Z');
  });

  it('keeps the wall time across a DST change', () => {
    const beforeFallBack = new Date('2025-10-29T14:00:00Z'); // Wed, EDT
    const sunday = resolveTimeWindow('SUN_MORNING', beforeFallBack, NY, 240); // Sunday Nov 2 is EST
    expect(localParts(sunday, NY)).toMatchObject({ month: 11, day: 2, hour: 10, minute: 0 });
  });

  it('describes a time for SMS in the region time zone', () => {
    expect(describeLocalTime(new Date('2025-11-29T15:00:00Z'), NY)).toBe('Sat Nov 29, 10am');
    expect(describeLocalTime(new Date('2025-11-29T23:30:00Z'), NY)).toBe('Sat Nov 29, 6:30pm');
    expect(describeLocalTime(new Date('2025-11-29T17:00:00Z'), NY)).toBe('Sat Nov 29, 12pm');
  });
});
