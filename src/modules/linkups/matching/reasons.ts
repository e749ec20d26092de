import { splitTimeWindow, type FingerprintFactor, type LinkupBrief, type MatchFilter, type Motive } from '../../../common/json-shapes';
import type { ActivityEntry } from '../forming/activity-catalog';
import type { FactorComparison, MomentParts } from './scores';

// 2-3 short phrases saying why a member fits (or does not). They describe traits, never people:
// no names, no numbers, so they can go into an invite SMS as "roughly who".

interface Reason {
  text: string;
  strength: number;
}

// [low end, high end, neither] phrasings for where the pair sits on each factor's axis.
const FACTOR_PHRASES: Record<FingerprintFactor, [string, string, string]> = {
  connection_depth: ['both keep things light', 'both like deeper conversations', 'similar depth of conversation'],
  social_pace: ['both like taking it slow', 'both like to get going', 'similar social pace'],
  social_energy: ['both like a calm vibe', 'both bring lots of energy', 'similar social energy'],
  group_comfort: ['both prefer small groups', 'both at ease in groups', 'similar comfort in groups'],
  novelty: ['both enjoy familiar favourites', 'both love trying new things', 'similar taste for new things'],
  structure: ['both go with the flow', 'both like a plan', 'similar love of plans'],
  activity_level: ['both prefer taking it easy', 'both like being active', 'similar activity level'],
  humor: ['similar sense of humor', 'both love a laugh', 'similar sense of humor'],
  curiosity: ['similar curiosity', 'both curious minds', 'similar curiosity'],
  chronotype: ['both early birds', 'both night owls', 'similar daily rhythm'],
  reliability: ['similar reliability', 'both reliable planners', 'similar reliability'],
  conversation_balance: ['both good listeners', 'both love to talk', 'similar conversation style'],
};

const MOTIVE_PHRASES: Record<Motive, string> = {
  connection: 'wants real connection',
  comfort: 'likes easygoing plans',
  fun: 'up for some fun',
  adventure: 'up for adventure',
  learning: 'loves learning new things',
  fitness: 'likes staying active',
  calm: 'likes a calm pace',
};

const FILTER_PHRASES: Record<MatchFilter, string> = {
  region: 'lives outside the region',
  active: 'account not active',
  sms_consent: 'has opted out of texts',
  entitled: 'no active membership',
  not_on_hold: 'account on hold',
  profile_complete: 'profile not finished',
  not_blocked: 'blocked with someone in the group',
  boundaries: 'said no thanks to this kind of plan',
  available: 'busy or already invited at that time',
};

const DAYPART_PLURAL = { morning: 'mornings', day: 'afternoons', evening: 'evenings', night: 'late nights' };
const FALLBACKS = ['lives in your area', 'open to meeting new people'];
const SIMILAR_ENOUGH = 0.75;

export interface ReasonInputs {
  failed: MatchFilter[];
  comparisons: FactorComparison[][]; // one list per group member
  moment: MomentParts;
  brief: LinkupBrief;
  activity: ActivityEntry;
  candidateMotives: Partial<Record<Motive, number>>;
}

export function topReasons(input: ReasonInputs): string[] {
  const reasons: Reason[] = [
    ...input.failed.map((f, i) => ({ text: FILTER_PHRASES[f], strength: 10 - i })),
    ...factorReasons(input.comparisons),
    ...momentReasons(input),
  ].sort((a, b) => b.strength - a.strength);
  const picked: string[] = [];
  for (const r of reasons) if (!picked.includes(r.text) && picked.length < 3) picked.push(r.text);
  for (const f of FALLBACKS) if (picked.length < 2 && !picked.includes(f)) picked.push(f);
  return picked;
}

function factorReasons(perMember: FactorComparison[][]): Reason[] {
  if (perMember.length === 0) return [];
  const byFactor = new Map<FingerprintFactor, { strength: number; mean: number; n: number }>();
  for (const comparisons of perMember) {
    for (const c of comparisons) {
      if (c.similarity < SIMILAR_ENOUGH) continue;
      const agg = byFactor.get(c.factor) ?? { strength: 0, mean: 0, n: 0 };
      agg.strength += (c.similarity * c.weight) / perMember.length;
      agg.mean += c.mean;
      agg.n += 1;
      byFactor.set(c.factor, agg);
    }
  }
  return [...byFactor.entries()].map(([factor, agg]) => {
    const mean = agg.mean / agg.n;
    const [low, high, mid] = FACTOR_PHRASES[factor];
    return { text: mean <= 0.35 ? low : mean >= 0.65 ? high : mid, strength: agg.strength };
  });
}

function momentReasons(input: ReasonInputs): Reason[] {
  const out: Reason[] = [];
  const { dayType, daypart } = splitTimeWindow(input.brief.time_window);
  if (input.moment.pattern >= 0.3) out.push({ text: `into ${input.activity.noun}`, strength: input.moment.pattern * 0.9 });
  if (input.moment.window === 1) out.push({ text: `likes ${dayType} ${DAYPART_PLURAL[daypart]}`, strength: 0.45 });
  const shared = sharedMotive(input.brief.motive_emphasis, input.candidateMotives);
  if (shared && input.moment.motive >= 0.7) out.push({ text: MOTIVE_PHRASES[shared], strength: 0.4 * input.moment.motive });
  return out;
}

function sharedMotive(a: Partial<Record<Motive, number>>, b: Partial<Record<Motive, number>>): Motive | undefined {
  let best: Motive | undefined;
  let bestValue = 0;
  for (const [m, x] of Object.entries(a) as Array<[Motive, number]>) {
    const v = x * (b[m] ?? 0);
    if (v > bestValue) {
      best = m;
      bestValue = v;
    }
  }
  return best;
}
