import { DEMO_REGION } from '../regions';

// Made-up people for the demo city: the phone simulator's members (added one click at a time) and
// the seeded crowd (npm run seed:demo). Numbers come from ranges no real subscriber has: the phone
// simulator uses the fictional 555-01xx block of a few Bay Area codes, the seed 555-2000 upwards.

export const FIRST_NAMES = [
  'Ada', 'Ben', 'Chloe', 'Diego', 'Esme', 'Farid', 'Grace', 'Hiro', 'Imani', 'Jonas', 'Kai', 'Lena', 'Mateo', 'Nia', 'Omar',
  'Priya', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Umar', 'Vera', 'Wen', 'Xavi', 'Yara', 'Zane', 'Aiko', 'Bruno', 'Carmen', 'Dev',
  'Elif', 'Femi', 'Gia', 'Hugo', 'Ines', 'Jae', 'Kofi', 'Lucia', 'Malik', 'Noor', 'Oscar', 'Pilar', 'Ravi', 'Sofia', 'Theo',
  'Uma', 'Vik', 'Willa', 'Yusuf', 'Zoe', 'Amara', 'Bao', 'Cyrus', 'Dara', 'Emeka', 'Freya', 'Gus', 'Hana', 'Ivan', 'Jade',
] as const;

export const LAST_NAMES = [
  'Okafor', 'Nguyen', 'Garcia', 'Kim', 'Patel', 'Rossi', 'Silva', 'Cohen', 'Haddad', 'Larsen', 'Moreno', 'Tanaka', 'Mensah',
  'Dubois', 'Novak', 'Reyes', 'Walsh', 'Khan', 'Fischer', 'Ito', 'Alvarez', 'Berg', 'Chen', 'Diaz', 'Evans', 'Farah',
] as const;

// Area codes whose 555-0100..0199 numbers are reserved for fiction (and valid to libphonenumber).
const PHONE_AREAS = ['415', '628', '510', '650'];
export const PHONE_NUMBERS: readonly string[] = PHONE_AREAS.flatMap((area) =>
  Array.from({ length: 100 }, (_, i) => `+1${area}55501${String(i).padStart(2, '0')}`),
);

// The seeded crowd: +1 415 555 2000 .. 9999, then the same block of the next area code.
const SEED_AREAS = ['415', '628', '510', '650', '925'];
const SEED_BLOCK = 8000;
export const MAX_SEEDED_MEMBERS = SEED_AREAS.length * SEED_BLOCK;

export function seededNumber(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SEEDED_MEMBERS) throw new RangeError(`no seeded number #${index}`);
  return `+1${SEED_AREAS[Math.floor(index / SEED_BLOCK)]}555${2000 + (index % SEED_BLOCK)}`;
}

export interface Persona {
  firstName: string;
  lastName: string;
  birthday: string; // YYYY-MM-DD, 21 to 60 years before 2025
  zip: string; // one of the demo region's
}

// Deterministic, so a rerun of the seed describes the same people.
export function personaFor(index: number): Persona {
  const zips = DEMO_REGION.geometry.zips;
  const year = 1965 + ((index * 7) % 39);
  const month = 1 + ((index * 5) % 12);
  const day = 1 + ((index * 11) % 28);
  return {
    firstName: FIRST_NAMES[index % FIRST_NAMES.length],
    lastName: LAST_NAMES[(index * 7 + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length],
    birthday: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    zip: zips[index % zips.length],
  };
}

// What a persona answers to each core interview question, in words the interview understands (its
// keywords, not option numbers, so a reordered question still gets the same answer). Optional
// questions get "later".
export type InterviewAnswers = Record<'activities' | 'times' | 'group' | 'friendship' | 'conversation' | 'boundaries', string>;

const ANSWER_SCRIPTS: readonly InterviewAnswers[] = [
  { activities: 'coffee, walk', times: 'weekend mornings and weekday evenings', group: 'small', friendship: 'slow', conversation: 'both', boundaries: 'nothing' },
  { activities: 'coffee, hike', times: 'weekend mornings', group: 'handful', friendship: 'deep', conversation: 'asking', boundaries: 'late nights' },
  { activities: 'coffee, board games', times: 'weekend mornings and weekend afternoons', group: 'any', friendship: 'often', conversation: 'telling', boundaries: 'nothing' },
  { activities: 'walk, coffee, museum', times: 'weekend mornings and weekday mornings', group: 'small', friendship: 'light', conversation: 'listening', boundaries: 'loud' },
];

export function interviewAnswersFor(index: number): InterviewAnswers {
  return ANSWER_SCRIPTS[index % ANSWER_SCRIPTS.length];
}
