import { DataSource } from 'typeorm';
import { validateExplainability } from '../../src/common/json-shapes';
import { RegionsService } from '../../src/modules/regions';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { eventsFor, jobsFor, lastJob, linkupRow, now, setClock, sweeps } from '../support/linkups-app';
import type { TestMember } from '../support/linkups-factories';
import { registerMember } from '../support/profile-helpers';

// The whole story over signed webhooks: an initiator and 12 members who registered and did the
// SMS interview in a region; a LinkUp formed by SMS, invite waves, replies, the lock, reminders
// (moving the clock), outcomes and strikes.
describe('a LinkUp, start to finish', () => {
  let t: TestApp;
  let db: DataSource;
  let initiator: TestMember;
  const members: TestMember[] = [];
  let linkupId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const inviteState = async (m: TestMember) =>
    (await db.query(`select state from linkup_invites where linkup_id = $1 and invited_user_id = $2`, [linkupId, m.id]))[0]?.state;

  // Registration over HTTP, then the six core interview answers by SMS, then LATER (pause).
  async function interviewed(firstName: string, i: number): Promise<TestMember> {
    const r = await registerMember(t.app, firstName, '94110');
    const m = { id: r.userId, phone: r.phone, firstName };
    const activities = i < 10 ? ['coffee', 'coffee and walks', 'coffee, board games'][i % 3] : 'hiking';
    for (const answer of [activities, 'weekend mornings', String((i % 4) + 1), String((i % 4) + 1), String(((i + 1) % 4) + 1), 'nothing', 'later']) {
      await text(m, answer);
    }
    return m;
  }

  beforeAll(async () => {
    t = await startTestApp(process.env.LINKUP_DEBUG ? { LOG_LEVEL: 'error' } : {});
    db = t.app.get(DataSource);
    await t.app.get(RegionsService).upsertRegion({
      slug: 'story-city', displayName: 'Story City', state: 'open', geometry: { zips: ['94110'] },
      rules: { timezone: 'America/New_York', venues: { coffee: ['Blue Door Cafe, Main St'] } },
    });
    initiator = await interviewed('Iris', 0);
    const names = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lu'];
    for (const [i, firstName] of names.entries()) members.push(await interviewed(firstName, i));
    const ready = await db.query(
      `select count(*)::int as n from users u join profiles p on p.user_id = u.id join conversation_sessions s on s.user_id = u.id
        where u.state = 'active' and p.state = 'complete_mvp' and s.mode = 'idle'`,
    );
    expect(ready[0].n).toBe(13);
  });
  afterAll(() => t.close());

  it('forms the LinkUp over SMS, asking only for what is missing, and confirms once', async () => {
    await text(initiator, 'cofee');
    expect(await lastBody(initiator)).toMatch(/^Coffee sounds good! When\?/);
    await text(initiator, 'saturday morning');
    expect(await lastBody(initiator)).toMatch(/^Coffee on Sat \w+ \d+, 10am, 3-6 people incl\. you\. Reply YES/);
    const confirmSid = await text(initiator, 'YES');
    const rows = await db.query(`select id, state, brief, min_size, max_size, linkup_create_key from linkups where initiator_user_id = $1`, [initiator.id]);
    expect(rows).toHaveLength(1);
    linkupId = rows[0].id;
    expect(rows[0]).toMatchObject({ state: 'broadcasting', min_size: 3, max_size: 6, linkup_create_key: `linkup:${confirmSid}` });
    expect(rows[0].brief).toMatchObject({ activity_key: 'coffee', time_window: 'SAT_MORNING' });
    expect(await lastBody(initiator)).toMatch(/^Done! Invites for coffee are going out now/);
  });

  it('sends a first wave of 2 x open slots, each invite explained and described without names or numbers', async () => {
    const invites = await db.query(`select invited_user_id, state, wave, explainability from linkup_invites where linkup_id = $1`, [linkupId]);
    expect(invites).toHaveLength(10);
    for (const inv of invites) {
      expect(inv).toMatchObject({ state: 'pending', wave: 1 });
      expect(validateExplainability(inv.explainability)).toEqual([]);
      expect(inv.explainability.filters.failed).toEqual([]);
    }
    for (const m of members.filter((x) => invites.some((i: { invited_user_id: string }) => i.invited_user_id === x.id))) {
      const invite = (await jobsFor(t.app, m.id)).filter((j) => j.purpose === 'invite');
      expect(invite).toHaveLength(1);
      expect(invite[0].body).toMatch(/^JOSH: Join coffee on Sat .*A small group \(3-6 people\)\. Picked for you: .+ Reply YES to join or NO to pass/);
      for (const other of [initiator, ...members]) expect(invite[0].body).not.toMatch(new RegExp(`\\b${other.firstName}\\b`));
      expect(invite[0].body).not.toMatch(/\d{5,}/);
    }
  });

  let invited: TestMember[];
  let accepted: TestMember[];

  it('takes YES and NO replies; declines bring the next wave', async () => {
    const ids = (await db.query(`select invited_user_id from linkup_invites where linkup_id = $1`, [linkupId])).map((r: { invited_user_id: string }) => r.invited_user_id);
    invited = members.filter((m) => ids.includes(m.id));
    accepted = invited.slice(0, 3);
    for (const m of accepted) {
      await text(m, 'yes');
      expect(await lastBody(m)).toBe("You're in! I'll text you when the group is set.");
    }
    for (const m of invited.slice(3, 7)) {
      await text(m, 'NO');
      expect(await lastBody(m)).toBe('No problem, maybe next time!');
    }
    // 4 confirmed (initiator + 3), 3 pending: the target is 2 x 2 open slots = 4 pending, so one more.
    const report = await sweeps(t.app).sendDueWaves();
    expect(report).toEqual({ wavesSent: 1, invitesSent: 1 });
    const wave2 = await db.query(`select invited_user_id from linkup_invites where linkup_id = $1 and wave = 2`, [linkupId]);
    expect(wave2).toHaveLength(1);
    expect(invited.map((m) => m.id)).not.toContain(wave2[0].invited_user_id);
    expect(await sweeps(t.app).sendDueWaves()).toEqual({ wavesSent: 0, invitesSent: 0 });
  });

  it('expires unanswered invites after 3 hours and invites the last member left', async () => {
    setClock(t.app, new Date(now(t.app).getTime() + 3 * 3_600_000 + 60_000));
    expect(await sweeps(t.app).expireInvites()).toBe(4);
    for (const m of invited.slice(7)) expect(await inviteState(m)).toBe('expired');
    expect(await sweeps(t.app).sendDueWaves()).toEqual({ wavesSent: 1, invitesSent: 1 });
    // A late YES to an expired invite is told so.
    await text(invited[7], 'YES');
    expect(await lastBody(invited[7])).toBe("That invite has expired, but we'll send you another one soon.");
    // Everyone has now been invited once: the next try finds nobody and backs off.
    const all = await db.query(`select count(*)::int as n from linkup_invites where linkup_id = $1`, [linkupId]);
    expect(all[0].n).toBe(12);
  });

  let group: TestMember[];

  it('locks at window end with at least min_size, one confirmation each, closing what is pending', async () => {
    const wave3 = await db.query(`select invited_user_id from linkup_invites where linkup_id = $1 and wave = 3`, [linkupId]);
    const lateJoiner = members.find((m) => m.id === wave3[0].invited_user_id)!;
    await text(lateJoiner, 'Y');
    group = [initiator, ...accepted, lateJoiner];
    const linkup = await linkupRow(t.app, linkupId);
    setClock(t.app, new Date(new Date(linkup.acceptance_window_ends_at).getTime() + 60_000));
    await sweeps(t.app).expireInvites();
    expect(await sweeps(t.app).closeWindows()).toEqual({ locked: 1, expired: 0 });
    expect(await sweeps(t.app).closeWindows()).toEqual({ locked: 0, expired: 0 });
    const locked = await linkupRow(t.app, linkupId);
    expect(locked.state).toBe('locked');
    expect(locked.venue).toEqual({ name: 'Blue Door Cafe, Main St' });
    const confirmed = await db.query(`select user_id from linkup_participants where linkup_id = $1 and status = 'confirmed'`, [linkupId]);
    expect(confirmed.map((r: { user_id: string }) => r.user_id).sort()).toEqual(group.map((m) => m.id).sort());
    for (const m of group) {
      const confirmations = (await jobsFor(t.app, m.id)).filter((j) => j.purpose === 'lock_confirmation');
      expect(confirmations).toHaveLength(1);
      expect(confirmations[0].body).toMatch(/^You're set! Coffee on Sat .* Meet at Blue Door Cafe, Main St\..* Can't make it\? Text DROP\.$/);
      for (const other of group) {
        if (other !== m) expect(confirmations[0].body).toContain(other.firstName);
      }
      expect(confirmations[0].body).not.toContain(` ${m.firstName}`);
    }
    const states = await db.query(`select state, count(*)::int as n from linkup_invites where linkup_id = $1 group by state order by state`, [linkupId]);
    expect(states).toEqual([
      { state: 'accepted', n: 4 },
      { state: 'declined', n: 4 },
      { state: 'expired', n: 4 },
    ]);
    await text(accepted[0], 'STATUS');
    expect(await lastBody(accepted[0])).toMatch(/^Your LinkUps:\n1\) Coffee Sat \w+ \d+, 10am - set, 5 going$/);
    // A YES after the lock from someone whose invite had expired: answered, nothing changes.
    await text(invited[8], 'yes');
    expect(await lastBody(invited[8])).toBe("That invite has expired, but we'll send you another one soon.");
  });

  it('sends each reminder exactly once as the clock reaches it, then the outcome check', async () => {
    const reminders = await db.query(`select reminder_type, scheduled_for from linkup_reminders where linkup_id = $1 order by scheduled_for`, [linkupId]);
    expect(reminders.map((r: { reminder_type: string }) => r.reminder_type)).toEqual(['day_before', 'hours_before', 'outcome_check']);
    for (const r of reminders) {
      setClock(t.app, new Date(new Date(r.scheduled_for).getTime() + 60_000));
      expect(await sweeps(t.app).sendDueReminders()).toEqual({ remindersSent: 1, remindersSkipped: 0 });
      expect(await sweeps(t.app).sendDueReminders()).toEqual({ remindersSent: 0, remindersSkipped: 0 });
    }
    for (const m of group) {
      const sent = (await jobsFor(t.app, m.id)).filter((j) => j.purpose === 'reminder').map((j) => j.body);
      expect(sent).toHaveLength(3);
      expect(sent[0]).toMatch(/^Reminder: coffee tomorrow.* Can't make it\? Text DROP\.$/);
      expect(sent[1]).toMatch(/^See you soon! Coffee at 10am at Blue Door Cafe/);
      expect(sent[2]).toMatch(/^How was coffee\? Reply A = went/);
    }
    expect((await linkupRow(t.app, linkupId)).state).toBe('completed');
  });

  it('records outcomes: attendance, do-again, and a strike for the no-show', async () => {
    const [a, b, c, d, noShow] = group;
    const answerOfA = await text(a, 'A');
    for (const m of [b, c]) await text(m, 'A');
    await text(d, 'b');
    await text(noShow, 'C');
    // (Attendees then get contact exchange's question, test/contact-exchange.)
    expect((await jobsFor(t.app, a.id)).find((j) => j.idempotencyKey === `reply:${answerOfA}`)?.body).toBe('Thanks! That helps us find your people.');
    expect(await lastBody(noShow)).toBe('Thanks for letting us know. Hope to see you at the next one!');
    const outcomes = await db.query(`select user_id, attendance_response, do_again from linkup_outcomes where linkup_id = $1`, [linkupId]);
    expect(outcomes).toHaveLength(5);
    expect(outcomes.find((o: { user_id: string }) => o.user_id === d.id)).toMatchObject({ attendance_response: 'attended', do_again: false });
    const statuses = await db.query(`select user_id, status from linkup_participants where linkup_id = $1`, [linkupId]);
    for (const s of statuses) expect(s.status).toBe(s.user_id === noShow.id ? 'no_show' : 'attended');
    const strikes = await db.query(`select user_id, strike_type, points from user_strikes`);
    expect(strikes).toEqual([{ user_id: noShow.id, strike_type: 'no_show', points: 1 }]);
    // Replies and outcomes fed the profile, once each: accepts, declines, do again / not again.
    const signals = await db.query(
      `select payload->>'kind' as kind, count(*)::int as n from profile_events where event_type = 'behaviour_signal' group by 1 order by 1`,
    );
    expect(signals).toEqual([
      { kind: 'do_again', n: 3 },
      { kind: 'invite_accepted', n: 4 },
      { kind: 'invite_declined', n: 4 },
      { kind: 'not_again', n: 1 },
    ]);
    // Answering again changes nothing twice: still one strike.
    await text(noShow, 'C');
    expect(await db.query(`select count(*)::int as n from user_strikes`)).toEqual([{ n: 1 }]);
  });

  it('recorded every state change as a domain event', async () => {
    const linkupEvents = (await eventsFor(t.app, linkupId)).filter((e) => e.entity_type === 'linkup').map((e) => e.event_type);
    expect(linkupEvents).toEqual([
      'linkup.created', 'linkup.wave_sent', 'linkup.wave_sent', 'linkup.wave_sent', 'linkup.locked', 'linkup.completed',
    ]);
    const invites = await db.query(`select id, state from linkup_invites where linkup_id = $1`, [linkupId]);
    for (const inv of invites) {
      const changes = (await eventsFor(t.app, inv.id)).map((e) => `${e.from_state ?? ''}>${e.to_state}`);
      expect(changes).toEqual(['>pending', `pending>${inv.state}`]);
    }
    const participantEvents = (await eventsFor(t.app, linkupId)).filter((e) => e.entity_type === 'linkup_participant').map((e) => e.event_type);
    expect(participantEvents.filter((e) => e === 'participant.joined')).toHaveLength(4);
    expect(participantEvents.filter((e) => e === 'participant.attended')).toHaveLength(4);
    expect(participantEvents.filter((e) => e === 'participant.no_show')).toHaveLength(1);
  });

  it('STATUS lists what is coming up', async () => {
    await text(members[11], 'status');
    expect(await lastBody(members[11])).toBe('No upcoming LinkUps. Text LINKUP to plan one.');
  });
});
