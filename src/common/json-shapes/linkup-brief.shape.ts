import { checkMotives, type Daypart, type Motive } from './activity-patterns.shape';
import { GROUP_SIZE_MAX, GROUP_SIZE_MIN } from './preferences.shape';
import { assertShape, ShapeChecker, type ShapeProblem } from './shape-utils';

// linkups.brief: what the initiator asked for (PRODUCT.md section 6).
//   activity_key     an activity catalog key (snake_case)
//   time_window      `{DAY}_{DAYPART}` upper case, e.g. SAT_MORNING: a weekday name and a daypart
//                    (the dayparts of activity patterns), resolved to linkups.event_time in the
//                    region's time zone when the LinkUp is created
//   motive_emphasis  { motive: 0..1 }, motives as in activity patterns; `{}` = no emphasis
//   constraints      { constraint: boolean } facts about the plan ({ quiet: true, alcohol: false })
//   group_size       whole people including the initiator, 2..6, min <= max
export const BRIEF_DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type BriefDay = (typeof BRIEF_DAYS)[number];
export const BRIEF_DAYPARTS = ['MORNING', 'DAY', 'EVENING', 'NIGHT'] as const;
export type BriefDaypart = (typeof BRIEF_DAYPARTS)[number];
export type TimeWindow = `${BriefDay}_${BriefDaypart}`;

export interface LinkupBrief {
  activity_key: string;
  time_window: TimeWindow;
  motive_emphasis: Partial<Record<Motive, number>>;
  constraints: Record<string, boolean>;
  group_size: { min: number; max: number };
}

const FIELDS = ['activity_key', 'time_window', 'motive_emphasis', 'constraints', 'group_size'] as const;
const TIME_WINDOW_RE = new RegExp(`^(${BRIEF_DAYS.join('|')})_(${BRIEF_DAYPARTS.join('|')})$`);

export function isTimeWindow(value: unknown): value is TimeWindow {
  return typeof value === 'string' && TIME_WINDOW_RE.test(value);
}

export function timeWindow(day: BriefDay, part: BriefDaypart): TimeWindow {
  return `${day}_${part}`;
}

// SAT_MORNING -> { day: 'SAT', part: 'MORNING', dayType: 'weekend', daypart: 'morning' }
export function splitTimeWindow(tw: TimeWindow): {
  day: BriefDay;
  part: BriefDaypart;
  dayType: 'weekday' | 'weekend';
  daypart: Daypart;
} {
  const [day, part] = tw.split('_') as [BriefDay, BriefDaypart];
  return {
    day,
    part,
    dayType: day === 'SAT' || day === 'SUN' ? 'weekend' : 'weekday',
    daypart: part.toLowerCase() as Daypart,
  };
}

export function validateLinkupBrief(value: unknown): ShapeProblem[] {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c.problems;
  c.keys(value, '$', FIELDS, FIELDS);
  if ('activity_key' in value) c.slug(value.activity_key, '$.activity_key');
  if ('time_window' in value && !isTimeWindow(value.time_window)) {
    c.fail('$.time_window', 'must be {MON..SUN}_{MORNING|DAY|EVENING|NIGHT}, e.g. SAT_MORNING');
  }
  if ('motive_emphasis' in value) checkMotives(c, value.motive_emphasis, '$.motive_emphasis');
  if ('constraints' in value) c.flags(value.constraints, '$.constraints', 20);
  if ('group_size' in value) checkGroupSize(c, value.group_size);
  return c.problems;
}

function checkGroupSize(c: ShapeChecker, g: unknown): void {
  if (!c.object(g, '$.group_size')) return;
  c.keys(g, '$.group_size', ['min', 'max'], ['min', 'max']);
  if ('min' in g) c.integer(g.min, '$.group_size.min', GROUP_SIZE_MIN, GROUP_SIZE_MAX);
  if ('max' in g) c.integer(g.max, '$.group_size.max', GROUP_SIZE_MIN, GROUP_SIZE_MAX);
  if (typeof g.min === 'number' && typeof g.max === 'number' && g.min > g.max) {
    c.fail('$.group_size', 'min must not exceed max');
  }
}

export function assertLinkupBrief(value: unknown): asserts value is LinkupBrief {
  assertShape('linkup_brief', validateLinkupBrief(value));
}
