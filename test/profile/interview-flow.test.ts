import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { RegionsService } from '../../src/modules/regions';
import { FIRST_INTERVIEW_QUESTION } from '../../src/modules/profile/profile.service';
import { InterviewService } from '../../src/modules/profile/interview/interview.service';
import type { InboundContext } from '../../src/modules/conversation';
import { profileEvents, profileRow, registerMember, sessionOf, smsTo, text, type RegisteredMember } from '../support/profile-helpers';

describe('the SMS interview, over signed Twilio webhooks', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    await t.app.get(RegionsService).upsertRegion({
      slug: 'test-sf', displayName: 'Test SF', state: 'open', geometry: { zips: ['94110'] }, rules: { timezone: 'America/Los_Angeles' },
    });
  });
  afterAll(() => t.close());

  // Everything a replay must leave untouched.
  async function snapshot(m: RegisteredMember) {
    const [{ events }] = await db.query(`select count(*)::int as events from profile_events where user_id = $1`, [m.userId]);
    const [{ jobs }] = await db.query(`select count(*)::int as jobs from sms_outbound_jobs where user_id = $1`, [m.userId]);
    return { events, jobs, profile: await profileRow(t.app, m.userId), session: await sessionOf(t.app, m.userId) };
  }

  // Answers one question, then replays the very same signed webhook: the replay changes nothing.
  async function answer(m: RegisteredMember, body: string): Promise<string> {
    const before = await snapshot(m);
    const sid = await text(t.app, m.phone, body);
    const after = await snapshot(m);
    expect(after.events).toBe(before.events + 1);
    await text(t.app, m.phone, body, sid);
    expect(await snapshot(m)).toEqual(after);
    const sms = await smsTo(t.app, m.phone);
    return sms[sms.length - 1];
  }

  it("tells a waitlisted member their profile is set without promising LinkUps yet", async () => {
    // 10001 is in no region: the member is waitlisted.
    const m = await registerMember(t.app, 'Wren', '10001');
    for (const body of ['coffee', 'weekend mornings', '2', 'deep talks', '3', 'no bars']) await text(t.app, m.phone, body);
    expect((await profileRow(t.app, m.userId)).state).toBe('complete_mvp');
    const sms = await smsTo(t.app, m.phone);
    expect(sms.filter((b) => b.startsWith('Thanks, Wren, your profile is set!'))).toHaveLength(1);
    expect(sms.some((b) => b.startsWith("You're in"))).toBe(false);
  });

  it('registration to complete_full: every answer stored as the fingerprint it means, each applied once', async () => {
    const m = await registerMember(t.app, 'Ada');
    expect(await smsTo(t.app, m.phone)).toContain(FIRST_INTERVIEW_QUESTION);
    expect(FIRST_INTERVIEW_QUESTION).toMatch(/\(1\/11\) Which of these sound fun\?/);
    expect(await sessionOf(t.app, m.userId)).toEqual({ mode: 'interviewing', state_token: 'interview:onboarding:activities:0' });

    expect(await answer(m, 'coffee, hikking and 4')).toMatch(/^Got it!\n\(2\/11\) When are you usually free/);
    expect((await profileRow(t.app, m.userId)).state).toBe('partial');
    await answer(m, 'weekend mornings and weekday evenings');
    expect(await answer(m, 'pizza')).toMatch(/^Sorry, I did not get that\. Reply with a number, e\.g\. 2, or SKIP\.\n\(3\/11\)/);
    await answer(m, '2\uFE0F\u20E3');
    await answer(m, 'Deep talks');
    await answer(m, '3');
    const [{ state: userBefore }] = await db.query(`select state from users where id = $1`, [m.userId]);
    expect(userBefore).toBe('verified');

    // The sixth core step: complete_mvp, the member is active and told how to start a LinkUp.
    expect(await answer(m, 'no bars please')).toMatch(/^A few optional ones to sharpen your matches\. Reply LATER to stop\.\n\(7\/11\)/);
    expect((await profileRow(t.app, m.userId)).state).toBe('complete_mvp');
    expect(await db.query(`select state from users where id = $1`, [m.userId])).toEqual([{ state: 'active' }]);
    const youreIn = (await smsTo(t.app, m.phone)).filter((b) => b.startsWith("You're in, Ada!"));
    expect(youreIn).toHaveLength(1);
    expect(youreIn[0]).toMatch(/To start a LinkUp, text what you want to do and when/);

    await answer(m, '1');
    await answer(m, 'a mix');
    await answer(m, '3');
    await answer(m, 'lots of banter');
    expect(await answer(m, 'skip')).toMatch(/^Skipped\. All done, thanks!/);

    const p = await profileRow(t.app, m.userId);
    expect(p).toMatchObject({ state: 'complete_full', last_interview_step: null });
    expect(p.completed_at).not.toBeNull();
    expect(new Date(p.stale_at!).getTime()).toBeGreaterThan(Date.now() + 179 * 86_400_000);
    expect(await sessionOf(t.app, m.userId)).toMatchObject({ mode: 'idle' });

    // The answers, factor by factor (range_value, confidence): see interview-steps.ts for the tables.
    const expected: Record<string, [number, number]> = {
      activity_level: [0.706, 0.72], // coffee/hike/board games (mean energy 0.317 at 0.3), then "3 get me sweaty" (0.9 at 0.6)
      chronotype: [0.4, 0.4], // weekend mornings (0.1) and weekday evenings (0.7)
      group_comfort: [0.5, 0.6], // "2" a handful
      social_energy: [0.55, 0.35],
      connection_depth: [0.9, 0.6], // deep talks
      social_pace: [0.6, 0.6],
      conversation_balance: [0.5, 0.6], // "3" a bit of both
      curiosity: [0.632, 0.587], // both (0.65 at 0.45), then a mix of new and old (0.6 at 0.25)
      structure: [0.9, 0.6], // "1" set in stone
      reliability: [0.85, 0.3],
      novelty: [0.55, 0.6], // a mix
      humor: [0.9, 0.6], // lots of banter
    };
    expect(Object.keys(p.fingerprint).sort()).toEqual(Object.keys(expected).sort());
    for (const [factor, [value, confidence]] of Object.entries(expected)) {
      const f = p.fingerprint[factor as keyof typeof p.fingerprint]!;
      expect([factor, f.range_value]).toEqual([factor, expect.closeTo(value, 2)]);
      expect([factor, f.confidence]).toEqual([factor, expect.closeTo(confidence, 2)]);
      expect(f.sources).toEqual({ interview: 1 });
      expect(f.freshness_days).toBe(0);
    }
    expect(p.activity_patterns.map((x) => [x.activity_key, x.preferred_windows, x.confidence])).toEqual([
      ['coffee', ['weekday_evening', 'weekend_morning'], 0.5],
      ['hike', ['weekday_evening', 'weekend_morning'], 0.5],
      ['board_games', ['weekday_evening', 'weekend_morning'], 0.5],
    ]);
    expect(p.activity_patterns[1].motive_weights).toEqual({ adventure: 0.7, fitness: 0.6, connection: 0.4 });
    expect(p.boundaries).toEqual({ no_thanks: ['drinks', 'bars', 'alcohol'], hard_constraints: { alcohol: false } });
    expect(p.preferences).toEqual({ group_size: { min: 3, max: 4 } });

    // One profile event per inbound message (and one for the start), keyed by its MessageSid.
    const events = await profileEvents(t.app, m.userId);
    expect(events.map((e) => e.event_type)).toEqual([
      'interview_started', 'interview_answered', 'interview_answered', 'interview_reasked', ...Array(8).fill('interview_answered'),
      'interview_skipped',
    ]);
    expect(events.slice(1).every((e) => /^interview:SM[0-9a-f]{32}$/.test(e.idempotency_key))).toBe(true);
    expect(events.find((e) => e.payload.step === 'boundaries')!.payload).toMatchObject({ step: 'boundaries', choice: ['alcohol'], state_from: 'partial', state_to: 'complete_mvp' });
    // Derived values only: no message text in any payload.
    expect(JSON.stringify(events)).not.toMatch(/bars please|hikking|lots of|pizza/);
  });

  it('resumes where the member left off after the session timed out', async () => {
    const m = await registerMember(t.app, 'Bo');
    await text(t.app, m.phone, '1');
    await text(t.app, m.phone, 'evenings');
    await db.query(`update conversation_sessions set expires_at = now() - interval '1 minute' where user_id = $1`, [m.userId]);

    await text(t.app, m.phone, 'hello?');
    const sms = await smsTo(t.app, m.phone);
    expect(sms[sms.length - 1]).toMatch(/timed out[\s\S]*\nWelcome back! Picking up where we left off\.\n\(3\/11\) What group size/);
    expect(await sessionOf(t.app, m.userId)).toEqual({ mode: 'interviewing', state_token: 'interview:onboarding:group:0' });
    expect((await profileRow(t.app, m.userId)).last_interview_step).toBe('group');

    await text(t.app, m.phone, 'small');
    const p = await profileRow(t.app, m.userId);
    expect(p.preferences).toEqual({ group_size: { min: 2, max: 3 } });
    expect(p.last_interview_step).toBe('friendship');
  });

  it('"later" pauses; "profile" in idle resumes; a finished profile restarts only the optional steps', async () => {
    const m = await registerMember(t.app, 'Cy');
    for (const a of ['1', '1', '1', '1', 'later']) await text(t.app, m.phone, a);
    expect(await sessionOf(t.app, m.userId)).toMatchObject({ mode: 'idle' });
    expect((await profileRow(t.app, m.userId)).last_interview_step).toBe('conversation');

    await text(t.app, m.phone, 'Profile');
    expect((await smsTo(t.app, m.phone)).pop()).toMatch(/^Welcome back! Picking up where we left off\.\n\(5\/11\) In a group conversation/);
    for (const a of ['1', '6', '1', '1', '1', '1', '1']) await text(t.app, m.phone, a);
    expect((await profileRow(t.app, m.userId)).state).toBe('complete_full');

    await text(t.app, m.phone, 'profile');
    expect((await smsTo(t.app, m.phone)).pop()).toMatch(/^Let us fine-tune your profile\.[^\n]*\n\(1\/5\) How do you like your plans\?/);
    expect(await sessionOf(t.app, m.userId)).toEqual({ mode: 'interviewing', state_token: 'interview:optional:plans:0' });
    await text(t.app, m.phone, '3');
    expect((await profileRow(t.app, m.userId)).fingerprint.structure).toMatchObject({ range_value: 0.55 });
  });

  it('unrecognised twice is skipped, never stuck, and an empty or emoji-only text counts as unrecognised', async () => {
    const m = await registerMember(t.app, 'Di');
    for (const a of ['\u{1F937}', ' ', 'x'.repeat(1600), '99']) await text(t.app, m.phone, a);
    const p = await profileRow(t.app, m.userId);
    expect(p.last_interview_step).toBe('group');
    expect(p.fingerprint).toEqual({});
    expect((await profileEvents(t.app, m.userId)).map((e) => e.event_type)).toEqual([
      'interview_started', 'interview_reasked', 'interview_skipped', 'interview_reasked', 'interview_skipped',
    ]);
  });

  it('a member put in interviewing mode without a profile gets one, never an error', async () => {
    const m = await makeMember(t.app, { mode: 'interviewing', state: 'verified' });
    await text(t.app, m.phone, 'coffee');
    const p = await profileRow(t.app, m.id);
    expect(p).toMatchObject({ state: 'partial', last_interview_step: 'times' });
    expect(p.activity_patterns.map((x) => x.activity_key)).toEqual(['coffee']);
  });

  it('the handler itself applies a message once, even when called twice with the same MessageSid', async () => {
    const m = await registerMember(t.app, 'Ed');
    const replies: string[] = [];
    const handle = () =>
      db.transaction(async (manager) => {
        const ctx: InboundContext = {
          userId: m.userId, phoneE164: m.phone, firstName: 'Ed', text: 'coffee', messageSid: 'SMreplayed0000000000000000000000',
          correlationId: '00000000-0000-4000-8000-000000000001', mode: 'interviewing', stateToken: 'interview:onboarding:activities:0',
          manager, reply: async (body) => void replies.push(body), setMode: async () => undefined, missed: () => undefined,
          openQuestion: async () => null,
        };
        await t.app.get(InterviewService).answer(ctx);
      });
    await handle();
    const once = await profileRow(t.app, m.userId);
    await handle();
    expect(await profileRow(t.app, m.userId)).toEqual(once);
    expect(replies).toHaveLength(1);
    expect((await profileEvents(t.app, m.userId)).filter((e) => e.idempotency_key === 'interview:SMreplayed0000000000000000000000')).toHaveLength(1);
  });
});
