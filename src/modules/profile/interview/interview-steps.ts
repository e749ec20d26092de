import type { FingerprintFactor, PreferredWindow } from '../../../common/json-shapes';
import { activityCatalog, type ActivityCatalog } from '../activity-catalog';
import type { AnswerOption, AnswerSpec } from './answer-parser';
import { distanceMatcher, windowMatcher } from './step-matchers';

// The interview: one SMS question per step, numbered options, free text understood.
// The six core steps come first; after them the profile is complete_mvp.

export const STEP_KEYS = [
  'activities', 'times', 'group', 'friendship', 'conversation', 'boundaries',
  'plans', 'new_things', 'energy', 'humor', 'distance',
] as const;
export type StepKey = (typeof STEP_KEYS)[number];
export const CORE_STEPS: readonly StepKey[] = STEP_KEYS.slice(0, 6);
export const OPTIONAL_STEPS: readonly StepKey[] = STEP_KEYS.slice(6);

export function isStepKey(value: unknown): value is StepKey {
  return typeof value === 'string' && (STEP_KEYS as readonly string[]).includes(value);
}

export interface InterviewOption extends AnswerOption {
  // Where this answer puts each factor (range_value), blended in with the step's strength.
  factors?: Partial<Record<FingerprintFactor, number>>;
  activityKey?: string;
  windows?: readonly PreferredWindow[];
  noThanks?: readonly string[];
  hardConstraints?: Readonly<Record<string, boolean>>;
  groupSize?: { min: number; max: number };
  radiusKm?: number;
}

export type StepKind = 'activities' | 'times' | 'boundaries' | 'factors';

export interface StepDef {
  key: StepKey;
  kind: StepKind;
  core: boolean;
  question: string;
  options: readonly InterviewOption[];
  spec: AnswerSpec;
  // Shown when an answer is re-asked: "e.g. 2" / "e.g. 1 4".
  example: string;
  // How much one answer counts for each factor it sets (0..1).
  strength: Partial<Record<FingerprintFactor, number>>;
}

const o = (key: string, label: string, keywords: string[], extra: Partial<InterviewOption> = {}): InterviewOption => ({
  key, label, keywords, listed: true, ...extra,
});

function activityOptions(catalog: ActivityCatalog): InterviewOption[] {
  // Listed ones are numbered; the rest of the catalog is still understood in free text.
  const ordered = [...catalog.listed(), ...catalog.activities.filter((a) => !a.listed)];
  return ordered.map((a) => ({
    key: a.key, label: a.label, listed: a.listed, keywords: a.keywords, emoji: a.emoji, activityKey: a.key,
  }));
}

const TIME_OPTIONS: InterviewOption[] = [
  o('weekday_morning', 'Weekday mornings', [], { windows: ['weekday_morning'] }),
  o('weekday_day', 'Weekday daytime', [], { windows: ['weekday_day'] }),
  o('weekday_evening', 'Weekday evenings', [], { windows: ['weekday_evening'] }),
  o('weekend_morning', 'Weekend mornings', [], { windows: ['weekend_morning'] }),
  o('weekend_day', 'Weekend afternoons', [], { windows: ['weekend_day'] }),
  o('weekend_evening', 'Weekend evenings', [], { windows: ['weekend_evening'] }),
  o('late_night', 'Late nights', [], { windows: ['weekday_night', 'weekend_night'] }),
];

const DISTANCE_OPTIONS: InterviewOption[] = [
  o('walking', 'Walking distance', ['walking', 'walk', 'walkable', 'close', 'nearby', 'near', 'neighborhood', 'neighbourhood', 'local'], { radiusKm: 2 }),
  o('short', 'Up to 3 miles', ['short', 'short ride', 'not far', 'bit'], { radiusKm: 5 }),
  o('town', 'Up to 10 miles', ['town', 'across town', 'city', 'anywhere in town'], { radiusKm: 16 }),
  o('far', 'Up to 25 miles', ['far', 'anywhere', 'drive', 'wherever', 'dont mind'], { radiusKm: 40 }),
];

function boundaryOptions(catalog: ActivityCatalog): InterviewOption[] {
  // Each boundary is both a no_thanks tag (matched against an activity's key and tags and the
  // LinkUp's time, e.g. late_night) and, where a plan can state it, a hard constraint.
  const listed: InterviewOption[] = [
    o('alcohol', 'Alcohol and bars', ['alcohol', 'bar', 'bars', 'drinking', 'drinks', 'booze', 'sober', 'dont drink', 'pub'],
      { noThanks: ['drinks', 'bars', 'alcohol'], hardConstraints: { alcohol: false } }),
    o('late_nights', 'Late nights', ['late', 'late nights', 'late night', 'nights', 'night'], { noThanks: ['late_night'] }),
    o('loud', 'Loud, crowded places', ['loud', 'crowded', 'crowds', 'noisy', 'noise', 'busy'],
      { noThanks: ['loud'], hardConstraints: { loud: false } }),
    o('physical', 'Tough workouts', ['tough', 'workout', 'workouts', 'exercise', 'strenuous', 'intense', 'sweaty', 'sports', 'physical'],
      { noThanks: ['physical'], hardConstraints: { physical: false } }),
    o('pricey', 'Pricey plans', ['pricey', 'expensive', 'money', 'spending', 'cost', 'costly', 'budget'],
      { noThanks: ['pricey'], hardConstraints: { pricey: false } }),
    o('none', 'Nothing, I am easy', ['nothing', 'none', 'easy', 'all good', 'anything goes', 'no limits'], {
      exclusive: true,
      exact: ['no', 'nope', 'nah', 'none', 'nothing', 'na', 'n a', 'no thanks', 'not really', 'all good', 'im easy', 'im good', 'all fine', 'fine'],
    }),
  ];
  // "no hiking": any catalog activity named here becomes a no_thanks.
  const activities = catalog.activities
    .filter((a) => a.key !== 'drinks')
    .map((a) => ({ key: `activity_${a.key}`, label: a.label, listed: false, keywords: a.keywords, emoji: a.emoji, noThanks: [a.key] }));
  return [...listed, ...activities];
}

function step(def: Omit<StepDef, 'spec'> & { multi?: boolean; negatable?: boolean; allowAll?: boolean; match?: AnswerSpec['match'] }): StepDef {
  const { multi = false, negatable, allowAll, match, ...rest } = def;
  return { ...rest, spec: { options: def.options, multi, negatable, allowAll, match } };
}

export function buildSteps(catalog: ActivityCatalog): ReadonlyMap<StepKey, StepDef> {
  const steps: StepDef[] = [
    step({
      key: 'activities', kind: 'activities', core: true, multi: true, negatable: true, allowAll: true,
      question: 'Which of these sound fun? Pick as many as you like.',
      options: activityOptions(catalog), example: '1 4', strength: { activity_level: 0.3 },
    }),
    step({
      key: 'times', kind: 'times', core: true, multi: true, negatable: true, allowAll: true,
      question: 'When are you usually free to meet up? Pick any.',
      options: TIME_OPTIONS, example: '3 4', strength: { chronotype: 0.4 },
      match: windowMatcher(TIME_OPTIONS.map((t) => ({ key: t.key, windows: t.windows ?? [] }))),
    }),
    step({
      key: 'group', kind: 'factors', core: true,
      question: 'What group size feels best?',
      options: [
        o('small', 'Small, 2-3 people', ['small', 'smaller', 'intimate', 'cozy', 'cosy', 'few', 'one on one', '1 on 1', 'tiny', 'couple'],
          { factors: { group_comfort: 0.2, social_energy: 0.35 }, groupSize: { min: 2, max: 3 }, exact: ['2 3', '2 or 3', 'two or three', '2 to 3'] }),
        o('handful', 'A handful, 3-4', ['handful', 'medium', 'middle', 'mid', 'moderate'],
          { factors: { group_comfort: 0.5, social_energy: 0.55 }, groupSize: { min: 3, max: 4 }, exact: ['3 4', '3 or 4', 'three or four', '3 to 4'] }),
        o('bigger', 'Bigger, 4-6', ['big', 'bigger', 'large', 'larger', 'lots', 'more the merrier', 'crowd', 'many'],
          { factors: { group_comfort: 0.85, social_energy: 0.8 }, groupSize: { min: 4, max: 6 }, exact: ['4 6', '4 to 6', '5 6', '5', '6'] }),
        o('any', 'Any size is fine', ['any', 'anything', 'whatever', 'depends', 'flexible', 'dont mind', 'doesnt matter', 'either', 'all'],
          { factors: { group_comfort: 0.65, social_energy: 0.6 }, groupSize: { min: 2, max: 6 } }),
      ],
      example: '2', strength: { group_comfort: 0.6, social_energy: 0.35 },
    }),
    step({
      key: 'friendship', kind: 'factors', core: true,
      question: 'How do you like new friendships to grow?',
      options: [
        o('slow', 'Slow and steady', ['slow', 'slowly', 'steady', 'gradual', 'gradually', 'take my time', 'no rush', 'see how it goes'],
          { factors: { connection_depth: 0.55, social_pace: 0.2 } }),
        o('often', 'Meet often, keep it going', ['often', 'quick', 'quickly', 'fast', 'frequent', 'regular', 'regularly', 'weekly', 'keep it going'],
          { factors: { connection_depth: 0.55, social_pace: 0.85 } }),
        o('deep', 'Deep talks early on', ['deep', 'depth', 'meaningful', 'real talk', 'deep talks', 'deep conversations', 'vulnerable'],
          { factors: { connection_depth: 0.9, social_pace: 0.6 } }),
        o('light', 'Light and fun first', ['light', 'fun', 'casual', 'chill', 'easygoing', 'laid back', 'lighthearted', 'no pressure'],
          { factors: { connection_depth: 0.25, social_pace: 0.45 } }),
      ],
      example: '1', strength: { connection_depth: 0.6, social_pace: 0.6 },
    }),
    step({
      key: 'conversation', kind: 'factors', core: true,
      question: 'In a group conversation you are usually...',
      options: [
        o('asking', 'Asking the questions', ['ask', 'asking', 'questions', 'question', 'curious', 'interviewer'],
          { factors: { conversation_balance: 0.45, curiosity: 0.9 } }),
        o('telling', 'Telling the stories', ['tell', 'telling', 'stories', 'story', 'storyteller', 'talker', 'talking', 'chatty', 'talk'],
          { factors: { conversation_balance: 0.85, curiosity: 0.5 } }),
        o('both', 'A bit of both', ['both', 'mix', 'bit of both', 'balance', 'balanced', 'depends', 'either'],
          { factors: { conversation_balance: 0.5, curiosity: 0.65 } }),
        o('listening', 'Happy listening', ['listen', 'listening', 'listener', 'quiet', 'shy', 'observe', 'observing'],
          { factors: { conversation_balance: 0.15, curiosity: 0.55 } }),
      ],
      example: '3', strength: { conversation_balance: 0.6, curiosity: 0.45 },
    }),
    step({
      key: 'boundaries', kind: 'boundaries', core: true, multi: true,
      question: 'Anything you would rather avoid? Pick any.',
      options: boundaryOptions(catalog), example: '1 3', strength: {},
    }),
    step({
      key: 'plans', kind: 'factors', core: false,
      question: 'How do you like your plans?',
      options: [
        o('fixed', 'Set in stone, I always show', ['set', 'stone', 'fixed', 'planned', 'planner', 'always show', 'organised', 'organized', 'punctual', 'on time', 'reliable', 'locked'],
          { factors: { structure: 0.9, reliability: 0.85 } }),
        o('wiggle', 'Planned, with wiggle room', ['wiggle', 'wiggle room', 'some', 'mostly', 'room', 'bit flexible', 'loosely planned'],
          { factors: { structure: 0.6, reliability: 0.7 } }),
        o('loose', 'Loose, decide on the day', ['loose', 'spontaneous', 'last minute', 'go with the flow', 'flow', 'on the day', 'flexible', 'wing it'],
          { factors: { structure: 0.2, reliability: 0.5 } }),
      ],
      example: '2', strength: { structure: 0.6, reliability: 0.3 },
    }),
    step({
      key: 'new_things', kind: 'factors', core: false,
      question: 'New places or old favourites?',
      options: [
        o('new', 'Always something new', ['new', 'novel', 'explore', 'exploring', 'different', 'adventure', 'adventurous', 'try', 'trying', 'always new'],
          { factors: { novelty: 0.9, curiosity: 0.8 } }),
        o('mix', 'A mix of both', ['mix', 'both', 'bit of both', 'either', 'balance', 'some'],
          { factors: { novelty: 0.55, curiosity: 0.6 } }),
        o('favourites', 'My trusted favourites', ['favourite', 'favourites', 'favorite', 'favorites', 'familiar', 'same', 'usual', 'trusted', 'routine', 'old'],
          { factors: { novelty: 0.15, curiosity: 0.4 } }),
      ],
      example: '2', strength: { novelty: 0.6, curiosity: 0.25 },
    }),
    step({
      key: 'energy', kind: 'factors', core: false,
      question: 'How active should plans be?',
      options: [
        o('chill', 'Chill, sit and talk', ['chill', 'relaxed', 'relaxing', 'sit', 'sitting', 'low key', 'lowkey', 'lazy', 'calm', 'talk'],
          { factors: { activity_level: 0.15 } }),
        o('moving', 'Some moving, like a walk', ['moving', 'some', 'moderate', 'light', 'bit', 'walk', 'walking', 'gentle'],
          { factors: { activity_level: 0.5 } }),
        o('sweaty', 'Get me sweaty', ['sweaty', 'sweat', 'active', 'sporty', 'intense', 'workout', 'exercise', 'very', 'hard'],
          { factors: { activity_level: 0.9 } }),
      ],
      example: '2', strength: { activity_level: 0.6 },
    }),
    step({
      key: 'humor', kind: 'factors', core: false,
      question: 'How much joking around do you like?',
      options: [
        o('banter', 'Constant banter', ['banter', 'constant', 'joke', 'jokes', 'joking', 'funny', 'laugh', 'laughs', 'lots', 'silly', 'goofy', 'a lot'],
          { factors: { humor: 0.9 } }),
        o('some', 'Some laughs, some depth', ['some', 'mix', 'both', 'balance', 'bit'], { factors: { humor: 0.55 } }),
        o('serious', 'I am more on the serious side', ['serious', 'sincere', 'earnest', 'not much', 'little', 'deep'], { factors: { humor: 0.2 } }),
      ],
      example: '2', strength: { humor: 0.6 },
    }),
    step({
      key: 'distance', kind: 'factors', core: false,
      question: 'How far will you go to meet up?',
      options: DISTANCE_OPTIONS, example: '2', strength: {},
      match: distanceMatcher(DISTANCE_OPTIONS.map((d) => ({ key: d.key, radiusKm: d.radiusKm ?? 0 }))),
    }),
  ];
  return new Map(steps.map((s) => [s.key, s]));
}

export const STEPS = buildSteps(activityCatalog);

export function stepDef(key: StepKey): StepDef {
  const def = STEPS.get(key);
  if (!def) throw new Error(`unknown interview step ${key}`);
  return def;
}

export function listedOptions(def: StepDef): InterviewOption[] {
  return def.options.filter((x) => x.listed);
}

// "Which of these sound fun? ...\n1) Coffee\n2) Walk ..."
export function renderQuestion(def: StepDef): string {
  const lines = listedOptions(def).map((x, i) => `${i + 1}) ${x.label}`);
  return `${def.question}\n${lines.join('\n')}`;
}
