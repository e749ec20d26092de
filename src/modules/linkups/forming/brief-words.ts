import type { BriefDay, BriefDaypart, Motive } from '../../../common/json-shapes';

// The words of the brief parser (lower case; multi-word phrases allowed). Activity words come from
// the activity catalog.

export const DAY_WORDS: Record<string, BriefDay> = {
  mon: 'MON', monday: 'MON', tue: 'TUE', tues: 'TUE', tuesday: 'TUE', wed: 'WED', weds: 'WED', wednesday: 'WED',
  thu: 'THU', thur: 'THU', thurs: 'THU', thursday: 'THU', fri: 'FRI', friday: 'FRI', sat: 'SAT', saturday: 'SAT',
  sun: 'SUN', sunday: 'SUN', weekend: 'SAT', 'this weekend': 'SAT',
};
export const RELATIVE_DAYS: Record<string, { offset: number; part?: BriefDaypart }> = {
  today: { offset: 0 }, tdy: { offset: 0 }, tonight: { offset: 0, part: 'EVENING' }, tonite: { offset: 0, part: 'EVENING' },
  tomorrow: { offset: 1 }, tmrw: { offset: 1 }, tmr: { offset: 1 }, tmw: { offset: 1 }, tomoz: { offset: 1 },
  '2moro': { offset: 1 }, '2morrow': { offset: 1 }, tomorow: { offset: 1 }, tommorow: { offset: 1 },
  'tomorrow night': { offset: 1, part: 'EVENING' },
};
export const PART_WORDS: Record<string, BriefDaypart> = {
  morning: 'MORNING', morn: 'MORNING', mornin: 'MORNING', early: 'MORNING',
  afternoon: 'DAY', arvo: 'DAY', lunch: 'DAY', lunchtime: 'DAY', midday: 'DAY', noon: 'DAY', daytime: 'DAY',
  evening: 'EVENING', eve: 'EVENING', 'after work': 'EVENING', night: 'EVENING', nite: 'EVENING',
  late: 'NIGHT', 'late night': 'NIGHT',
};
export const MOTIVE_WORDS: Record<string, Motive> = {
  chill: 'calm', chilled: 'calm', relaxed: 'calm', relaxing: 'calm', 'low key': 'calm', lowkey: 'calm', mellow: 'calm',
  calm: 'calm', peaceful: 'calm',
  cozy: 'comfort', cosy: 'comfort', comfy: 'comfort', casual: 'comfort', easy: 'comfort', 'easy going': 'comfort',
  deep: 'connection', meaningful: 'connection', talk: 'connection', chat: 'connection', conversation: 'connection',
  'get to know': 'connection', 'catch up': 'connection', connect: 'connection',
  fun: 'fun', laughs: 'fun', laugh: 'fun', silly: 'fun', party: 'fun',
  adventure: 'adventure', adventurous: 'adventure', explore: 'adventure', exploring: 'adventure', spontaneous: 'adventure',
  learn: 'learning', learning: 'learning', interesting: 'learning', nerdy: 'learning',
  workout: 'fitness', exercise: 'fitness', active: 'fitness', sweat: 'fitness', sporty: 'fitness',
};
export const CONSTRAINT_WORDS: Record<string, [string, boolean]> = {
  quiet: ['quiet', true], indoor: ['indoor', true], indoors: ['indoor', true], inside: ['indoor', true],
  outdoor: ['outdoor', true], outdoors: ['outdoor', true], outside: ['outdoor', true],
  cheap: ['low_cost', true], budget: ['low_cost', true], affordable: ['low_cost', true],
  sober: ['alcohol', false], 'no alcohol': ['alcohol', false], 'no drinking': ['alcohol', false],
  'no drinks': ['alcohol', false], 'alcohol free': ['alcohol', false],
  dog: ['dog_friendly', true], dogs: ['dog_friendly', true], 'dog friendly': ['dog_friendly', true],
  accessible: ['step_free', true], wheelchair: ['step_free', true], 'step free': ['step_free', true],
  kids: ['kid_friendly', true], 'kid friendly': ['kid_friendly', true],
};

export const NUMBER_WORDS: Record<string, string> = { one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8' };
export const PEOPLE = '(?:people|ppl|persons?|of us|friends|folks|peeps|total)';
