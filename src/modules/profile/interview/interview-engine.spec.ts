import { activityCatalog } from '../activity-catalog';
import { emptyProfileData, type ProfileData } from '../profile-data';
import {
  decodePosition, encodePosition, FLOW_STEPS, firstPosition, takeTurn, type EngineContext, type InterviewPosition, type TurnResult,
} from './interview-engine';
import { CORE_STEPS, STEPS } from './interview-steps';

const ctx: EngineContext = { steps: STEPS, catalog: activityCatalog, signals: { halfLifeDays: 180, maxConfidence: 0.95 }, maxReasks: 1 };

// Feeds answers one by one from the start of a flow; returns every turn.
function run(answers: string[], position: InterviewPosition = firstPosition('onboarding'), data = emptyProfileData()) {
  const turns: TurnResult[] = [];
  let p: InterviewPosition | null = position;
  let d: ProfileData = data;
  for (const text of answers) {
    if (!p) throw new Error(`answer ${JSON.stringify(text)} after the interview ended`);
    const t = takeTurn(p, text, d, ctx);
    turns.push(t);
    p = t.next;
    d = t.data;
  }
  return { turns, position: p, data: d };
}

describe('interview engine', () => {
  it('walks the onboarding flow, core steps first, to the end', () => {
    const { turns, position, data } = run(['1 4', 'weekends', '2', 'deep talks', '3', 'no', '1', '2', '3', '1', '2']);
    expect(turns.map((t) => t.outcome)).toEqual(Array(11).fill('answered'));
    expect(turns.map((t) => t.step)).toEqual(FLOW_STEPS.onboarding);
    expect(turns.map((t) => t.passedCore)).toEqual([false, false, false, false, false, true, false, false, false, false, false]);
    expect(turns[10].finished).toBe(true);
    expect(position).toBeNull();
    expect(Object.keys(data.fingerprint).sort()).toEqual([
      'activity_level', 'chronotype', 'connection_depth', 'conversation_balance', 'curiosity', 'group_comfort',
      'humor', 'novelty', 'reliability', 'social_energy', 'social_pace', 'structure',
    ]);
    expect(data.activity_patterns.map((p) => [p.activity_key, p.preferred_windows])).toEqual([
      ['coffee', ['weekend_morning', 'weekend_day', 'weekend_evening']],
      ['board_games', ['weekend_morning', 'weekend_day', 'weekend_evening']],
    ]);
    expect(data.boundaries).toEqual({ no_thanks: [], hard_constraints: {} });
    expect(data.preferences).toEqual({ group_size: { min: 3, max: 4 }, radius_km: 5 });
    expect(data.fingerprint.connection_depth).toMatchObject({ range_value: 0.9, confidence: 0.6, sources: { interview: 1 } });
    expect(turns[10].reply).toMatch(/All done/);
  });

  it('re-asks an unrecognised answer once with an example, then skips it', () => {
    const { turns, position } = run(['pizza', 'pizza again'], firstPosition('onboarding', 'group'));
    expect(turns[0]).toMatchObject({ outcome: 'reasked', unrecognised: 'no_match', next: { step: 'group', reasks: 1 } });
    expect(turns[0].reply).toMatch(/^Sorry, I did not get that\. Reply with a number, e\.g\. 2, or SKIP\.\n\(3\/11\) What group size/);
    expect(turns[1]).toMatchObject({ outcome: 'skipped', unrecognised: 'no_match' });
    expect(turns[1].reply).toMatch(/^No problem, we will skip that one\.\n\(4\/11\) How do you like new friendships/);
    expect(position).toEqual({ flow: 'onboarding', step: 'friendship', reasks: 0 });
  });

  it('is never stuck: any run of nonsense, empty or emoji answers ends the interview in at most two per step', () => {
    const junk = ['', '\u{1F937}', 'x'.repeat(1600), '99', '   '];
    const answers = Array.from({ length: 22 }, (_, i) => junk[i % junk.length]);
    const { turns, position, data } = run(answers);
    expect(position).toBeNull();
    expect(turns.filter((t) => t.outcome === 'skipped')).toHaveLength(11);
    expect(turns.filter((t) => t.outcome === 'reasked')).toHaveLength(11);
    expect(data).toEqual(emptyProfileData());
  });

  it('skips on "skip" without changing the profile, and a recognised answer after a re-ask counts', () => {
    const { turns } = run(['skip', '??', 'weekday evenings']);
    expect(turns.map((t) => t.outcome)).toEqual(['skipped', 'reasked', 'answered']);
    expect(turns[0].data).toEqual(emptyProfileData());
    expect(turns[2].data.fingerprint.chronotype?.range_value).toBe(0.7);
  });

  it('pauses on "later" and repeats the question on "repeat", without counting a re-ask', () => {
    const start = firstPosition('onboarding', 'friendship');
    expect(takeTurn(start, 'later', emptyProfileData(), ctx)).toMatchObject({ outcome: 'paused', next: null });
    const repeated = takeTurn(start, 'repeat', emptyProfileData(), ctx);
    expect(repeated).toMatchObject({ outcome: 'repeated', next: start });
    expect(repeated.reply).toMatch(/^\(4\/11\) How do you like new friendships/);
  });

  it('marks the end of the core steps only in the onboarding flow', () => {
    const last = CORE_STEPS[CORE_STEPS.length - 1];
    expect(takeTurn(firstPosition('onboarding', last), 'skip', emptyProfileData(), ctx)).toMatchObject({
      passedCore: true, finished: false, next: { step: 'plans' },
    });
    const optional = run(['1', '1', '1', '1', '1'], firstPosition('optional'));
    expect(optional.turns.map((t) => t.passedCore)).not.toContain(true);
    expect(optional.turns[4].finished).toBe(true);
  });

  it('runs the short refresh flow: activities, times, group', () => {
    const { turns } = run(['hiking', 'evenings', 'small'], firstPosition('refresh'));
    expect(turns.map((t) => t.step)).toEqual(['activities', 'times', 'group']);
    expect(turns[2]).toMatchObject({ finished: true });
    expect(turns[2].reply).toMatch(/up to date/);
  });

  it('encodes its position in the conversation state token and refuses foreign tokens', () => {
    const p: InterviewPosition = { flow: 'optional', step: 'humor', reasks: 1 };
    expect(encodePosition(p)).toBe('interview:optional:humor:1');
    expect(decodePosition(encodePosition(p))).toEqual(p);
    for (const bad of ['idle', '', null, 'interview:optional:activities:0', 'interview:bogus:humor:0', 'interview:optional:humor:x']) {
      expect(decodePosition(bad)).toBeNull();
    }
  });
});
