import { DataSource } from 'typeorm';
import { PhoneHasher } from '../../src/common/crypto';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor, lastJob } from '../support/linkups-app';
import { makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';
import { sessionOf, sharedLinkup } from '../support/safety-helpers';

// REPORT over signed webhooks: the person picker, the description, the row written, the reported
// member never told; bad input; REPORT in the middle of a LinkUp flow.
describe('REPORT over SMS', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const reportsBy = (m: TestMember) => db.query(`select * from safety_reports where reporter_user_id = $1 order by created_at`, [m.id]);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  it('lists the people of the last 30 days, takes a number and one message, and files one report the reported member never hears of', async () => {
    const ria = await makeMatchable(db, regionId, { firstName: 'Ria' });
    const maya = await makeMatchable(db, regionId, { firstName: 'Maya' });
    const ben = await makeMatchable(db, regionId, { firstName: 'Ben' });
    const olga = await makeMatchable(db, regionId, { firstName: 'Olga' });
    const coffee = await sharedLinkup(db, regionId, [maya, ria, ben], 3);
    await sharedLinkup(db, regionId, [olga, ria], 40);
    const sentToMaya = (await jobsFor(t.app, maya.id)).length;

    await text(ria, 'REPORT');
    const picker = await lastBody(ria);
    expect(picker).toMatch(/^Who would you like to report\? Reply with their number:\n1 (Maya|Ben) \(coffee \w{3}\)\n2 (Maya|Ben) \(coffee \w{3}\)\nThey won't know\./);
    expect(picker).not.toContain('Olga');
    expect((await sessionOf(db, ria.id)).mode).toBe('awaiting_invite_reply');
    const mayaNumber = picker.includes('1 Maya') ? '1' : '2';

    // Bad picks are asked again; nothing is written.
    for (const bad of ['3', '0', '\u{1F621}', 'maybe']) {
      await text(ria, bad);
      expect(await lastBody(ria)).toBe('Please reply with a number from 1 to 2, or NEVERMIND to leave it.');
    }
    await text(ria, mayaNumber);
    expect(await lastBody(ria)).toBe('What happened with Maya? Tell us in one message. Only our safety team will read it. Text NEVERMIND to leave it.');
    // An empty description (an MMS with no text), emoji alone: asked again.
    for (const empty of ['', '   ', '\u{1F644}\u{1F644}']) {
      await text(ria, empty);
      expect(await lastBody(ria)).toBe('Please tell us in words what happened, in one message. Text NEVERMIND to leave it.');
    }
    expect(await reportsBy(ria)).toEqual([]);

    const description = 'She kept asking for my address after coffee \u{1F615} and made me uncomfortable';
    await text(ria, description);
    expect(await lastBody(ria)).toBe(
      "Thank you for telling us. Our safety team will review it. They won't be told who reported them. To never be matched with them again, text BLOCK.",
    );
    const [report] = await reportsBy(ria);
    expect(report).toMatchObject({
      reported_user_id: maya.id,
      reporter_phone_hash: t.app.get(PhoneHasher).hash(ria.phone),
      report_type: 'member_report',
      status: 'open',
    });
    expect(report.details).toEqual({
      text: description, linkup_id: coffee, channel: 'sms', severe: false, severe_keywords: [], truncated: false,
    });
    // Never the reporter's number, in any form.
    expect(JSON.stringify(report)).not.toContain(ria.phone.slice(2));
    expect((await sessionOf(db, ria.id)).mode).toBe('idle');
    // Nothing to Maya, no hold, no incident for a report that is not severe.
    expect((await jobsFor(t.app, maya.id)).length).toBe(sentToMaya);
    expect(await db.query(`select 1 from safety_holds where user_id = $1`, [maya.id])).toEqual([]);
    expect(await db.query(`select 1 from safety_incidents where user_id = $1`, [maya.id])).toEqual([]);
    const events = await db.query(`select event_type, payload from domain_events where entity_id = $1`, [report.id]);
    expect(events).toEqual([{ event_type: 'safety_report.filed', payload: { type: 'member_report', severe: false } }]);
  });

  it('takes a description of 1,600 characters whole, and a picked name as well as a number', async () => {
    const ria = await makeMatchable(db, regionId, { firstName: 'Ria' });
    const kim = await makeMatchable(db, regionId, { firstName: 'Kim' });
    await sharedLinkup(db, regionId, [ria, kim], 1);
    await text(ria, 'report');
    await text(ria, 'kim');
    expect(await lastBody(ria)).toMatch(/^What happened with Kim\?/);
    const long = 'He talked over everyone and was rude. '.repeat(43).slice(0, 1600);
    expect(long).toHaveLength(1600);
    await text(ria, long);
    const [report] = await reportsBy(ria);
    expect(report.reported_user_id).toBe(kim.id);
    expect(report.details.text).toBe(long.trim());
    expect(report.details.severe).toBe(false); // "talked" is not "stalked"
  });

  it('says how to reach support when the member had no LinkUp in the last 30 days, and NEVERMIND files nothing', async () => {
    const lone = await makeMatchable(db, regionId);
    await sharedLinkup(db, regionId, [lone, await makeMatchable(db, regionId)], 45);
    await text(lone, 'Report');
    expect(await lastBody(lone)).toBe(
      'We found nobody from your LinkUps of the last 30 days. To report something else, contact support@joshfriends.example. If you are in danger, call 911.',
    );
    expect((await sessionOf(db, lone.id)).mode).toBe('idle');

    const ria = await makeMatchable(db, regionId);
    await sharedLinkup(db, regionId, [ria, await makeMatchable(db, regionId)], 2);
    await text(ria, 'REPORT');
    await text(ria, '1');
    await text(ria, 'nevermind');
    expect(await lastBody(ria)).toBe('OK, nothing was sent.');
    expect(await reportsBy(ria)).toEqual([]);
    expect((await sessionOf(db, ria.id)).mode).toBe('idle');
  });

  it('works in the middle of forming a LinkUp and gives the draft back, saying so', async () => {
    const ria = await makeMatchable(db, regionId);
    await sharedLinkup(db, regionId, [ria, await makeMatchable(db, regionId, { firstName: 'Zed' })], 5);
    await text(ria, 'coffee saturday morning');
    const forming = await sessionOf(db, ria.id);
    expect(forming.mode).toBe('linkup_forming');
    await text(ria, 'REPORT');
    await text(ria, '1');
    await text(ria, 'he was rude to the barista');
    expect(await lastBody(ria)).toMatch(/Our safety team will review it\..*\nWe're back to what we were talking about before: reply to that as you were\.$/s);
    const back = await sessionOf(db, ria.id);
    expect(back).toMatchObject({ mode: 'linkup_forming', state_token: forming.state_token });
    expect(Math.abs(new Date(back.expires_at!).getTime() - new Date(forming.expires_at!).getTime())).toBeLessThan(5_000);
    await text(ria, 'YES');
    expect(await db.query(`select 1 from linkups where initiator_user_id = $1 and state = 'broadcasting'`, [ria.id])).toHaveLength(1);
  });

  it('works while an invite waits for an answer, and the invite can still be answered', async () => {
    const ria = await makeMatchable(db, regionId, { mode: 'awaiting_invite_reply' });
    await db.query(`update conversation_sessions set state_token = 'invite' where user_id = $1`, [ria.id]);
    await sharedLinkup(db, regionId, [ria, await makeMatchable(db, regionId)], 5);
    const linkupId = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id);
    await makePendingInvite(db, linkupId, ria.id);
    await text(ria, 'REPORT');
    await text(ria, '1');
    await text(ria, 'never showed up and ignored the group');
    expect(await sessionOf(db, ria.id)).toMatchObject({ mode: 'awaiting_invite_reply', state_token: 'invite' });
    await text(ria, 'YES');
    expect(await lastBody(ria)).toBe("You're in! I'll text you when the group is set.");
    expect(await reportsBy(ria)).toHaveLength(1);
  });
});
