import { BRIEF_DAYS, type BriefDay, type BriefDaypart, type TimeWindow, splitTimeWindow } from '../../../common/json-shapes';

// Wall-clock arithmetic in a region's IANA time zone, with Intl only (no date library).

// When a daypart starts if the member named no time (minutes after local midnight). Dayparts as in
// activity patterns: morning 06-11, day 11-17, evening 17-22, night 22-02.
export const DAYPART_DEFAULT_START: Record<BriefDaypart, number> = {
  MORNING: 10 * 60,
  DAY: 13 * 60,
  EVENING: 18 * 60 + 30,
  NIGHT: 22 * 60,
};

// The daypart a clock time falls in; undefined for 02:00-06:00, which no LinkUp is planned for.
export function daypartOfMinutes(minutes: number): BriefDaypart | undefined {
  const h = Math.floor(minutes / 60);
  if (h >= 6 && h < 11) return 'MORNING';
  if (h >= 11 && h < 17) return 'DAY';
  if (h >= 17 && h < 22) return 'EVENING';
  if (h >= 22 || h < 2) return 'NIGHT';
  return undefined;
}

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: BriefDay;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(instant: Date, timeZone: string): LocalParts & { second: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday.slice(0, 3).toUpperCase() as BriefDay,
  };
}

// Offset of the zone from UTC at an instant, in milliseconds (New York in winter: -5 h).
function offsetAt(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

// The instant a local wall-clock time happens. In a spring-forward gap the time moves forward by
// the gap; in a fall-back overlap the earlier of the two instants is used.
export function zonedTimeToUtc(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  // Stryker disable next-line ArithmeticOperator: equivalent, `wall` read as a UTC instant lies on the same side of a transition as one of the two probes (west of UTC before it, east after it)
  const offsets = [offsetAt(new Date(wall - 12 * 3_600_000), timeZone), offsetAt(new Date(wall + 12 * 3_600_000), timeZone)];
  const matching = offsets
    .map((o) => wall - o)
    .filter((t) => {
      const p = localParts(new Date(t), timeZone);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wall;
    });
  if (matching.length > 0) return new Date(Math.min(...matching));
  // In the gap: read the wall time with the offset from before the jump, which lands after it.
  return new Date(wall - Math.min(...offsets));
}

export function weekdayOf(instant: Date, timeZone: string): BriefDay {
  return localParts(instant, timeZone).weekday;
}

export function addDays(day: BriefDay, n: number): BriefDay {
  const i = BRIEF_DAYS.indexOf(day);
  return BRIEF_DAYS[(((i + n) % 7) + 7) % 7];
}

// The next occurrence of `day` at `minutes` local time that is at least `minLeadMinutes` away.
export function resolveEventTime(
  when: { day: BriefDay; minutes: number },
  now: Date,
  timeZone: string,
  minLeadMinutes: number,
): Date {
  const today = localParts(now, timeZone);
  const todayIndex = BRIEF_DAYS.indexOf(today.weekday);
  const ahead = (BRIEF_DAYS.indexOf(when.day) - todayIndex + 7) % 7;
  const earliest = now.getTime() + minLeadMinutes * 60_000;
  for (let weeks = 0; weeks < 3; weeks++) {
    // Noon UTC on the calendar date avoids any date slip when adding days.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead + 7 * weeks, 12));
    const candidate = zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), when.minutes, timeZone);
    if (candidate.getTime() >= earliest) return candidate;
  }
  throw new Error('unreachable: a weekday recurs within three weeks');
}

export function resolveTimeWindow(tw: TimeWindow, now: Date, timeZone: string, minLeadMinutes: number, minutes?: number): Date {
  const { day, part } = splitTimeWindow(tw);
  return resolveEventTime({ day, minutes: minutes ?? DAYPART_DEFAULT_START[part] }, now, timeZone, minLeadMinutes);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_NAMES: Record<BriefDay, string> = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };

// "Sat Nov 29, 10am" / "Fri Dec 5, 6:30pm", in the region's local time (SMS copy, GSM-7 only).
export function describeLocalTime(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${DAY_NAMES[p.weekday]} ${MONTHS[p.month - 1]} ${p.day}, ${clockTime(p.hour, p.minute)}`;
}

// "10am", "6:30pm".
export function clockTime(hour: number, minute: number): string {
  const suffix = hour < 12 ? 'am' : 'pm';
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${h}${suffix}` : `${h}:${String(minute).padStart(2, '0')}${suffix}`;
}

export function describeLocalClock(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return clockTime(p.hour, p.minute);
}
