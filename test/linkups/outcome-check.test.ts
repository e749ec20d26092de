import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor, lastJob, now, setClock, sweeps } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';

// The outcome check never takes over a flow a member is in the middle of: it still asks them, and
// their A/B/C counts once they are back in idle (or between YES/NO of an invite).
describe('the outcome check and flows in progress', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const replyTo = async (m: TestMember, sid: string) => (await jobsFor(t.app, m.id)).find((j) => j.idempotencyKey === `reply:${sid}`)?.body;
  const session = async (m: TestMember) =>
    (await db.query(`select mode, state_token from conversation_sessions where user_id = $1`, [m.id]))[0];
  const outcome = async (linkupId: string, m: TestMember) =>
    (await db.query(`select attendance_response, do_again from linkup_outcomes where linkup_id = $1 and user_id = $2`, [linkupId, m.id]))[0];
  const participant = async (linkupId: string, m: TestMember) =>
    (await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [linkupId, m.id]))[0].status;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  // A locked LinkUp an hour from the app's clock, its outcome check due 3 h after; the clock moves past it.
  async function checkedLinkup(group: TestMember[]): Promise<string> {
    const eventTime = new Date(now(t.app).getTime() + 3_600_000);
    const id = await makeLinkup(db, regionId, group[0].id, { state: 'locked', eventTime });
    for (const m of group.slice(1)) await addParticipant(db, id, m.id);
    await db.query(
      `insert into linkup_reminders (linkup_id, reminder_type, scheduled_for, idempotency_key) values ($1, 'outcome_check', $2, $3)`,
      [id, new Date(eventTime.getTime() + 3 * 3_600_000), `reminder:${id}:outcome_check`],
    );
    setClock(t.app, new Date(eventTime.getTime() + 3 * 3_600_000 + 60_000));
    expect(await sweeps(t.app).sendDueReminders()).toEqual({ remindersSent: 1, remindersSkipped: 0 });
    return id;
  }

  it('asks everyone, but moves only idle members (or timed-out modes) to the outcome answer', async () => {
    const idle = await makeMatchable(db, regionId);
    const interviewing = await makeMatchable(db, regionId, { mode: 'interviewing' });
    const forming = await makeMatchable(db, regionId, { mode: 'linkup_forming' });
    const timedOut = await makeMatchable(db, regionId, { mode: 'interviewing' });
    await db.query(`update conversation_sessions set expires_at = now() - interval '1 minute' where user_id = $1`, [timedOut.id]);
    const id = await checkedLinkup([idle, interviewing, forming, timedOut]);
    for (const m of [idle, interviewing, forming, timedOut]) expect(await lastBody(m)).toMatch(/^How was coffee\? Reply A = went/);
    expect(await session(idle)).toEqual({ mode: 'awaiting_invite_reply', state_token: `outcome:${id}` });
    expect(await session(timedOut)).toEqual({ mode: 'awaiting_invite_reply', state_token: `outcome:${id}` });
    expect(await session(interviewing)).toEqual({ mode: 'interviewing', state_token: 'interviewing' });
    expect(await session(forming)).toEqual({ mode: 'linkup_forming', state_token: 'linkup_forming' });
  });

  it('takes the answer of a member who was busy once they are back in idle, leaving the mode alone', async () => {
    const initiator = await makeMatchable(db, regionId);
    const busy = await makeMatchable(db, regionId, { mode: 'linkup_forming' });
    const id = await checkedLinkup([initiator, busy]);
    expect((await session(busy)).mode).toBe('linkup_forming');
    // The member finishes (drops) the draft they were forming, then answers the check.
    await text(busy, 'nevermind');
    expect((await session(busy)).mode).toBe('idle');
    const answer = await text(busy, 'B');
    expect(await replyTo(busy, answer)).toBe('Thanks! That helps us find your people.');
    expect(await outcome(id, busy)).toEqual({ attendance_response: 'attended', do_again: false });
    expect(await participant(id, busy)).toBe('attended');
    // The outcome answer left the mode idle; contact exchange, told of the attendance, then asks
    // the now idle member about swapping numbers (its own short flow).
    expect(await session(busy)).toEqual({ mode: 'awaiting_invite_reply', state_token: `contacts:${id}` });
  });

  it('takes an outcome answer between the YES/NO of an open invite, which stays open', async () => {
    const initiator = await makeMatchable(db, regionId);
    const invited = await makeMatchable(db, regionId);
    const next = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, {
      eventTime: new Date(now(t.app).getTime() + 5 * 86_400_000),
      windowEndsAt: new Date(now(t.app).getTime() + 4 * 86_400_000),
    });
    // Invited to the next LinkUp while the last one was still on: busy when its outcome check comes.
    const eventTime = new Date(now(t.app).getTime() + 3_600_000);
    const id = await makeLinkup(db, regionId, initiator.id, { state: 'locked', eventTime });
    await addParticipant(db, id, invited.id);
    await makePendingInvite(db, next, invited.id, new Date(now(t.app).getTime() + 86_400_000));
    await db.query(`update conversation_sessions set mode = 'awaiting_invite_reply', state_token = 'invite' where user_id = $1`, [invited.id]);
    await db.query(
      `insert into linkup_reminders (linkup_id, reminder_type, scheduled_for, idempotency_key) values ($1, 'outcome_check', $2, $3)`,
      [id, new Date(eventTime.getTime() + 3 * 3_600_000), `reminder:${id}:outcome_check`],
    );
    setClock(t.app, new Date(eventTime.getTime() + 3 * 3_600_000 + 60_000));
    await sweeps(t.app).sendDueReminders();
    expect(await session(invited)).toEqual({ mode: 'awaiting_invite_reply', state_token: 'invite' });
    await text(invited, 'C');
    expect(await lastBody(invited)).toBe('Thanks for letting us know. Hope to see you at the next one!');
    expect(await outcome(id, invited)).toEqual({ attendance_response: 'no_show', do_again: null });
    expect(await session(invited)).toEqual({ mode: 'awaiting_invite_reply', state_token: 'invite' });
    await text(invited, 'yes');
    expect(await lastBody(invited)).toBe("You're in! I'll text you when the group is set.");
  });

  it('no longer reads A/B/C as an outcome once the answer window has passed', async () => {
    const initiator = await makeMatchable(db, regionId);
    const busy = await makeMatchable(db, regionId, { mode: 'interviewing' });
    const id = await checkedLinkup([initiator, busy]);
    await db.query(`update conversation_sessions set mode = 'idle', state_token = 'idle', expires_at = null where user_id = $1`, [busy.id]);
    setClock(t.app, new Date(now(t.app).getTime() + 2 * 86_400_000 + 60_000));
    const before = (await jobsFor(t.app, busy.id)).length;
    await text(busy, 'A');
    expect((await jobsFor(t.app, busy.id)).length).toBe(before + 1);
    expect(await lastBody(busy)).not.toMatch(/^Thanks/);
    expect(await outcome(id, busy)).toBeUndefined();
    expect(await participant(id, busy)).toBe('confirmed');
  });
});
