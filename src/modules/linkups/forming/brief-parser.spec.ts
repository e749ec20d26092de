import { validateLinkupBrief } from '../../../common/json-shapes';
import { ActivityCatalog } from './activity-catalog';
import { completeBrief, mergeDraft, missingFields, parseBriefText, type DraftBrief } from './brief-parser';

const catalog = new ActivityCatalog();
// Wednesday 2025-11-26, 10:00 in New York.
const ctx = { now: new Date('2025-11-26T15:00:00Z'), timeZone: 'America/New_York', catalog };
const parse = (text: string) => parseBriefText(text, ctx);

describe('brief parser', () => {
  it.each<[string, DraftBrief]>([
    ['coffee saturday morning', { activity_key: 'coffee', day: 'SAT', part: 'MORNING' }],
    ['hike sun', { activity_key: 'hike', day: 'SUN' }],
    ['board games tmrw evening', { activity_key: 'board_games', day: 'THU', part: 'EVENING' }],
    ['Coffee Sat AM?', { activity_key: 'coffee', day: 'SAT' }],
    ['cofee saturdy mornin', { activity_key: 'coffee', day: 'SAT', part: 'MORNING' }],
    ['boardgames friday night', { activity_key: 'board_games', day: 'FRI', part: 'EVENING' }],
    ['hikking sunday', { activity_key: 'hike', day: 'SUN' }],
    ['drinks tonight', { activity_key: 'drinks', day: 'WED', part: 'EVENING' }],
    ['trivia tomorrow night', { activity_key: 'trivia', day: 'THU', part: 'EVENING' }],
    ['a walk this weekend afternoon', { activity_key: 'walk', day: 'SAT', part: 'DAY' }],
    ['museum thurs', { activity_key: 'museum', day: 'THU' }],
    ['climbing', { activity_key: 'climbing' }],
    ['saturday', { day: 'SAT' }],
    ['late night drinks fri', { activity_key: 'drinks', day: 'FRI', part: 'NIGHT' }],
    ["i'd like coffee sunday", { activity_key: 'coffee', day: 'SUN' }],
  ])('reads %j', (text, expected) => {
    expect(parse(text).draft).toEqual(expected);
  });

  it.each<[string, DraftBrief['clock']]>([
    ['coffee sat 10am', { hour: 10, minute: 0, meridiem: 'am' }],
    ['dinner fri at 7:30pm', { hour: 7, minute: 30, meridiem: 'pm' }],
    ['dinner fri at 7', { hour: 7, minute: 0 }],
    ['run sun 8:15', { hour: 8, minute: 15 }],
  ])('reads the clock time in %j', (text, clock) => {
    expect(parse(text).draft.clock).toEqual(clock);
  });

  it.each<[string, { min: number; max: number }]>([
    ['coffee sat group of 4', { min: 3, max: 4 }],
    ['hike sun 3-5 people', { min: 3, max: 5 }],
    ['dinner fri me and 2 others', { min: 3, max: 3 }],
    ['coffee sat just one other person', { min: 2, max: 2 }],
    ['coffee 1 on 1 saturday', { min: 2, max: 2 }],
    ['board games small group', { min: 3, max: 4 }],
    ['trivia with six people', { min: 3, max: 6 }],
  ])('reads the group size in %j', (text, size) => {
    expect(parse(text).draft.group_size).toEqual(size);
  });

  it('clamps group sizes to 2-6 and says so', () => {
    const r = parse('drinks fri 10 people');
    expect(r.draft.group_size).toEqual({ min: 3, max: 6 });
    expect(r.notes).toContain('group_size_clamped');
  });

  it('does not read a time range as a group size', () => {
    expect(parse('coffee sat 2-3pm').draft.group_size).toBeUndefined();
  });

  it('reads motives and constraints', () => {
    const d = parse('chill quiet coffee sat, sober please').draft;
    expect(d.motive_emphasis).toEqual({ calm: 0.8 });
    expect(d.constraints).toEqual({ quiet: true, alcohol: false });
  });

  it.each(['yes', 'hello there', 'what is this', 'i like it', 'ok thanks', 'sounds great'])(
    'recognises nothing in %j',
    (text) => {
      expect(parse(text).recognised).toBe(false);
    },
  );

  it('names what is missing', () => {
    expect(missingFields(parse('coffee').draft)).toEqual(['day']);
    expect(missingFields(parse('saturday morning').draft)).toEqual(['activity']);
    expect(missingFields(parse('hmm').draft)).toEqual(['activity', 'day']);
    expect(missingFields(parse('hike sun').draft)).toEqual([]);
  });

  it('merges a follow-up message into the draft', () => {
    const first = parse('coffee').draft;
    const second = mergeDraft(first, parse('saturday at 9am').draft);
    expect(second).toEqual({ activity_key: 'coffee', day: 'SAT', clock: { hour: 9, minute: 0, meridiem: 'am' } });
    const third = mergeDraft(second, parse('actually afternoon, group of 5').draft);
    expect(third).toEqual({ activity_key: 'coffee', day: 'SAT', part: 'DAY', group_size: { min: 3, max: 5 } });
  });

  it('completes a brief from the activity defaults', () => {
    const done = completeBrief(parse('hike sun').draft, catalog, { min: 3, max: 6 });
    expect(done).toEqual({
      brief: {
        activity_key: 'hike',
        time_window: 'SUN_MORNING',
        motive_emphasis: { adventure: 0.5, fitness: 0.5 },
        constraints: { outdoor: true, physical: true },
        group_size: { min: 3, max: 6 },
      },
      minutes: 600,
    });
    expect(validateLinkupBrief(done!.brief)).toEqual([]);
  });

  it('lets stated motives and constraints win over the activity defaults', () => {
    const done = completeBrief(parse('sober drinks fri, deep talk').draft, catalog, { min: 3, max: 6 })!;
    expect(done.brief.constraints).toEqual({ alcohol: false });
    expect(done.brief.motive_emphasis).toEqual({ fun: 0.6, connection: 0.8 });
  });

  it.each<[string, string, number]>([
    ['coffee sat 10am', 'SAT_MORNING', 600],
    ['dinner fri at 7', 'FRI_EVENING', 19 * 60],
    ['coffee sat at 2pm', 'SAT_DAY', 14 * 60],
    ['drinks fri 10:30pm', 'FRI_NIGHT', 22 * 60 + 30],
    ['coffee sat morning at 3pm', 'SAT_DAY', 15 * 60],
  ])('derives the window of %j from its clock time', (text, window, minutes) => {
    const done = completeBrief(parse(text).draft, catalog, { min: 3, max: 6 })!;
    expect(done.brief.time_window).toBe(window);
    expect(done.minutes).toBe(minutes);
  });

  it('returns nothing while the activity or the day is missing', () => {
    expect(completeBrief(parse('coffee').draft, catalog, { min: 3, max: 6 })).toBeUndefined();
    expect(completeBrief(parse('sat morning').draft, catalog, { min: 3, max: 6 })).toBeUndefined();
  });
});
