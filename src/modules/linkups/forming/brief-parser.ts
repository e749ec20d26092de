import {
  GROUP_SIZE_MAX,
  GROUP_SIZE_MIN,
  timeWindow,
  type BriefDay,
  type BriefDaypart,
  type LinkupBrief,
  type Motive,
} from '../../../common/json-shapes';
import { ActivityCatalog } from './activity-catalog';
import { addDays, DAYPART_DEFAULT_START, daypartOfMinutes, weekdayOf } from './event-time';
import {
  CONSTRAINT_WORDS, DAY_WORDS, MOTIVE_WORDS, NUMBER_WORDS, PART_WORDS, PEOPLE, RELATIVE_DAYS,
} from './brief-words';
import { editDistance, NEVER_FUZZY, typoBudget } from './fuzzy';

// Free SMS text ("coffee saturday morning", "hike sun", "board games tmrw evening") -> the parts of
// a LinkUp brief it names. Everything here is pure: the time zone and "now" come in as arguments.

export interface DraftBrief {
  activity_key?: string;
  day?: BriefDay;
  part?: BriefDaypart;
  clock?: { hour: number; minute: number; meridiem?: 'am' | 'pm' };
  motive_emphasis?: Partial<Record<Motive, number>>;
  constraints?: Record<string, boolean>;
  group_size?: { min: number; max: number };
}

export type MissingField = 'activity' | 'day';
export type ParseNote = 'group_size_clamped';

export interface ParseContext {
  now: Date;
  timeZone: string;
  catalog: ActivityCatalog;
}

export interface ParseResult {
  draft: DraftBrief;
  recognised: boolean; // the text named at least one part of a brief
  notes: ParseNote[];
}

type Action =
  | { kind: 'activity'; key: string }
  | { kind: 'day'; day: BriefDay }
  | { kind: 'relday'; offset: number; part?: BriefDaypart }
  | { kind: 'part'; part: BriefDaypart }
  | { kind: 'motive'; motive: Motive }
  | { kind: 'constraint'; key: string; value: boolean };

const STATED_MOTIVE_WEIGHT = 0.8;

interface Dictionary {
  phrases: Map<string, Action>;
  fuzzy: Array<[string, Action]>; // single-word keys long enough for typo matching
  maxWords: number;
}

const dictionaries = new WeakMap<ActivityCatalog, Dictionary>();

function dictionary(catalog: ActivityCatalog): Dictionary {
  const cached = dictionaries.get(catalog);
  if (cached) return cached;
  const phrases = new Map<string, Action>();
  // A phrase also reads written as one word ("game night", "gamenight"); the first meaning
  // registered for a spelling keeps it (activities before the word lists).
  const add = (phrase: string, action: Action) => {
    for (const spelling of [phrase, phrase.replace(/ /g, '')]) if (!phrases.has(spelling)) phrases.set(spelling, action);
  };
  for (const e of catalog.entries) {
    add(e.key.replace(/_/g, ' '), { kind: 'activity', key: e.key });
    for (const s of e.synonyms) add(s, { kind: 'activity', key: e.key });
  }
  for (const [w, day] of Object.entries(DAY_WORDS)) add(w, { kind: 'day', day });
  for (const [w, r] of Object.entries(RELATIVE_DAYS)) add(w, { kind: 'relday', ...r });
  for (const [w, part] of Object.entries(PART_WORDS)) add(w, { kind: 'part', part });
  for (const [w, motive] of Object.entries(MOTIVE_WORDS)) add(w, { kind: 'motive', motive });
  for (const [w, [key, value]] of Object.entries(CONSTRAINT_WORDS)) add(w, { kind: 'constraint', key, value });
  const fuzzy = [...phrases.entries()].filter(
    ([p]) =>
      !p.includes(' ') &&
      // Stryker disable next-line ConditionalExpression: a word of 3 letters or fewer is never within typoBudget of another token (no typo below 5 letters, 1 below 8)
      p.length >= 4,
  );
  const maxWords = Math.max(...[...phrases.keys()].map((p) => p.split(' ').length));
  const dict = { phrases, fuzzy, maxWords };
  dictionaries.set(catalog, dict);
  return dict;
}

function normalise(text: string): string {
  // "@ 6" is "at 6": read before the punctuation goes.
  let s = text.toLowerCase().replace(/[\u2018\u2019']/g, '').replace(/@/g, ' at ').replace(/[^a-z0-9:+\- ]/g, ' ');
  s = s.replace(/\b(one|two|three|four|five|six|seven|eight)\b/g, (w) => NUMBER_WORDS[w]);
  // One space between words and at both ends, where the patterns below look for whole words.
  return ` ${s} `.replace(/\s+/g, ' ');
}

export function parseBriefText(text: string, ctx: ParseContext): ParseResult {
  const draft: DraftBrief = {};
  const notes: ParseNote[] = [];
  let s = normalise(text);
  s = extractGroupSize(s, draft, notes);
  s = extractClock(s, draft);
  // Stryker disable next-line MethodExpression: the text has single spaces, so trim and filter only drop empty end tokens, which match nothing
  const tokens = s.trim().split(' ').filter(Boolean);
  for (const action of matchTokens(tokens, dictionary(ctx.catalog))) apply(draft, action, ctx);
  return { draft, recognised: Object.keys(draft).length > 0, notes };
}

function extractGroupSize(s: string, draft: DraftBrief, notes: ParseNote[]): string {
  const set = (min: number, max: number) => {
    const lo = Math.max(GROUP_SIZE_MIN, Math.min(min, max));
    const hi = Math.min(GROUP_SIZE_MAX, Math.max(min, max, GROUP_SIZE_MIN));
    if (lo !== Math.min(min, max) || hi !== Math.max(min, max)) notes.push('group_size_clamped');
    draft.group_size = { min: Math.min(lo, hi), max: hi };
  };
  const rules: Array<[RegExp, (m: RegExpMatchArray) => void]> = [
    [/ (?:1 on 1|1:1|1-on-1|one on one|just 1 other(?: person)?|1 other person|just the 2 of us) /, () => set(2, 2)],
    [new RegExp(` (\\d) ?(?:-|to) ?(\\d) ${PEOPLE}? ?(?!am|pm|:)`), (m) => set(Number(m[1]), Number(m[2]))],
    [/ (?:group of|party of|up to|max|maximum|at most|no more than) (\d+) /, (m) => set(Math.min(3, Number(m[1])), Number(m[1]))],
    [/ (?:me|myself) ?(?:and|\+|&) ?(\d+)(?: others?| more| friends| people| ppl)? /, (m) => set(Math.min(3, Number(m[1]) + 1), Number(m[1]) + 1)],
    [/ \+ ?(\d+) /, (m) => set(Math.min(3, Number(m[1]) + 1), Number(m[1]) + 1)],
    [/ (\d+) (?:others|other people|more people|more) /, (m) => set(Math.min(3, Number(m[1]) + 1), Number(m[1]) + 1)],
    [new RegExp(` (\\d+) ${PEOPLE} `), (m) => set(Math.min(3, Number(m[1])), Number(m[1]))],
    [/ small group /, () => set(3, 4)],
    [/ (?:big|bigger|large) group /, () => set(4, 6)],
  ];
  for (const [re, fn] of rules) {
    const m = s.match(re);
    if (m) {
      fn(m);
      return s.replace(m[0], ' ');
    }
  }
  return s;
}

function extractClock(s: string, draft: DraftBrief): string {
  const withMeridiem = s.match(/ (?:at )?(\d{1,2})(?::(\d{2}))? ?(am|pm|a|p) /);
  if (withMeridiem) {
    const hour = Number(withMeridiem[1]);
    const minute = Number(withMeridiem[2] ?? 0);
    if (hour >= 1 && hour <= 12 && minute < 60) {
      draft.clock = { hour, minute, meridiem: withMeridiem[3].startsWith('a') ? 'am' : 'pm' };
      return s.replace(withMeridiem[0], ' ');
    }
  }
  const bare = s.match(/ (?:at )?(\d{1,2}):(\d{2}) | at (\d{1,2}) /);
  if (bare) {
    const hour = Number(bare[1] ?? bare[3]);
    const minute = Number(bare[2] ?? 0);
    if (hour <= 23 && minute < 60) {
      draft.clock = { hour, minute };
      return s.replace(bare[0], ' ');
    }
  }
  return s;
}

// Longest phrase first, exact before fuzzy; a fuzzy match must be unambiguous.
function matchTokens(tokens: string[], dict: Dictionary): Action[] {
  // Stryker disable next-line ArrayDeclaration: apply() ignores an action of no known kind
  const actions: Action[] = [];
  let i = 0;
  while (i < tokens.length) {
    let matched = false;
    // Stryker disable next-line ArithmeticOperator: n past the end slices the same remaining words, and a match there ends the loop all the same
    for (let n = Math.min(dict.maxWords, tokens.length - i); n >= 1 && !matched; n--) {
      const phrase = tokens.slice(i, i + n).join(' ');
      const action = dict.phrases.get(phrase) ?? dict.phrases.get(phrase.replace(/ /g, '')); // "week end" is "weekend"
      if (action) {
        actions.push(action);
        i += n;
        matched = true;
      }
    }
    if (matched) continue;
    const fuzzy = fuzzyMatch(tokens[i], dict);
    if (fuzzy) actions.push(fuzzy);
    i += 1;
  }
  return actions;
}

function fuzzyMatch(token: string, dict: Dictionary): Action | undefined {
  // A token with no typo budget (under 5 letters) finds nothing below: it is no dictionary word, or
  // it would have matched exactly.
  const budget = typoBudget(token.length);
  if (NEVER_FUZZY.has(token) || /\d/.test(token)) return undefined;
  let best: Action | undefined;
  let bestDistance = budget + 1;
  // Stryker disable next-line BooleanLiteral: tie is read only once best is set, and setting best resets it
  let tie = false;
  for (const [phrase, action] of dict.fuzzy) {
    if (phrase[0] !== token[0]) continue; // typos rarely hit the first letter; this keeps false hits down
    const d = editDistance(token, phrase, budget);
    if (d < bestDistance) {
      best = action;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance && best && JSON.stringify(best) !== JSON.stringify(action)) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

function apply(draft: DraftBrief, action: Action, ctx: ParseContext): void {
  switch (action.kind) {
    case 'activity':
      draft.activity_key ??= action.key;
      return;
    case 'day':
      draft.day = action.day;
      return;
    case 'relday':
      draft.day = addDays(weekdayOf(ctx.now, ctx.timeZone), action.offset);
      if (action.part) draft.part ??= action.part;
      return;
    case 'part':
      draft.part = action.part;
      return;
    case 'motive':
      draft.motive_emphasis = { ...draft.motive_emphasis, [action.motive]: STATED_MOTIVE_WEIGHT };
      return;
    case 'constraint':
      draft.constraints = { ...draft.constraints, [action.key]: action.value };
      return;
  }
}

// A later message refines an earlier one: what it names replaces, motives and constraints add up.
export function mergeDraft(base: DraftBrief, update: DraftBrief): DraftBrief {
  const merged: DraftBrief = { ...base };
  if (update.activity_key) merged.activity_key = update.activity_key;
  if (update.day) merged.day = update.day;
  // A daypart and a clock time replace each other.
  if (update.part) merged.part = update.part;
  else if (update.clock) delete merged.part;
  if (update.clock) merged.clock = update.clock;
  else if (update.part) delete merged.clock;
  if (update.motive_emphasis) merged.motive_emphasis = { ...base.motive_emphasis, ...update.motive_emphasis };
  if (update.constraints) merged.constraints = { ...base.constraints, ...update.constraints };
  if (update.group_size) merged.group_size = update.group_size;
  return merged;
}

export function missingFields(draft: DraftBrief): MissingField[] {
  const missing: MissingField[] = [];
  if (!draft.activity_key) missing.push('activity');
  if (!draft.day) missing.push('day');
  return missing;
}

export interface CompletedBrief {
  brief: LinkupBrief;
  minutes: number; // local start time, minutes after midnight
}

// Fills what the member did not say from the activity's defaults; undefined while something is missing.
export function completeBrief(
  draft: DraftBrief,
  catalog: ActivityCatalog,
  defaultGroupSize: { min: number; max: number },
): CompletedBrief | undefined {
  if (!draft.activity_key || !draft.day) return undefined;
  const activity = catalog.describe(draft.activity_key);
  const minutes = clockMinutes(draft, activity.defaultDaypart);
  const part = minutes === undefined ? (draft.part ?? activity.defaultDaypart) : (daypartOfMinutes(minutes) ?? activity.defaultDaypart);
  return {
    brief: {
      activity_key: activity.key,
      time_window: timeWindow(draft.day, part),
      motive_emphasis: { ...activity.motives, ...draft.motive_emphasis },
      constraints: { ...activity.constraints, ...draft.constraints },
      group_size: draft.group_size ?? defaultGroupSize,
    },
    minutes: minutes ?? DAYPART_DEFAULT_START[part],
  };
}

// A clock time without am/pm is read in the light of the daypart ("dinner at 7" is 7pm).
function clockMinutes(draft: DraftBrief, fallback: BriefDaypart): number | undefined {
  const c = draft.clock;
  if (!c) return undefined;
  let hour = c.hour;
  if (c.meridiem === 'am') hour = hour % 12;
  else if (c.meridiem === 'pm') hour = (hour % 12) + 12;
  else if (hour < 12) {
    const part = draft.part ?? fallback;
    if (part === 'EVENING' || part === 'NIGHT' || (part === 'DAY' && hour < 6)) hour += 12;
  }
  const minutes = hour * 60 + c.minute;
  return daypartOfMinutes(minutes) ? minutes : undefined;
}
