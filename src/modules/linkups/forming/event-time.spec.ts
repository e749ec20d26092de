import {
  addDays,
  clockTime,
  DAYPART_DEFAULT_START,
  daypartOfMinutes,
  describeLocalClock,
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
    [6 * 60 - 1, undefined],
    [0, 'NIGHT'],
    [2 * 60 - 1, 'NIGHT'],
    [2 * 60, undefined],
    [21 * 60 + 59, 'EVENING'],
    [23 * 60 + 59, 'NIGHT'],
    [10 * 60 + 30, 'MORNING'], // an hour is read from whole minutes (not rounded up)
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

  it('starts each daypart at its default time when no clock time was named', () => {
    expect(DAYPART_DEFAULT_START).toEqual({ MORNING: 600, DAY: 780, EVENING: 1110, NIGHT: 1320 });
  });

  it.each<[number, number, string]>([
    [0, 0, '12am'],
    [0, 5, '12:05am'],
    [9, 0, '9am'],
    [11, 59, '11:59am'],
    [12, 0, '12pm'],
    [13, 5, '1:05pm'],
    [18, 30, '6:30pm'],
    [23, 0, '11pm'],
  ])('writes %i:%i as %s', (hour, minute, text) => {
    expect(clockTime(hour, minute)).toBe(text);
  });

  it('describes the local clock time alone', () => {
    expect(describeLocalClock(new Date('2025-11-29T23:30:00Z'), NY)).toBe('6:30pm');
    expect(describeLocalClock(new Date('2025-11-29T05:00:00Z'), NY)).toBe('12am');
  });

  it('names every month and weekday', () => {
    const months = Array.from({ length: 12 }, (_, i) => describeLocalTime(new Date(Date.UTC(2025, i, 15, 17)), 'UTC').split(' ')[1]);
    expect(months).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    // 2025-12-01 is a Monday.
    const days = Array.from({ length: 7 }, (_, i) => describeLocalTime(new Date(Date.UTC(2025, 11, 1 + i, 9)), 'UTC').split(' ')[0]);
    expect(days).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
  });

  it('builds one formatter per time zone and reuses it', () => {
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      const first = localParts(new Date('2025-11-29T15:04:05Z'), 'Asia/Tokyo');
      const afterFirst = built.mock.calls.length; // 1, or 0 had an earlier test read Tokyo
      expect(afterFirst).toBeLessThanOrEqual(1);
      expect(localParts(new Date('2025-11-29T15:04:05Z'), 'Asia/Tokyo')).toEqual(first);
      expect(weekdayOf(new Date('2025-12-01T00:00:00Z'), 'Asia/Tokyo')).toBe('MON');
      expect(built).toHaveBeenCalledTimes(afterFirst);
      expect(first).toEqual({ year: 2025, month: 11, day: 30, hour: 0, minute: 4, second: 5, weekday: 'SUN' });
    } finally {
      built.mockRestore();
    }
  });

  it('reads every local part, seconds included', () => {
    expect(localParts(new Date('2025-11-29T15:04:05Z'), NY)).toEqual({ year: 2025, month: 11, day: 29, hour: 10, minute: 4, second: 5, weekday: 'SAT' });
  });

  it.each<[string, number, string]>([
    ['MON', 0, 'MON'],
    ['MON', 1, 'TUE'],
    ['SAT', 1, 'SUN'],
    ['SUN', 1, 'MON'],
    ['MON', -1, 'SUN'],
    ['WED', 14, 'WED'],
    ['TUE', -9, 'SUN'],
  ])('%s plus %i days is %s', (day, n, expected) => {
    expect(addDays(day as never, n)).toBe(expected);
  });

  it('resolves a time exactly at the lead as still this week, and seconds after now as too soon', () => {
    const wedMorning = new Date('2025-11-26T15:00:00Z'); // Wed 10:00 in New York
    expect(resolveEventTime({ day: 'WED', minutes: 14 * 60 }, wedMorning, NY, 240).toISOString()).toBe('2025-11-26T19:00:00.000Z');
    expect(resolveEventTime({ day: 'WED', minutes: 14 * 60 }, new Date(wedMorning.getTime() + 1000), NY, 240).toISOString()).toBe('2025-12-03T19:00:00.000Z');
    // Tomorrow, and a day across a month end.
    expect(resolveEventTime({ day: 'THU', minutes: 9 * 60 }, wedMorning, NY, 0).toISOString()).toBe('2025-11-27T14:00:00.000Z');
    expect(resolveEventTime({ day: 'MON', minutes: 9 * 60 }, wedMorning, NY, 0).toISOString()).toBe('2025-12-01T14:00:00.000Z');
    // Earlier today is next week.
    expect(resolveEventTime({ day: 'WED', minutes: 9 * 60 }, wedMorning, NY, 0).toISOString()).toBe('2025-12-03T14:00:00.000Z');
  });

  it('takes a named clock time over the daypart default', () => {
    const wedMorning = new Date('2025-11-26T15:00:00Z');
    expect(resolveTimeWindow('SAT_EVENING', wedMorning, NY, 240, 19 * 60 + 15).toISOString()).toBe('2025-11-30T00:15:00.000Z');
    expect(resolveTimeWindow('SAT_NIGHT', wedMorning, NY, 240).toISOString()).toBe('2025-11-30T03:00:00.000Z');
    expect(resolveTimeWindow('SAT_DAY', wedMorning, NY, 240).toISOString()).toBe('2025-11-29T18:00:00.000Z');
  });

  it('converts times with minutes, and in zones east and west of UTC', () => {
    expect(zonedTimeToUtc(2025, 11, 29, 18 * 60 + 45, NY).toISOString()).toBe('2025-11-29T23:45:00.000Z');
    expect(zonedTimeToUtc(2025, 1, 1, 0, 'Pacific/Auckland').toISOString()).toBe('2024-12-31T11:00:00.000Z');
    expect(zonedTimeToUtc(2025, 6, 1, 23 * 60 + 59, 'UTC').toISOString()).toBe('2025-06-01T23:59:00.000Z');
    // The spring-forward gap in a zone east of UTC (Berlin: 02:00 -> 03:00 on 2025-03-30).
    expect(zonedTimeToUtc(2025, 3, 30, 2 * 60 + 30, 'Europe/Berlin').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    // The fall-back overlap there: 02:30 happens twice, first in CEST (00:30Z).
    expect(zonedTimeToUtc(2025, 10, 26, 2 * 60 + 30, 'Europe/Berlin').toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });

  it('looks up to three weeks ahead for a long lead, and no further', () => {
    const wedMorning = new Date('2025-11-26T15:00:00Z'); // Wed 10:00 in New York
    // Saturday is 3 days ahead; an 11-day lead skips this Saturday and the next: Dec 13.
    expect(resolveEventTime({ day: 'SAT', minutes: 600 }, wedMorning, NY, 11 * 24 * 60).toISOString()).toBe('2025-12-13T15:00:00.000Z');
    expect(() => resolveEventTime({ day: 'SAT', minutes: 600 }, wedMorning, NY, 25 * 24 * 60)).toThrow('unreachable: a weekday recurs within three weeks');
    // The third Saturday (Dec 13) is the last one looked at: 17 days ahead is found, 18 days is not (Dec 20 is a fourth).
    expect(resolveEventTime({ day: 'SAT', minutes: 600 }, wedMorning, NY, 17 * 24 * 60).toISOString()).toBe('2025-12-13T15:00:00.000Z');
    expect(() => resolveEventTime({ day: 'SAT', minutes: 600 }, wedMorning, NY, 18 * 24 * 60)).toThrow('unreachable: a weekday recurs within three weeks');
  });
});

