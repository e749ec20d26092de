import type { Motive } from '../../../common/json-shapes';
import type { BriefDaypart } from '../../../common/json-shapes';

// How LinkUps read and describe an activity: words members text for it, the daypart assumed when
// they name none, the motives and constraints it implies, and the boundary tags it touches
// (a member whose no_thanks holds one of them is never invited to it).
export interface ActivityEntry {
  key: string;
  label: string; // lower case, used inside sentences ("coffee", "a hike")
  noun: string; // the activity as a liking ("into hiking")
  synonyms: string[]; // lower case; multi-word allowed
  defaultDaypart: BriefDaypart;
  motives: Partial<Record<Motive, number>>;
  constraints: Record<string, boolean>;
  tags: string[];
}

export const DEFAULT_ACTIVITY_CATALOG: readonly ActivityEntry[] = [
  entry('coffee', 'coffee', 'coffee', ['coffee', 'cafe', 'latte', 'espresso', 'tea', 'coffee shop'], 'MORNING',
    { connection: 0.6, calm: 0.4 }, {}, []),
  entry('walk', 'walks', 'a walk', ['walk', 'stroll', 'walking', 'wander'], 'DAY', { calm: 0.5, connection: 0.5 },
    { outdoor: true }, ['outdoor']),
  entry('hike', 'hiking', 'a hike', ['hike', 'hiking', 'trail', 'trails', 'hikes'], 'MORNING', { adventure: 0.5, fitness: 0.5 },
    { outdoor: true, physical: true }, ['outdoor', 'physical']),
  entry('board_games', 'board games', 'board games', ['board games', 'board game', 'boardgames', 'boardgame', 'game night', 'games night', 'games'],
    'EVENING', { fun: 0.7, connection: 0.4 }, { indoor: true }, ['indoor']),
  entry('museum', 'museums', 'a museum visit', ['museum', 'museums', 'gallery', 'galleries', 'exhibit', 'exhibition', 'art'], 'DAY',
    { learning: 0.6, calm: 0.4 }, { indoor: true }, ['indoor']),
  entry('dinner', 'dinners out', 'dinner', ['dinner', 'supper', 'food', 'eat', 'restaurant'], 'EVENING', { connection: 0.6, fun: 0.4 },
    {}, []),
  entry('brunch', 'brunch', 'brunch', ['brunch', 'breakfast'], 'MORNING', { connection: 0.5, fun: 0.4 }, {}, []),
  entry('drinks', 'drinks out', 'drinks', ['drinks', 'drink', 'beer', 'beers', 'bar', 'bars', 'wine', 'cocktails', 'pub', 'happy hour'],
    'EVENING', { fun: 0.6, connection: 0.4 }, { alcohol: true }, ['bars', 'alcohol']),
  entry('climbing', 'climbing', 'climbing', ['climbing', 'climb', 'bouldering', 'boulder', 'climbing gym'], 'EVENING',
    { fitness: 0.6, adventure: 0.4 }, { physical: true }, ['physical']),
  entry('yoga', 'yoga', 'yoga', ['yoga', 'pilates', 'stretch'], 'MORNING', { calm: 0.6, fitness: 0.4 }, { physical: true },
    ['physical']),
  entry('run', 'running', 'a run', ['run', 'running', 'jog', 'jogging', 'runs'], 'MORNING', { fitness: 0.7, fun: 0.3 },
    { outdoor: true, physical: true }, ['outdoor', 'physical']),
  entry('trivia', 'trivia nights', 'trivia', ['trivia', 'quiz', 'pub quiz', 'quiz night', 'trivia night'], 'EVENING',
    { fun: 0.7, learning: 0.3 }, {}, ['bars']),
  entry('concert', 'live music', 'a concert', ['concert', 'gig', 'live music', 'show', 'concerts'], 'EVENING', { fun: 0.6, adventure: 0.4 },
    { loud: true }, ['loud']),
  entry('movie', 'movies', 'a movie', ['movie', 'movies', 'film', 'cinema'], 'EVENING', { fun: 0.6, calm: 0.4 }, { indoor: true },
    ['indoor']),
];

function entry(
  key: string,
  noun: string,
  label: string,
  synonyms: string[],
  defaultDaypart: BriefDaypart,
  motives: Partial<Record<Motive, number>>,
  constraints: Record<string, boolean>,
  tags: string[],
): ActivityEntry {
  return { key, noun, label, synonyms, defaultDaypart, motives, constraints, tags };
}

export class ActivityCatalog {
  private readonly byKey: Map<string, ActivityEntry>;

  constructor(readonly entries: readonly ActivityEntry[] = DEFAULT_ACTIVITY_CATALOG) {
    this.byKey = new Map(entries.map((e) => [e.key, e]));
  }

  get(key: string): ActivityEntry | undefined {
    return this.byKey.get(key);
  }

  // Keys the catalog does not describe (a newer profile catalog entry) still work, with neutral defaults.
  describe(key: string): ActivityEntry {
    const words = key.replace(/_/g, ' ');
    return this.byKey.get(key) ?? entry(key, words, words, [words], 'DAY', {}, {}, []);
  }
}
