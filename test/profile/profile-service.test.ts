import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { JsonShapeError } from '../../src/common/json-shapes';
import { TransactionRunner } from '../../src/database';
import { ProfileError, ProfileService } from '../../src/modules/profile';
import { ProfileWriter } from '../../src/modules/profile/profile-writer';
import { backdateProfile, profileEvents, profileRow, sessionOf, setProfile, smsTo, text } from '../support/profile-helpers';

const factor = (range_value: number, confidence: number) => ({ range_value, confidence, freshness_days: 0, sources: { interview: 1 } });
const coffee = {
  activity_key: 'coffee', motive_weights: { connection: 0.7 }, constraints: { quiet: true }, preferred_windows: ['weekend_morning' as const],
  confidence: 0.5, freshness_days: 0,
};

describe('profile service', () => {
  let t: TestApp;
  let profiles: ProfileService;

  beforeAll(async () => {
    t = await startTestApp();
    profiles = t.app.get(ProfileService);
  });
  afterAll(() => t.close());

  async function member(state: 'complete_full' | 'complete_mvp' = 'complete_full', staleAt: Date | null = null) {
    const m = await makeMember(t.app);
    await setProfile(t.app, m.id, {
      state, staleAt, completedAt: state === 'complete_full' ? new Date() : null,
      fingerprint: { social_pace: factor(0.4, 0.6), reliability: factor(0.7, 0.3), humor: factor(0.9, 0.6) },
      activity_patterns: [coffee], boundaries: { no_thanks: ['drinks'], hard_constraints: { alcohol: false } },
      preferences: { group_size: { min: 2, max: 4 } },
    });
    return m;
  }

  it('applies a behaviour signal once per idempotency key: slow moves, more confidence', async () => {
    const m = await member();
    const signal = { userId: m.id, kind: 'invite_accepted' as const, activityKey: 'coffee', idempotencyKey: `invite_accepted:${m.id}` };
    expect(await profiles.applyBehaviourSignal(signal)).toEqual({ applied: true });
    const once = await profileRow(t.app, m.id);
    expect(await profiles.applyBehaviourSignal(signal)).toEqual({ applied: false });
    expect(await profileRow(t.app, m.id)).toEqual(once);

    const pace = once.fingerprint.social_pace!;
    expect(pace.range_value).toBeGreaterThan(0.4);
    expect(pace.range_value).toBeLessThanOrEqual(0.45);
    expect(pace.confidence).toBeGreaterThan(0.6);
    expect(Object.keys(pace.sources).sort()).toEqual(['interview', 'invite_accepted']);
    expect(once.activity_patterns[0].confidence).toBe(0.55);
    expect(new Date(once.stale_at!).getTime()).toBeGreaterThan(Date.now() + 179 * 86_400_000);
    const events = await profileEvents(t.app, m.id);
    expect(events).toEqual([
      { event_type: 'behaviour_signal', idempotency_key: `invite_accepted:${m.id}`, payload: { kind: 'invite_accepted', activity_key: 'coffee', changed: ['social_pace', 'activity_patterns.coffee'] } },
    ]);

    // Joins the caller's transaction: rolled back with it, so a retry applies it.
    const key = { ...signal, kind: 'do_again' as const, idempotencyKey: `outcome:${m.id}` };
    await expect(
      t.app.get(TransactionRunner).run(async (manager) => {
        await profiles.applyBehaviourSignal(key, manager);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await profiles.applyBehaviourSignal(key)).toEqual({ applied: true });
  });

  it('refuses malformed signals with a coded error', async () => {
    const m = await member();
    for (const bad of [
      { kind: 'liked' }, { activityKey: 'Board Games' }, { idempotencyKey: '' }, { correlationId: 'not-a-uuid' }, { userId: 'nope' },
    ]) {
      const call = profiles.applyBehaviourSignal({ userId: m.id, kind: 'do_again', idempotencyKey: 'k', ...bad } as never);
      await expect(call).rejects.toBeInstanceOf(ProfileError);
      await expect(call).rejects.toMatchObject({ code: 'profile_signal_invalid', status: 422 });
    }
    await expect(
      profiles.applyBehaviourSignal({ userId: '00000000-0000-4000-8000-000000000000', kind: 'do_again', idempotencyKey: 'k2' }),
    ).rejects.toMatchObject({ code: 'profile_not_found' });
    expect(await profileEvents(t.app, m.id)).toEqual([]);
  });

  it('never stores an invalid JSON shape: the write is refused and nothing is recorded', async () => {
    const m = await member();
    const before = await profileRow(t.app, m.id);
    const writer = t.app.get(ProfileWriter);
    const bad = [
      { fingerprint: { charisma: factor(0.5, 0.5) } },
      { fingerprint: { humor: { ...factor(0.5, 0.5), confidence: 2 } } },
      { activity_patterns: [{ ...coffee, preferred_windows: ['saturday'] }] },
      { boundaries: { no_thanks: 'bars' } },
      { preferences: { group_size: { min: 1, max: 9 } } },
    ];
    for (const patch of bad) {
      await expect(
        t.app.get(TransactionRunner).run((manager) =>
          writer.apply(
            { userId: m.id, idempotencyKey: `bad:${Math.random()}`, eventType: 'test', source: 'test', correlationId: null, manager },
            (p) => ({ data: { ...p.data, ...(patch as object) }, payload: {} }),
          ),
        ),
      ).rejects.toBeInstanceOf(JsonShapeError);
    }
    expect(await profileRow(t.app, m.id)).toEqual(before);
    expect(await profileEvents(t.app, m.id)).toEqual([]);
  });

  it('gives matching a view with freshness counted up to today', async () => {
    const m = await member('complete_mvp');
    await backdateProfile(t.app, m.id, 10);
    const view = await profiles.getMatchingView(m.id);
    expect(view).toMatchObject({
      userId: m.id, state: 'complete_mvp', complete: true,
      boundaries: { no_thanks: ['drinks'], hard_constraints: { alcohol: false } }, preferences: { group_size: { min: 2, max: 4 } },
    });
    expect(view!.fingerprint.humor).toEqual({ ...factor(0.9, 0.6), freshness_days: 10 });
    expect(view!.activityPatterns[0].freshness_days).toBe(10);

    // A new signal resets only what it touches; the rest keeps its age.
    await profiles.applyBehaviourSignal({ userId: m.id, kind: 'invite_declined', idempotencyKey: `declined:${m.id}` });
    const after = (await profiles.getMatchingView(m.id))!;
    expect(after.fingerprint.social_pace!.freshness_days).toBe(0);
    expect(after.fingerprint.humor!.freshness_days).toBe(10);
    expect(await profiles.getMatchingView('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect((await profiles.getMatchingViews([m.id, (await member()).id])).map((v) => v.complete)).toEqual([true, true]);
  });

  it('marks profiles stale after their stale date (daily sweep), asks once for a refresh, and the refresh completes them again', async () => {
    const stale = await member('complete_full', new Date(Date.now() - 60_000));
    const fresh = await member('complete_full', new Date(Date.now() + 86_400_000));
    const unfinished = await makeMember(t.app);
    await setProfile(t.app, unfinished.id, { state: 'partial', staleAt: new Date(Date.now() - 60_000) });

    expect(await profiles.markStaleProfiles()).toBe(1);
    expect(await profiles.markStaleProfiles()).toBe(0);
    expect((await profileRow(t.app, stale.id)).state).toBe('stale');
    expect((await profileRow(t.app, fresh.id)).state).toBe('complete_full');
    expect((await profileRow(t.app, unfinished.id)).state).toBe('partial');
    expect((await profileEvents(t.app, stale.id)).map((e) => e.event_type)).toEqual(['profile_stale']);
    const notices = (await smsTo(t.app, stale.phone)).filter((b) => /3-question refresh/.test(b));
    expect(notices).toHaveLength(1);
    expect((await profiles.getMatchingView(stale.id))!.complete).toBe(true);

    await text(t.app, stale.phone, 'profile');
    expect((await smsTo(t.app, stale.phone)).pop()).toMatch(/^Quick refresh so your matches stay good:\n\(1\/3\) Which of these sound fun\?/);
    for (const a of ['hiking', 'weekends', 'bigger']) await text(t.app, stale.phone, a);
    const p = await profileRow(t.app, stale.id);
    expect(p.state).toBe('complete_full');
    expect(new Date(p.stale_at!).getTime()).toBeGreaterThan(Date.now() + 179 * 86_400_000);
    expect(p.activity_patterns.map((x) => [x.activity_key, x.confidence])).toEqual([['hike', 0.5], ['coffee', 0.25]]);
    expect(await sessionOf(t.app, stale.id)).toMatchObject({ mode: 'idle' });
    expect(await profiles.markStaleProfiles()).toBe(0);
  });
});
