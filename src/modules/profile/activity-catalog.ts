import { isMotive, isSlug, type Motive } from '../../common/json-shapes';

// One activity members can do together. Keys are permanent (stored in profiles, briefs, region
// rules); labels and keywords can change freely.
export interface ActivityDefinition {
  key: string;
  // As shown in SMS (GSM-7, short).
  label: string;
  // Lower-case words or phrases that mean this activity in free text ("cafe", "board game").
  keywords: readonly string[];
  emoji: readonly string[];
  // Why people usually do it: the default motive weights of a new pattern.
  motives: Readonly<Partial<Record<Motive, number>>>;
  // Facts matched against boundaries' hard_constraints; the same vocabulary as LinkUp briefs
  // (alcohol, loud, physical, pricey, late_night, indoor, outdoor, quiet).
  constraints: Readonly<Record<string, boolean>>;
  // How physically active, 0..1: feeds the activity_level factor.
  energy: number;
  // Listed (numbered) in the interview's activity question; unlisted ones still match free text.
  listed: boolean;
}

// The seed catalog. Code-defined on purpose: each entry carries parser keywords and defaults that
// are reviewed and tested with the interview; adding an activity is one entry here. Stored patterns
// only require a snake_case key, so retiring an entry never invalidates a profile.
export const BASE_ACTIVITIES: readonly ActivityDefinition[] = [
  {
    key: 'coffee', label: 'Coffee', listed: true, energy: 0.1,
    keywords: ['coffee', 'cafe', 'espresso', 'latte', 'tea', 'coffee shop'], emoji: ['\u2615'],
    motives: { connection: 0.7, comfort: 0.6, calm: 0.4 }, constraints: { indoor: true, quiet: true, alcohol: false },
  },
  {
    key: 'walk', label: 'Walk', listed: true, energy: 0.35,
    keywords: ['walk', 'walking', 'stroll', 'park', 'dog walk'], emoji: ['\u{1F6B6}'],
    motives: { connection: 0.6, calm: 0.5, fitness: 0.3 }, constraints: { outdoor: true, quiet: true },
  },
  {
    key: 'hike', label: 'Hike', listed: true, energy: 0.75,
    keywords: ['hike', 'hiking', 'trail', 'trails', 'mountain', 'mountains', 'nature'], emoji: ['\u{1F97E}', '\u26F0', '\u{1F3D4}'],
    motives: { adventure: 0.7, fitness: 0.6, connection: 0.4 }, constraints: { outdoor: true, physical: true },
  },
  {
    key: 'board_games', label: 'Board games', listed: true, energy: 0.1,
    keywords: ['board games', 'boardgames', 'board game', 'boardgame', 'games', 'game night', 'catan', 'chess', 'cards'],
    emoji: ['\u{1F3B2}', '\u265F'],
    motives: { fun: 0.8, connection: 0.5, comfort: 0.4 }, constraints: { indoor: true },
  },
  {
    key: 'museum', label: 'Museum', listed: true, energy: 0.25,
    keywords: ['museum', 'museums', 'gallery', 'galleries', 'art', 'exhibit', 'exhibition'], emoji: ['\u{1F5BC}', '\u{1F3DB}'],
    motives: { learning: 0.8, calm: 0.4, connection: 0.4 }, constraints: { indoor: true, quiet: true },
  },
  {
    key: 'dinner', label: 'Dinner', listed: true, energy: 0.05,
    keywords: ['dinner', 'food', 'eat', 'eating', 'restaurant', 'restaurants', 'eating out', 'foodie'],
    emoji: ['\u{1F37D}', '\u{1F35D}', '\u{1F355}', '\u{1F35C}', '\u{1F32E}'],
    motives: { connection: 0.7, comfort: 0.5, fun: 0.4 }, constraints: { indoor: true, pricey: true },
  },
  {
    key: 'drinks', label: 'Drinks', listed: true, energy: 0.05,
    keywords: ['drinks', 'drink', 'bar', 'bars', 'beer', 'beers', 'wine', 'cocktails', 'cocktail', 'pub', 'happy hour'],
    emoji: ['\u{1F37B}', '\u{1F37A}', '\u{1F377}', '\u{1F378}', '\u{1F379}'],
    motives: { fun: 0.7, connection: 0.6 }, constraints: { alcohol: true, indoor: true, loud: true },
  },
  {
    key: 'climbing', label: 'Climbing', listed: true, energy: 0.8,
    keywords: ['climbing', 'climb', 'bouldering', 'boulder', 'climbing gym', 'rock climbing'], emoji: ['\u{1F9D7}'],
    motives: { adventure: 0.7, fitness: 0.7, fun: 0.5 }, constraints: { indoor: true, physical: true },
  },
  {
    key: 'yoga', label: 'Yoga', listed: true, energy: 0.45,
    keywords: ['yoga', 'pilates', 'stretching', 'meditation', 'meditate'], emoji: ['\u{1F9D8}'],
    motives: { calm: 0.8, fitness: 0.5 }, constraints: { quiet: true },
  },
  {
    key: 'run', label: 'Run', listed: true, energy: 0.85,
    keywords: ['run', 'runs', 'running', 'jog', 'jogging', '5k', '10k', 'run club'], emoji: ['\u{1F3C3}'],
    motives: { fitness: 0.9, connection: 0.3 }, constraints: { outdoor: true, physical: true },
  },
  {
    key: 'trivia', label: 'Trivia', listed: true, energy: 0.05,
    keywords: ['trivia', 'quiz', 'quizzes', 'pub quiz', 'quiz night'], emoji: ['\u{1F9E0}'],
    motives: { fun: 0.8, learning: 0.5, connection: 0.5 }, constraints: { indoor: true, loud: true },
  },
  {
    key: 'concert', label: 'Concert', listed: true, energy: 0.3,
    keywords: ['concert', 'concerts', 'live music', 'gig', 'gigs', 'music', 'festival'], emoji: ['\u{1F3B5}', '\u{1F3B6}', '\u{1F3B8}', '\u{1F3A4}'],
    motives: { fun: 0.8, adventure: 0.4 }, constraints: { loud: true, late_night: true, pricey: true },
  },
  {
    key: 'brunch', label: 'Brunch', listed: false, energy: 0.05,
    keywords: ['brunch', 'breakfast'], emoji: ['\u{1F95E}'],
    motives: { connection: 0.7, comfort: 0.6, fun: 0.4 }, constraints: { indoor: true },
  },
  {
    key: 'movie', label: 'Movie', listed: false, energy: 0.05,
    keywords: ['movie', 'movies', 'cinema', 'film', 'films'], emoji: ['\u{1F3AC}', '\u{1F37F}'],
    motives: { comfort: 0.6, fun: 0.6 }, constraints: { indoor: true, quiet: true },
  },
  {
    key: 'bike_ride', label: 'Bike ride', listed: false, energy: 0.7,
    keywords: ['bike', 'bikes', 'biking', 'cycling', 'bike ride', 'cycle'], emoji: ['\u{1F6B4}', '\u{1F6B2}'],
    motives: { adventure: 0.5, fitness: 0.7, fun: 0.4 }, constraints: { outdoor: true, physical: true },
  },
  {
    key: 'volunteering', label: 'Volunteering', listed: false, energy: 0.3,
    keywords: ['volunteer', 'volunteering', 'charity', 'community service'], emoji: [],
    motives: { connection: 0.6, learning: 0.4, calm: 0.3 }, constraints: {},
  },
];

export class ActivityCatalog {
  private readonly byKey: ReadonlyMap<string, ActivityDefinition>;

  constructor(readonly activities: readonly ActivityDefinition[]) {
    const problems = activities.flatMap(checkDefinition);
    const keys = activities.map((a) => a.key);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dupes.length) problems.push(`duplicate activity keys: ${dupes.join(', ')}`);
    if (problems.length) throw new Error(`invalid activity catalog: ${problems.join('; ')}`);
    this.byKey = new Map(activities.map((a) => [a.key, a]));
  }

  get(key: string): ActivityDefinition | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(): ReadonlySet<string> {
    return new Set(this.byKey.keys());
  }

  listed(): ActivityDefinition[] {
    return this.activities.filter((a) => a.listed);
  }
}

function checkDefinition(a: ActivityDefinition): string[] {
  const problems: string[] = [];
  if (!isSlug(a.key)) problems.push(`${a.key}: key must be snake_case`);
  if (!/^[A-Za-z][A-Za-z ]{0,19}$/.test(a.label)) problems.push(`${a.key}: label must be short plain text`);
  for (const [motive, w] of Object.entries(a.motives)) {
    if (!isMotive(motive) || w < 0 || w > 1) problems.push(`${a.key}: bad motive ${motive}`);
  }
  for (const k of Object.keys(a.constraints)) if (!isSlug(k)) problems.push(`${a.key}: bad constraint ${k}`);
  if (!(a.energy >= 0 && a.energy <= 1)) problems.push(`${a.key}: energy must be 0..1`);
  if (a.keywords.some((k) => k !== k.toLowerCase().trim())) problems.push(`${a.key}: keywords must be lower case`);
  return problems;
}

export const activityCatalog = new ActivityCatalog(BASE_ACTIVITIES);
