import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';

// Answers to an invite as members type them (PRODUCT.md section 6, issue 13): option letters where
// the invite offers options, YES/NO with typos and emoji; and the precedences around them: "can't
// make it" passes an open invite but asks to cancel a LinkUp one is in, DROP in a confirmed LinkUp
// is the cancel flow, YES while opted out is an opt-in (carrier rules) and answers nothing.
describe('invite replies', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const replyTo = async (m: TestMember, sid: string) =>
    (await jobsFor(t.app, m.id)).filter((j) => j.idempotencyKey.startsWith(`reply:${sid}`)).map((j) => j.body);
  const invite = async (id: string) => (await db.query('select state, selected_option from linkup_invites where id = $1', [id]))[0];
  const session = async (m: TestMember) => (await db.query('select mode, state_token from conversation_sessions where user_id = $1', [m.id]))[0];

  // A member with an open invite to someone's LinkUp, in the invite's mode.
  async function invited(options?: unknown): Promise<{ m: TestMember; inviteId: string; linkupId: string }> {
    const host = await makeMatchable(db, regionId, { firstName: 'Host' });
    const m = await makeMatchable(db, regionId, { mode: 'awaiting_invite_reply' });
    await db.query(`update conversation_sessions set state_token = 'invite' where user_id = $1`, [m.id]);
    const linkupId = await makeLinkup(db, regionId, host.id);
    const inviteId = await makePendingInvite(db, linkupId, m.id);
    if (options !== undefined) await db.query('update linkup_invites set offered_options = $2 where id = $1', [inviteId, JSON.stringify(options)]);
    return { m, inviteId, linkupId };
  }

  it.each(['YES', 'yep', 'Sure!', 'yse', '\u{1F44D}', '\u{1F44D}\u{1F3FD}', 'ok', "I'm in"])('%j accepts', async (answer) => {
    const { m, inviteId } = await invited();
    const sid = await text(m, answer);
    expect(await invite(inviteId)).toEqual({ state: 'accepted', selected_option: null });
    expect(await replyTo(m, sid)).toEqual(["You're in! I'll text you when the group is set."]);
    expect((await session(m)).mode).toBe('idle');
  });

  it.each(['NO', 'nah', "can't", 'cant', '\u{1F44E}', 'pass', 'no thanks', "can't make it", 'I cannot make it'])('%j declines', async (answer) => {
    const { m, inviteId } = await invited();
    const sid = await text(m, answer);
    expect((await invite(inviteId)).state).toBe('declined');
    expect(await replyTo(m, sid)).toEqual(['No problem, maybe next time!']);
  });

  it('the same answers work from idle (an invite that came while the member was elsewhere)', async () => {
    const { m, inviteId } = await invited();
    await db.query(`update conversation_sessions set mode = 'idle', state_token = 'idle', expires_at = null where user_id = $1`, [m.id]);
    await text(m, 'yup');
    expect((await invite(inviteId)).state).toBe('accepted');
  });

  it('anything else is asked again gently, and the invite stays open', async () => {
    const { m, inviteId } = await invited();
    const sid = await text(m, 'maybe, what time?');
    expect(await replyTo(m, sid)).toEqual([expect.stringMatching(/^Sorry, I didn't catch that\. Reply YES to join coffee on .*, or NO to pass\.$/)]);
    expect(await invite(inviteId)).toEqual({ state: 'pending', selected_option: null });
    expect(await session(m)).toEqual({ mode: 'awaiting_invite_reply', state_token: 'invite' });
  });

  it('an invite that offers options is answered by letter; a bare YES asks which', async () => {
    const options = [{ key: 'A', label: 'Sat 10am' }, { key: 'B', label: 'Sun 2pm' }];
    const { m, inviteId } = await invited(options);
    const yes = await text(m, 'yes');
    expect(await replyTo(m, yes)).toEqual([expect.stringMatching(/^For coffee on .*, reply A \(Sat 10am\) or B \(Sun 2pm\) to join, or NO to pass\.$/)]);
    expect((await invite(inviteId)).state).toBe('pending');
    const c = await text(m, 'C');
    expect((await replyTo(m, c))[0]).toMatch(/^Sorry, I didn't catch that\. For coffee on .*, reply A \(Sat 10am\) or B \(Sun 2pm\)/);
    const b = await text(m, 'b)');
    expect(await invite(inviteId)).toEqual({ state: 'accepted', selected_option: 'B' });
    expect(await replyTo(m, b)).toEqual(["You're in! I'll text you when the group is set."]);
  });

  it('option letters win over a late outcome answer while the invite is the open question; without options A is the outcome', async () => {
    const { m, inviteId } = await invited(['Sat 10am', 'Sun 2pm']);
    // An outcome check this member has not answered yet (a LinkUp of yesterday).
    const host = await makeMatchable(db, regionId);
    const past = await makeLinkup(db, regionId, host.id, { state: 'completed', eventTime: new Date(Date.now() - 20 * 3_600_000) });
    await addParticipant(db, past, m.id);
    await db.query(
      `insert into linkup_reminders (linkup_id, reminder_type, scheduled_for, idempotency_key, status, sent_at)
       values ($1, 'outcome_check', now() - interval '1 hour', $2, 'sent', now() - interval '1 hour')`,
      [past, `reminder:${past}:outcome_check`],
    );
    await text(m, 'A');
    expect(await invite(inviteId)).toEqual({ state: 'accepted', selected_option: 'A' });
    expect(await db.query('select count(*)::int as n from linkup_outcomes where linkup_id = $1', [past])).toEqual([{ n: 0 }]);
  });

  it('"can\'t make it" with no invite open asks to cancel the LinkUp the member is in; DROP does too', async () => {
    for (const word of ["can't make it", 'DROP']) {
      const host = await makeMatchable(db, regionId);
      const m = await makeMatchable(db, regionId);
      const linkupId = await makeLinkup(db, regionId, host.id, { state: 'locked' });
      await addParticipant(db, linkupId, m.id);
      const sid = await text(m, word);
      expect(await replyTo(m, sid)).toEqual([expect.stringMatching(/^Cancel your spot in coffee on .*\? Reply YES to cancel or NO to keep it\.$/)]);
      expect(await session(m)).toEqual({ mode: 'awaiting_invite_reply', state_token: `cancel:${linkupId}` });
      // ... and confirming keeps the rules of the cancel flow: a thumbs up cancels.
      await text(m, '\u{1F44D}');
      expect((await db.query('select status from linkup_participants where linkup_id = $1 and user_id = $2', [linkupId, m.id]))[0].status).toBe('canceled');
    }
  });

  it('DROP with an open invite asks whether the member passes (never a silent decline)', async () => {
    const { m, inviteId } = await invited();
    const sid = await text(m, 'drop');
    expect(await replyTo(m, sid)).toEqual([expect.stringMatching(/^Pass on coffee on .*\? Reply NO to pass or YES to join\.$/)]);
    expect((await invite(inviteId)).state).toBe('pending');
  });

  it('YES while opted out opts back in and answers no invite; the next YES does', async () => {
    const { m, inviteId } = await invited();
    await db.query(`update users set sms_consent = false where id = $1`, [m.id]);
    // (Opted out directly: a STOP would also have declined the invite.)
    await db.query(`insert into sms_opt_outs (phone_hash, opted_out_at, opt_out_source) select phone_hash, now(), 'keyword' from users where id = $1`, [m.id]);
    const sid = await text(m, 'YES');
    expect((await db.query('select sms_consent from users where id = $1', [m.id]))[0].sms_consent).toBe(true);
    expect(await invite(inviteId)).toEqual({ state: 'pending', selected_option: null });
    expect(await replyTo(m, sid)).toEqual([]); // Twilio confirms the opt-in itself (SMS_KEYWORD_MODE=twilio)
    await text(m, 'YES');
    expect((await invite(inviteId)).state).toBe('accepted');
  });
});
