import { validateLinkupBrief } from '../../../common/json-shapes';
import { ActivityCatalog, type ActivityEntry } from './activity-catalog';
import { completeBrief, mergeDraft, missingFields, parseBriefText, type DraftBrief } from './brief-parser';

const catalog = new ActivityCatalog();
// Wednesday 2025-11-26, 10:00 in New York.
const ctx = { now: new Date('2025-11-26T15:00:00Z'), timeZone: 'America/New_York', catalog };
// A fresh catalog for every text: the parser caches its dictionary per catalog, and a shared one
// would leave the building of the dictionary to whichever test ran first (for mutation testing too).
const parseWith = (entries: readonly ActivityEntry[], text: string) => parseBriefText(text, { ...ctx, catalog: new ActivityCatalog(entries) });
const parse = (text: string) => parseWith(catalog.entries, text);
const entry = (key: string, synonyms: string[]): ActivityEntry => ({
  key, label: key, noun: key, synonyms, defaultDaypart: 'DAY', motives: {}, constraints: {}, tags: [],
});

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
    ['dinner fri at 12', 'FRI_DAY', 12 * 60],
    ['coffee sat 1pm', 'SAT_DAY', 13 * 60],
  ])('derives the window of %j from its clock time', (text, window, minutes) => {
    const done = completeBrief(parse(text).draft, catalog, { min: 3, max: 6 })!;
    expect(done.brief.time_window).toBe(window);
    expect(done.minutes).toBe(minutes);
  });

  it('returns nothing while the activity or the day is missing', () => {
    expect(completeBrief(parse('coffee').draft, catalog, { min: 3, max: 6 })).toBeUndefined();
    expect(completeBrief(parse('sat morning').draft, catalog, { min: 3, max: 6 })).toBeUndefined();
  });

  describe('group size, rule by rule', () => {
    it.each<[string, { min: number; max: number }, boolean]>([
      ['coffee sat 1:1', { min: 2, max: 2 }, false],
      ['coffee sat one on one', { min: 2, max: 2 }, false],
      ['coffee sat just the two of us', { min: 2, max: 2 }, false],
      ['coffee sat just 1 other', { min: 2, max: 2 }, false],
      ['hike sun 3 to 5', { min: 3, max: 5 }, false],
      ['hike sun 5-3 people', { min: 3, max: 5 }, false],
      ['hike sun 2 - 4 ppl', { min: 2, max: 4 }, false],
      ['hike sun 1-8 people', { min: 2, max: 6 }, true],
      ['hike sun up to 5', { min: 3, max: 5 }, false],
      ['hike sun max 2', { min: 2, max: 2 }, false],
      ['hike sun party of 8', { min: 3, max: 6 }, true],
      ['hike sun group of 1', { min: 2, max: 2 }, true],
      ['hike sun me and 3 friends', { min: 3, max: 4 }, false],
      ['hike sun me + 1', { min: 2, max: 2 }, false],
      ['hike sun myself & 2 more', { min: 3, max: 3 }, false],
      ['hike sun +2', { min: 3, max: 3 }, false],
      ['hike sun 4 others', { min: 3, max: 5 }, false],
      ['hike sun 1 more', { min: 2, max: 2 }, false],
      ['hike sun 5 people', { min: 3, max: 5 }, false],
      ['hike sun 2 ppl', { min: 2, max: 2 }, false],
      ['hike sun big group', { min: 4, max: 6 }, false],
      ['hike sun large group', { min: 4, max: 6 }, false],
      // Numbers of two digits, and the spacing around + and the people word.
      ['hike sun group of 12', { min: 3, max: 6 }, true],
      ['hike sun me and 10 others', { min: 3, max: 6 }, true],
      ['hike sun me+2', { min: 3, max: 3 }, false],
      ['hike sun me and 2', { min: 3, max: 3 }, false],
      ['hike sun +1', { min: 2, max: 2 }, false],
      ['hike sun +12', { min: 3, max: 6 }, true],
      ['hike sun 10 others', { min: 3, max: 6 }, true],
      ['hike sun me and 10', { min: 3, max: 6 }, true],
      ['hike sun 1-4 people', { min: 2, max: 4 }, true], // only the lower end clamped
    ])('%j is %j (clamped: %s)', (text, size, clamped) => {
      const r = parse(text);
      expect(r.draft.group_size).toEqual(size);
      expect(r.notes).toEqual(clamped ? ['group_size_clamped'] : []);
      // The size is cut out of the text; the rest still reads.
      expect([r.draft.activity_key, r.draft.day]).toEqual(text.startsWith('coffee') ? ['coffee', 'SAT'] : ['hike', 'SUN']);
    });

    it('does not read the words of a group size again as keywords', () => {
      const entries = [...catalog.entries, entry('meetup', ['meetup', 'other people', 'new people'])];
      expect(parseWith(entries, 'sun me and 2 other people').draft).toEqual({ day: 'SUN', group_size: { min: 3, max: 3 } });
      expect(parseWith(entries, 'meetup sun, other people welcome').draft).toEqual({ activity_key: 'meetup', day: 'SUN' });
    });

    it('reads the words on both sides of a cut-out clock time', () => {
      expect(parse('coffee 10am sat').draft).toEqual({ activity_key: 'coffee', day: 'SAT', clock: { hour: 10, minute: 0, meridiem: 'am' } });
      expect(parse('coffee at 10 sat').draft).toEqual({ activity_key: 'coffee', day: 'SAT', clock: { hour: 10, minute: 0 } });
      expect(parse('coffee 10:30 sat').draft).toEqual({ activity_key: 'coffee', day: 'SAT', clock: { hour: 10, minute: 30 } });
    });

    it('reads the rest of the text around a group size', () => {
      expect(parse('coffee 4 people saturday').draft).toEqual({ activity_key: 'coffee', day: 'SAT', group_size: { min: 3, max: 4 } });
      expect(parse('group of 3 hike sun').draft).toEqual({ activity_key: 'hike', day: 'SUN', group_size: { min: 3, max: 3 } });
    });
  });

  describe('clock times', () => {
    it.each<[string, DraftBrief['clock'] | undefined]>([
      ['coffee sat 7 pm', { hour: 7, minute: 0, meridiem: 'pm' }],
      ['coffee sat 7p', { hour: 7, minute: 0, meridiem: 'pm' }],
      ['coffee sat 9a', { hour: 9, minute: 0, meridiem: 'am' }],
      ['coffee sat @8pm', { hour: 8, minute: 0, meridiem: 'pm' }],
      ['coffee sat @ 6', { hour: 6, minute: 0 }],
      ['coffee sat 1pm', { hour: 1, minute: 0, meridiem: 'pm' }],
      ['coffee sat 7:60pm', undefined],
      ['coffee sat 10:30', { hour: 10, minute: 30 }],
      ['coffee sat @7:30', { hour: 7, minute: 30 }],
      ['coffee sat at 12:45am', { hour: 12, minute: 45, meridiem: 'am' }],
      ['coffee sat at 13:00', { hour: 13, minute: 0 }],
      ['coffee sat at 23:59', { hour: 23, minute: 59 }],
      ['coffee sat 13pm', undefined],
      ['coffee sat 0am', undefined],
      ['coffee sat at 24', undefined],
      ['coffee sat at 9:60', undefined],
      ['coffee sat 9', undefined],
    ])('%j has clock %j', (text, clock) => {
      const d = parse(text).draft;
      expect(d.clock).toEqual(clock);
      expect(d.activity_key).toBe('coffee');
      expect(d.day).toBe('SAT');
    });
  });

  describe('words', () => {
    it('keeps the first activity named, and the part of a relative day unless one was named', () => {
      expect(parse('coffee hike sat').draft.activity_key).toBe('coffee');
      expect(parse('tonight').draft).toEqual({ day: 'WED', part: 'EVENING' });
      expect(parse('morning tonight').draft).toEqual({ day: 'WED', part: 'MORNING' });
      expect(parse('tomorrow').draft).toEqual({ day: 'THU' });
      expect(parse('sat evening morning').draft.part).toBe('MORNING'); // a later daypart replaces
      expect(parse('sat sun').draft.day).toBe('SUN');
    });

    it('adds up motives and constraints', () => {
      expect(parse('chill deep talk coffee').draft.motive_emphasis).toEqual({ calm: 0.8, connection: 0.8 });
      expect(parse('quiet sober coffee').draft.constraints).toEqual({ quiet: true, alcohol: false });
    });

    it('reads a phrase written as one word, and number words', () => {
      expect(parse('boardgames sat').draft.activity_key).toBe('board_games');
      expect(parse('board games sat').draft.activity_key).toBe('board_games');
      expect(parse('coffee sat three people').draft.group_size).toEqual({ min: 3, max: 3 });
    });

    it('leaves short words and words with digits exact', () => {
      expect(parse('hikr sat').draft).toEqual({ day: 'SAT' }); // 4 letters: no typo allowed
      expect(parse('coffe3 sat').draft).toEqual({ day: 'SAT' });
      expect(parse('offee sat').draft).toEqual({ day: 'SAT' }); // the first letter must match
      expect(parse('hiking sat').draft.activity_key).toBe('hike');
      expect(parse('coffees sat').draft.activity_key).toBe('coffee');
    });

    it('reads a typo that is as near two words only if they mean the same', () => {
      expect(parse('coffee tursday').draft).toEqual({ activity_key: 'coffee' }); // tuesday or thursday
      expect(parse('quizt sat').draft).toEqual({ day: 'SAT' }); // quiz or quiet
      expect(parse('drinkz fri').draft).toEqual({ activity_key: 'drinks', day: 'FRI' }); // drinks and drink
    });

    it('reads punctuation and apostrophes as what they are', () => {
      expect(parse('coffee/sat').draft).toEqual({ activity_key: 'coffee', day: 'SAT' });
      expect(parse('hike,sun').draft).toEqual({ activity_key: 'hike', day: 'SUN' });
      // An apostrophe joins: "sun's" is one word, not Sunday.
      expect(parse("the sun's out, hike?").draft).toEqual({ activity_key: 'hike' });
      expect(parse('the sun\u2019s out, hike?').draft).toEqual({ activity_key: 'hike' });
    });

    it('adds no empty part to a relative day that has none', () => {
      expect(parse('tomorrow').draft).toStrictEqual({ day: 'THU' });
      expect(parse('coffee today').draft).toStrictEqual({ activity_key: 'coffee', day: 'WED' });
    });

    it('recognises a text that names only a group size or a clock time', () => {
      expect(parse('group of 4')).toEqual({ draft: { group_size: { min: 3, max: 4 } }, recognised: true, notes: [] });
      expect(parse('at 7pm').recognised).toBe(true);
      expect(parse('hmm')).toEqual({ draft: {}, recognised: false, notes: [] });
    });
  });

  describe('merging', () => {
    it('leaves no empty daypart or clock behind', () => {
      const clock = { hour: 9, minute: 0, meridiem: 'am' as const };
      expect(mergeDraft({ day: 'SAT', part: 'DAY' }, { clock })).toStrictEqual({ day: 'SAT', clock });
      expect(mergeDraft({ day: 'SAT', clock }, { part: 'EVENING' })).toStrictEqual({ day: 'SAT', part: 'EVENING' });
      expect(mergeDraft({ day: 'SAT', part: 'DAY', clock }, { day: 'SUN' })).toStrictEqual({ day: 'SUN', part: 'DAY', clock });
    });

    it('replaces what the update names and keeps the rest', () => {
      const base: DraftBrief = {
        activity_key: 'coffee', day: 'SAT', part: 'MORNING', motive_emphasis: { calm: 0.8 }, constraints: { quiet: true }, group_size: { min: 2, max: 3 },
      };
      expect(mergeDraft(base, {})).toEqual(base);
      expect(mergeDraft(base, { activity_key: 'hike', day: 'SUN', group_size: { min: 4, max: 6 } })).toEqual({
        ...base, activity_key: 'hike', day: 'SUN', group_size: { min: 4, max: 6 },
      });
      expect(mergeDraft(base, { motive_emphasis: { fun: 0.8 }, constraints: { alcohol: false } })).toEqual({
        ...base, motive_emphasis: { calm: 0.8, fun: 0.8 }, constraints: { quiet: true, alcohol: false },
      });
    });

    it('drops a clock time when only a daypart is named, and a daypart when only a clock time is', () => {
      const clock = { hour: 9, minute: 0, meridiem: 'am' as const };
      expect(mergeDraft({ day: 'SAT', clock }, { part: 'EVENING' })).toEqual({ day: 'SAT', part: 'EVENING' });
      expect(mergeDraft({ day: 'SAT', part: 'EVENING' }, { clock })).toEqual({ day: 'SAT', clock });
      expect(mergeDraft({ day: 'SAT', part: 'DAY' }, { part: 'EVENING', clock })).toEqual({ day: 'SAT', part: 'EVENING', clock });
      expect(mergeDraft({ day: 'SAT', part: 'DAY', clock }, { part: 'EVENING', clock: { hour: 7, minute: 0 } })).toEqual({
        day: 'SAT', part: 'EVENING', clock: { hour: 7, minute: 0 },
      });
    });
  });

  describe('the dictionary', () => {
    it('reads every word list and catalog synonym', () => {
      expect(parse('cafe').draft).toEqual({ activity_key: 'coffee' });
      expect(parse('today').draft).toEqual({ day: 'WED' });
      expect(parse('arvo').draft).toEqual({ part: 'DAY' });
      expect(parse('adventurous').draft).toEqual({ motive_emphasis: { adventure: 0.8 } });
      expect(parse('outdoors').draft).toEqual({ constraints: { outdoor: true } });
    });

    it('reads a phrase written as one word', () => {
      expect(parse('gamenight fri').draft).toEqual({ activity_key: 'board_games', day: 'FRI' });
      expect(parse('coffeeshop').draft).toEqual({ activity_key: 'coffee' });
      expect(parse('happyhour').draft).toEqual({ activity_key: 'drinks' });
      expect(parse('afterwork').draft).toEqual({ part: 'EVENING' });
      expect(parse('latenight').draft).toEqual({ part: 'NIGHT' });
      expect(parse('tomorrownight').draft).toEqual({ day: 'THU', part: 'EVENING' });
      expect(parse('easygoing catchup').draft).toEqual({ motive_emphasis: { comfort: 0.8, connection: 0.8 } });
      expect(parse('nodrinking dogfriendly').draft).toEqual({ constraints: { alcohol: false, dog_friendly: true } });
    });

    it('reads a word written in two or three pieces', () => {
      expect(parse('week end').draft).toEqual({ day: 'SAT' });
      expect(parse('after noon').draft).toEqual({ part: 'DAY' });
      expect(parse('to night').draft).toEqual({ day: 'WED', part: 'EVENING' });
      expect(parse('board game s').draft).toEqual({ activity_key: 'board_games' });
    });

    it('joins no more pieces than its longest phrase has words (three)', () => {
      expect(parse('cof fee').draft).toEqual({ activity_key: 'coffee' });
      expect(parse('c o f f e e').draft).toEqual({});
    });

    it('reads a catalog key as its words, however many', () => {
      const entries = [entry('pottery', ['ceramics']), entry('paint_and_sip_night', ['sip and paint'])];
      expect(parseWith(entries, 'pottery sun').draft).toEqual({ activity_key: 'pottery', day: 'SUN' });
      expect(parseWith(entries, 'paint and sip night sat').draft).toEqual({ activity_key: 'paint_and_sip_night', day: 'SAT' });
    });

    it('gives a spelling its first meaning: the catalog before the word lists, earlier entries before later', () => {
      expect(parseWith([entry('party', ['party'])], 'party sat').draft).toEqual({ activity_key: 'party', day: 'SAT' });
      expect(parseWith([entry('coffee', ['cafe']), entry('brunch', ['cafe'])], 'cafe sun').draft).toEqual({ activity_key: 'coffee', day: 'SUN' });
      // "afterwork" (the event) keeps its meaning when the word list adds "after work" (the time).
      const afterwork = [entry('afterwork', ['afterwork'])];
      expect(parseWith(afterwork, 'afterwork fri').draft).toEqual({ activity_key: 'afterwork', day: 'FRI' });
      expect(parseWith(afterwork, 'after work fri').draft).toEqual({ day: 'FRI', part: 'EVENING' });
      // Typos are matched against one-word spellings only: "after-work" is a typo of "afterwork".
      expect(parseWith(afterwork, 'after-work fri').draft).toEqual({ activity_key: 'afterwork', day: 'FRI' });
    });

    it('never reads an everyday word as a typo of a keyword', () => {
      const entries = [entry('horse_riding', ['horse', 'horses', 'riding'])];
      expect(parseWith(entries, 'horsse sat').draft).toEqual({ activity_key: 'horse_riding', day: 'SAT' });
      expect(parseWith(entries, 'at my house sat').draft).toEqual({ day: 'SAT' });
    });

    it('builds the dictionary of a catalog once', () => {
      const cat = new ActivityCatalog();
      const entries = cat.entries;
      let reads = 0;
      Object.defineProperty(cat, 'entries', { get: () => ((reads += 1), entries) });
      expect(parseBriefText('coffee sat', { ...ctx, catalog: cat }).draft).toEqual({ activity_key: 'coffee', day: 'SAT' });
      expect(parseBriefText('hike sun', { ...ctx, catalog: cat }).draft).toEqual({ activity_key: 'hike', day: 'SUN' });
      expect(reads).toBe(1);
    });
  });

  describe('clock time to window', () => {
    it.each<[string, string, number]>([
      ['coffee sat 12am', 'SAT_NIGHT', 0],
      ['coffee sat 12pm', 'SAT_DAY', 12 * 60],
      ['coffee sat at 9', 'SAT_MORNING', 9 * 60],
      ['coffee sat afternoon at 3', 'SAT_DAY', 15 * 60],
      ['coffee sat afternoon at 11', 'SAT_DAY', 11 * 60],
      ['drinks fri night at 10', 'FRI_NIGHT', 22 * 60],
      ['dinner fri at 15', 'FRI_DAY', 15 * 60],
      ['coffee sat at 4am', 'SAT_MORNING', 600], // 02:00-06:00: no LinkUp then, the daypart's default
      ['coffee sat evening at 4am', 'SAT_EVENING', 18 * 60 + 30],
      ['coffee sat at 11:30pm', 'SAT_NIGHT', 23 * 60 + 30],
      ['drinks fri late at 11', 'FRI_NIGHT', 23 * 60], // "late" is NIGHT: an evening hour
      ['run sat morning at 5', 'SAT_MORNING', 600], // a morning hour stays am: 05:00, no LinkUp then
      ['walk sat at 5', 'SAT_EVENING', 17 * 60], // a walk is a DAY activity: 1-5 are pm ...
      ['walk sat at 6', 'SAT_MORNING', 6 * 60], // ... 6 and later am
    ])('%j is %s at minute %i', (text, window, minutes) => {
      const done = completeBrief(parse(text).draft, catalog, { min: 3, max: 6 })!;
      expect(done.brief.time_window).toBe(window);
      expect(done.minutes).toBe(minutes);
    });
  });
});
