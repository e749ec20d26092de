import { validateActivityPatterns, validateFingerprint } from '../../../common/json-shapes';
import { activityCatalog } from '../activity-catalog';
import { emptyProfileData, type ProfileData } from '../profile-data';
import { applyBehaviour, BEHAVIOUR_SIGNAL_KINDS, type BehaviourSettings } from './behaviour-signals';

const settings: BehaviourSettings = { halfLifeDays: 180, maxConfidence: 0.95, maxShift: 0.05, weight: 1 };
const base = (): ProfileData => ({
  ...emptyProfileData(),
  fingerprint: {
    social_pace: { range_value: 0.4, confidence: 0.6, freshness_days: 10, sources: { interview: 1 } },
    reliability: { range_value: 0.7, confidence: 0.3, freshness_days: 10, sources: { interview: 1 } },
  },
  activity_patterns: [
    { activity_key: 'coffee', motive_weights: { connection: 0.7 }, constraints: {}, preferred_windows: ['weekend_morning'], confidence: 0.5, freshness_days: 10 },
  ],
});

describe('behaviour signals', () => {
  it.each(BEHAVIOUR_SIGNAL_KINDS)('%s keeps valid shapes, with and without an activity', (kind) => {
    for (const activity of [undefined, 'coffee', 'hike', 'pickleball']) {
      const { data } = applyBehaviour(base(), kind, activity, activityCatalog, settings);
      expect(validateFingerprint(data.fingerprint)).toEqual([]);
      expect(validateActivityPatterns(data.activity_patterns)).toEqual([]);
    }
  });

  it('an accepted invite nudges social pace up and the activity pattern up', () => {
    const { data, changed } = applyBehaviour(base(), 'invite_accepted', 'coffee', activityCatalog, settings);
    expect(data.fingerprint.social_pace!.range_value).toBeGreaterThan(0.4);
    expect(data.fingerprint.social_pace!.range_value).toBeLessThanOrEqual(0.45);
    expect(data.fingerprint.social_pace!.confidence).toBeGreaterThan(0.55);
    expect(data.fingerprint.social_pace!.sources.invite_accepted).toBeGreaterThan(0);
    expect(data.activity_patterns[0]).toMatchObject({ confidence: 0.55, freshness_days: 0 });
    expect(changed).toEqual(['social_pace', 'activity_patterns.coffee']);
  });

  it('a decline counts less than an accept and never creates a pattern', () => {
    const accepted = applyBehaviour(base(), 'invite_accepted', undefined, activityCatalog, settings).data;
    const declined = applyBehaviour(base(), 'invite_declined', 'hike', activityCatalog, settings).data;
    expect(0.4 - declined.fingerprint.social_pace!.range_value).toBeLessThan(accepted.fingerprint.social_pace!.range_value - 0.4);
    expect(declined.activity_patterns.map((p) => p.activity_key)).toEqual(['coffee']);
  });

  it('"do again" raises reliability and learns a new activity with the member\'s windows', () => {
    const { data } = applyBehaviour(base(), 'do_again', 'hike', activityCatalog, settings);
    expect(data.fingerprint.reliability!.range_value).toBeGreaterThan(0.7);
    expect(data.activity_patterns[1]).toMatchObject({ activity_key: 'hike', confidence: 0.3, preferred_windows: ['weekend_morning'] });
  });

  it('"not again" lowers the pattern, never below a floor', () => {
    let data = base();
    for (let i = 0; i < 10; i++) data = applyBehaviour(data, 'not_again', 'coffee', activityCatalog, settings).data;
    expect(data.activity_patterns[0].confidence).toBe(0.05);
  });
});
