import { DataSource } from 'typeorm';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { startTestApp, TestApp } from '../support/app';
import { jobsFor } from '../support/linkups-app';
import { makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';
import { postSignedSms } from '../support/twilio-webhooks';

// 200 members holding an invite to one LinkUp (max_size 6) answer YES at the same moment.
describe('the lock under 200 simultaneous YES replies', () => {
  let t: TestApp;
  let db: DataSource;
  let linkupId: string;
  let initiator: TestMember;
  const members: TestMember[] = [];

  beforeAll(async () => {
    // Several handlers at once per instance, so replies really race for the LinkUp row.
    t = await startTestApp({ SMS_INBOUND_CONCURRENCY: '12' });
    db = t.app.get(DataSource);
    const regionId = await makeRegion(db);
    initiator = await makeMatchable(db, regionId, { firstName: 'Iris' });
    linkupId = await makeLinkup(db, regionId, initiator.id, { maxSize: 6, minSize: 3 });
    for (let i = 0; i < 200; i++) {
      const m = await makeMatchable(db, regionId, { firstName: `M${i}`, mode: 'awaiting_invite_reply' });
      await makePendingInvite(db, linkupId, m.id);
      members.push(m);
    }
  });
  afterAll(() => t.close());

  it('confirms exactly 5 plus the initiator, locks once, confirms each once, and tells everyone else it filled up', async () => {
    const responses = await Promise.all(members.map((m) => postSignedSms(t.app, { from: m.phone, body: 'YES' })));
    for (const r of responses) expect(r.status).toBe(200);
    await t.app.get(InboundSmsService).whenIdle();

    const [linkup] = await db.query(`select state, lock_version from linkups where id = $1`, [linkupId]);
    expect(linkup.state).toBe('locked');
    const participants = await db.query(`select user_id, role from linkup_participants where linkup_id = $1 and status = 'confirmed'`, [linkupId]);
    expect(participants).toHaveLength(6);
    expect(participants.filter((p: { role: string }) => p.role === 'initiator')).toEqual([{ user_id: initiator.id, role: 'initiator' }]);
    const [locks] = await db.query(`select count(*)::int as n from domain_events where entity_id = $1 and event_type = 'linkup.locked'`, [linkupId]);
    expect(locks.n).toBe(1);
    const invites = await db.query(`select state, count(*)::int as n from linkup_invites where linkup_id = $1 group by state order by state`, [linkupId]);
    expect(invites).toEqual([
      { state: 'accepted', n: 5 },
      { state: 'closed', n: 195 },
    ]);

    const ids = new Set(participants.map((p: { user_id: string }) => p.user_id));
    let filledUp = 0;
    for (const m of [initiator, ...members]) {
      const jobs = await jobsFor(t.app, m.id);
      const confirmations = jobs.filter((j) => j.purpose === 'lock_confirmation');
      const replies = jobs.filter((j) => j.purpose === 'reply');
      if (ids.has(m.id)) {
        expect(confirmations).toHaveLength(1);
        expect(confirmations[0].body).toMatch(/^You're set! Coffee on /);
        if (m !== initiator) expect(replies.map((r) => r.body)).toEqual(["You're in! I'll text you when the group is set."]);
      } else {
        expect(confirmations).toHaveLength(0);
        expect(replies.map((r) => r.body)).toEqual(['Sorry, this one filled up! We will invite you to the next one.']);
        filledUp += 1;
      }
    }
    expect(filledUp).toBe(195);
  });
});
