import { DAYPARTS, type Daypart, type DayType, type PreferredWindow, windowToken } from '../../../common/json-shapes';
import type { StepMatch } from './answer-parser';
import { Vocabulary, type NormalisedAnswer } from '../../../common/text';

// Free-text understanding for the steps whose answers are not a list of keywords.

type Mention = { type: 'day'; value: DayType } | { type: 'part'; value: Daypart } | { type: 'anytime' };

const DAY_WORDS: Record<string, DayType> = {
  weekday: 'weekday', weekdays: 'weekday', week: 'weekday', workday: 'weekday', workdays: 'weekday',
  monday: 'weekday', tuesday: 'weekday', wednesday: 'weekday', thursday: 'weekday', friday: 'weekday',
  mon: 'weekday', tue: 'weekday', tues: 'weekday', wed: 'weekday', thu: 'weekday', thurs: 'weekday', fri: 'weekday',
  weekend: 'weekend', weekends: 'weekend', saturday: 'weekend', sunday: 'weekend', sat: 'weekend', sun: 'weekend',
};
const PART_WORDS: Record<string, Daypart> = {
  morning: 'morning', mornings: 'morning', am: 'morning', early: 'morning', breakfast: 'morning', sunrise: 'morning',
  afternoon: 'day', afternoons: 'day', daytime: 'day', lunch: 'day', lunchtime: 'day', midday: 'day', noon: 'day',
  evening: 'evening', evenings: 'evening', eve: 'evening', dinner: 'evening', pm: 'evening', after: 'evening',
  night: 'night', nights: 'night', late: 'night', tonight: 'night', nighttime: 'night',
};
const ANYTIME = new Set(['anytime', 'whenever', 'flexible', 'always']);
const TIME_VOCABULARY = new Vocabulary([...Object.keys(DAY_WORDS), ...Object.keys(PART_WORDS), ...ANYTIME]);
const DAY_PARTS_BY_DEFAULT: Daypart[] = ['morning', 'day', 'evening'];

// "weekday evenings and weekend mornings", "saturday mornings", "evenings", "anytime" → windows.
// Day types and dayparts written next to each other combine ("saturday and sunday mornings");
// a day type alone means its mornings, days and evenings; a daypart alone means every day.
export function matchWindows(answer: NormalisedAnswer): PreferredWindow[] {
  const { mentions, negated } = timeMentions(answer.tokens);
  const keep = (w: PreferredWindow) => !negated.some((m) => m.type !== 'anytime' && w.split('_').includes(m.value));
  if (mentions.some((m) => m.type === 'anytime')) return allWindows().filter(keep);
  const groups: Array<{ first: 'day' | 'part'; days: Set<DayType>; parts: Set<Daypart> }> = [];
  for (const m of mentions) {
    if (m.type === 'anytime') continue;
    let g = groups[groups.length - 1];
    const hasOther = g && (m.type === 'day' ? g.parts.size > 0 : g.days.size > 0);
    if (!g || (g.first === m.type && hasOther)) {
      g = { first: m.type, days: new Set(), parts: new Set() };
      groups.push(g);
    }
    if (m.type === 'day') {
      g.days.add(m.value);
    } else {
      g.parts.add(m.value);
    }
  }
  const out = new Set<PreferredWindow>();
  for (const g of groups) {
    const days: DayType[] = g.days.size ? [...g.days] : ['weekday', 'weekend'];
    const parts: Daypart[] = g.parts.size ? [...g.parts] : DAY_PARTS_BY_DEFAULT;
    for (const d of days) for (const p of parts) out.add(windowToken(d, p));
  }
  // "weekends but not mornings": a negated day type or daypart is taken out again.
  return sortWindows([...out].filter(keep));
}

const NEGATORS = new Set(['no', 'not', 'never', 'except', 'but', 'avoid', 'cant', 'hate']);

function timeMentions(tokens: string[]): { mentions: Mention[]; negated: Mention[] } {
  const mentions: Mention[] = [];
  const negated: Mention[] = [];
  tokens.forEach((token, i) => {
    const target = tokens.slice(Math.max(0, i - 2), i).some((t) => NEGATORS.has(t)) ? negated : mentions;
    // "after work" is a weekday evening; "after" alone is too vague.
    if (token === 'after') {
      if (tokens[i + 1] === 'work') target.push({ type: 'day', value: 'weekday' }, { type: 'part', value: 'evening' });
      return;
    }
    if (token === 'before' && tokens[i + 1] === 'work') {
      target.push({ type: 'day', value: 'weekday' }, { type: 'part', value: 'morning' });
      return;
    }
    if (token === 'any' && (tokens[i + 1] === 'time' || tokens[i + 1] === 'day')) {
      target.push({ type: 'anytime' });
      return;
    }
    const r = TIME_VOCABULARY.resolve(token);
    if (!r) return;
    if (ANYTIME.has(r.word)) target.push({ type: 'anytime' });
    else if (r.word in DAY_WORDS) target.push({ type: 'day', value: DAY_WORDS[r.word] });
    else if (r.word in PART_WORDS) target.push({ type: 'part', value: PART_WORDS[r.word] });
  });
  return { mentions, negated };
}

export function allWindows(): PreferredWindow[] {
  return sortWindows((['weekday', 'weekend'] as DayType[]).flatMap((d) => DAYPARTS.map((p) => windowToken(d, p))));
}

export function sortWindows(windows: PreferredWindow[]): PreferredWindow[] {
  const order = allWindowsOrder();
  return [...new Set(windows)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function allWindowsOrder(): string[] {
  return ['weekday', 'weekend'].flatMap((d) => DAYPARTS.map((p) => `${d}_${p}`));
}

// Option keys of the times step from windows: each option covers one or more windows.
export function windowMatcher(optionWindows: ReadonlyArray<{ key: string; windows: readonly PreferredWindow[] }>) {
  return (answer: NormalisedAnswer): StepMatch => {
    const windows = new Set(matchWindows(answer));
    return { keys: optionWindows.filter((o) => o.windows.some((w) => windows.has(w))).map((o) => o.key) };
  };
}

const DISTANCE_RE = /(\d+(?:[.,]\d+)?)\s*(miles?|mi|kms?|kilomet(?:er|re)s?|k)\b/;

// "3 miles", "5km", "2.5 mi" → the option with the nearest radius; the number is then not an option number.
export function distanceMatcher(options: ReadonlyArray<{ key: string; radiusKm: number }>) {
  return (answer: NormalisedAnswer): StepMatch => {
    const m = DISTANCE_RE.exec(answer.lower);
    if (!m) return { keys: [] };
    const value = Number(m[1].replace(',', '.'));
    const km = m[2].startsWith('m') ? value * 1.609 : value;
    let best = options[0];
    for (const o of options) if (Math.abs(o.radiusKm - km) < Math.abs(best.radiusKm - km)) best = o;
    return { keys: [best.key], consumesNumbers: true };
  };
}
