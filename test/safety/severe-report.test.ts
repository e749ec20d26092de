import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HoldsService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor, lastJob, linkupRow, now, setClock, sweeps } from '../support/linkups-app';
import { makeLinkup, makeMatchable, makePendingInvite, makeRegion, addParticipant, type TestMember } from '../support/linkups-factories';
import { bodies, domainEvents, sessionOf, sharedLinkup } from '../support/safety-helpers';

// A severe report over signed webhooks: an incident and a hard hold at once; the held member leaves
// an upcoming (locked) LinkUp, the others are told a spot opened, and it refills; every text of the
// held member gets the hold notice and nothing else, until support clears the hold.
describe('a severe report', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';

  let reporter: TestMember;
  let offender: TestMember;
  let group: TestMember[];
  let linkupId: string;
  let otherLinkup: string;
  let sentToOffender: number;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db, { venues: { coffee: ['Blue Door Cafe'] } });
    reporter = await makeMatchable(db, regionId, { firstName: 'Ria' });
    offender = await makeMatchable(db, regionId, { firstName: 'Otto' });
    group = [await makeMatchable(db, regionId, { firstName: 'Gia' }), await makeMatchable(db, regionId, { firstName: 'Hal' }),
      await makeMatchable(db, regionId, { firstName: 'Ivo' })];
    for (const firstName of ['Cas', 'Dot', 'Eve', 'Fin']) await makeMatchable(db, regionId, { firstName });
    await sharedLinkup(db, regionId, [reporter, offender], 2);
    // Upcoming and locked: Gia, Hal, Ivo and Otto; 3 to 4 people.
    linkupId = await sharedLinkup(db, regionId, [...group, offender], -3, { minSize: 3, maxSize: 4 });
    await db.query(`update linkups set venue = '{"name":"Blue Door Cafe"}' where id = $1`, [linkupId]);
    // And an invite waiting for Otto's answer in another LinkUp (elsewhere: its own waves find nobody here).
    const elsewhere = await makeRegion(db);
    otherLinkup = await makeLinkup(db, elsewhere, (await makeMatchable(db, elsewhere)).id, { eventTime: new Date(Date.now() + 5 * 86_400_000) });
    await makePendingInvite(db, otherLinkup, offender.id);
    sentToOffender = (await jobsFor(t.app, offender.id)).length;
  });
  afterAll(() => t.close());

  it('opens an incident and holds the reported member at once, telling them nothing', async () => {
    await text(reporter, 'REPORT');
    await text(reporter, 'otto');
    await text(reporter, 'He thretened me when we left and folowed me to the bus');
    expect(await lastBody(reporter)).toBe(
      "Thank you for telling us. Our safety team will look at it right away. If you are in danger, call 911. They won't be told who reported them. To never be matched with them again, text BLOCK.",
    );
    const [report] = await db.query(`select id, reported_user_id, details from safety_reports where reporter_user_id = $1`, [reporter.id]);
    expect(report.reported_user_id).toBe(offender.id);
    expect(report.details).toMatchObject({ severe: true, severe_keywords: ['threatened', 'followed'] });
    const incidents = await db.query(`select * from safety_incidents where user_id = $1`, [offender.id]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ reporter_user_id: reporter.id, incident_type: 'severe_report', severity: 4, status: 'open' });
    expect(incidents[0].details).toMatchObject({ report_id: report.id });
    const [hold] = await db.query(`select state, reason, expires_at, cleared_at, applied_by_admin from safety_holds where user_id = $1`, [offender.id]);
    expect(hold).toEqual({ state: 'hard_hold', reason: 'severe_report', expires_at: null, cleared_at: null, applied_by_admin: null });
    expect(await domainEvents(db, offender.id, 'safety_hold.applied')).toEqual([
      { event_type: 'safety_hold.applied', from_state: 'none', to_state: 'hard_hold', payload: { actor: 'system', reason: 'severe_report', until: null } },
    ]);
    expect((await sessionOf(db, offender.id)).mode).toBe('safety_hold');
    expect((await jobsFor(t.app, offender.id)).length).toBe(sentToOffender);
  });

  it('takes them out of the LinkUp ahead (the others told a spot opened) and closes their invite', async () => {
    const [p] = await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [linkupId, offender.id]);
    expect(p.status).toBe('canceled');
    expect(await domainEvents(db, linkupId, 'participant.removed')).toEqual([
      expect.objectContaining({ payload: { userId: offender.id, reason: 'safety_hold' } }),
    ]);
    for (const m of group) {
      const body = await lastBody(m);
      expect(body).toMatch(/^Heads up: one person can't make coffee on .* It's still on with 3 of you\. We're inviting someone to take the spot\.$/);
      expect(body).not.toContain('Otto');
    }
    const [invite] = await db.query(`select state from linkup_invites where linkup_id = $1 and invited_user_id = $2`, [otherLinkup, offender.id]);
    expect(invite.state).toBe('closed');
    expect((await linkupRow(t.app, linkupId)).state).toBe('locked');
  });

  it('refills the spot: the next best candidates are invited and the first YES joins the set group', async () => {
    const report = await sweeps(t.app).sendDueWaves();
    expect(report.invitesSent).toBeGreaterThanOrEqual(2);
    const invites = await db.query(
      `select i.invited_user_id as id, u.phone_e164 as phone, u.first_name as "firstName", i.expires_at
         from linkup_invites i join users u on u.id = i.invited_user_id where i.linkup_id = $1 and i.state = 'pending'`,
      [linkupId],
    );
    expect(invites).toHaveLength(2); // 2 x 1 open slot
    expect(invites.map((i: { id: string }) => i.id)).not.toContain(offender.id);
    const deadline = new Date((await linkupRow(t.app, linkupId)).event_time).getTime() - 120 * 60_000;
    for (const i of invites) expect(new Date(i.expires_at).getTime()).toBeLessThanOrEqual(deadline);
    const [first, second] = invites as TestMember[];
    await text(first, 'YES');
    const sent = await bodies(t.app, first.id);
    expect(sent).toContain("You're in! The group is already set: the details are on their way.");
    expect(sent.some((b) => /^You're set! Coffee on .* with Gia, Hal and Ivo\. Meet at Blue Door Cafe\./.test(b))).toBe(true);
    for (const m of group) expect(await lastBody(m)).toMatch(new RegExp(`^Good news: ${first.firstName} is joining coffee on .*\\. That's 4 of you now\\.$`));
    await text(second, 'YES');
    expect(await lastBody(second)).toBe('Sorry, this one filled up! We will invite you to the next one.');
    const confirmed = await db.query(`select count(*)::int as n from linkup_participants where linkup_id = $1 and status = 'confirmed'`, [linkupId]);
    expect(confirmed[0].n).toBe(4);
  });

  it('answers every text of the held member with the hold notice and nothing else, at most once a day', async () => {
    for (const body of ['hello?', 'REPORT', 'YES', 'status', 'coffee saturday morning']) await text(offender, body);
    const notice = 'Your JOSH account is under review, so it is paused for now. We\'ll text you when the review is done. Questions? support@joshfriends.example';
    expect((await bodies(t.app, offender.id)).slice(sentToOffender)).toEqual([notice]);
    expect(await db.query(`select 1 from safety_reports where reporter_user_id = $1`, [offender.id])).toEqual([]);
    expect(await db.query(`select 1 from linkups where initiator_user_id = $1`, [offender.id])).toEqual([]);
    setClock(t.app, new Date(now(t.app).getTime() + 25 * 3_600_000));
    await text(offender, 'hello again');
    expect((await bodies(t.app, offender.id)).slice(sentToOffender)).toEqual([notice, notice]);
    setClock(t.app, new Date());
  });

  it('ends when support clears the hold: audited with the admin, the member told and back to normal', async () => {
    const adminId = randomUUID();
    const holds = t.app.get(HoldsService);
    const cleared = await holds.clearHold({ userId: offender.id, reason: 'reviewed: no threat found', actor: { type: 'admin', adminId } });
    expect(cleared.change).toBe('cleared');
    expect(await holds.clearHold({ userId: offender.id, reason: 'again', actor: { type: 'admin', adminId } })).toMatchObject({ change: 'not_on_hold' });
    expect(await domainEvents(db, offender.id, 'safety_hold.cleared')).toEqual([
      expect.objectContaining({ from_state: 'hard_hold', to_state: 'none', payload: expect.objectContaining({ actor: 'admin', adminId, reason: 'reviewed: no threat found' }) }),
    ]);
    expect((await sessionOf(db, offender.id)).mode).toBe('idle');
    expect(await lastBody(offender)).toBe('Your JOSH account review is done and your account is active again. Text LINKUP to plan something.');
    await text(offender, 'status');
    expect(await lastBody(offender)).toBe('No upcoming LinkUps. Text LINKUP to plan one.');
  });
});
