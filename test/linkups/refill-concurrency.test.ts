import { DataSource } from 'typeorm';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { HoldsService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { jobsFor, linkupRow, sweeps } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { postSignedSms } from '../support/twilio-webhooks';

// Spots freed after the lock are offered again, and the group never exceeds max_size: ten refill
// invites for two spots, answered YES at the same moment through three app instances on one
// database.
describe('refilling a locked LinkUp under concurrency', () => {
  let tdb: TestDatabase;
  let apps: TestApp[];
  let db: DataSource;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // Five invites per open spot, so many more YES than spots.
    apps = [];
    for (let i = 0; i < 3; i++) apps.push(await startTestApp({ LINKUP_WAVE_MULTIPLIER: '5' }, tdb));
    db = apps[0].app.get(DataSource);
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await tdb.drop();
  });

  it('takes exactly as many YES as there are freed spots', async () => {
    const regionId = await makeRegion(db);
    const group: TestMember[] = [];
    for (let i = 0; i < 5; i++) group.push(await makeMatchable(db, regionId));
    const id = await makeLinkup(db, regionId, group[0].id, { state: 'locked', eventTime: new Date(Date.now() + 4 * 86_400_000), minSize: 3, maxSize: 5 });
    for (const m of group.slice(1)) await addParticipant(db, id, m.id);
    for (let i = 0; i < 10; i++) await makeMatchable(db, regionId);

    // Two members put on hard holds leave it: two spots, refilled by one wave of 2 x 5 invites.
    const holds = apps[0].app.get(HoldsService);
    for (const m of group.slice(3)) await holds.applyHold({ userId: m.id, kind: 'hard_hold', reason: 'test', actor: { type: 'system' } });
    expect((await sweeps(apps[0].app).sendDueWaves()).invitesSent).toBe(10);
    const invited: Array<{ id: string; phone: string }> = await db.query(
      `select u.id, u.phone_e164 as phone from linkup_invites i join users u on u.id = i.invited_user_id where i.linkup_id = $1 and i.state = 'pending'`,
      [id],
    );
    expect(invited).toHaveLength(10);
    const versionBefore = (await linkupRow(apps[0].app, id)).lock_version;

    await Promise.all(invited.map((m, i) => postSignedSms(apps[i % 3].app, { from: m.phone, body: 'YES' }).expect(200)));
    await Promise.all(apps.map((a) => a.app.get(InboundSmsService).whenIdle()));

    const [{ n }] = await db.query(`select count(*)::int as n from linkup_participants where linkup_id = $1 and status = 'confirmed'`, [id]);
    expect(n).toBe(5);
    const answers = await Promise.all(invited.map(async (m) => (await jobsFor(apps[0].app, m.id)).map((j) => j.body)));
    expect(answers.filter((b) => b.includes("You're in! The group is already set: the details are on their way."))).toHaveLength(2);
    expect(answers.filter((b) => b.includes('Sorry, this one filled up! We will invite you to the next one.'))).toHaveLength(8);
    expect(await db.query(`select state, count(*)::int as n from linkup_invites where linkup_id = $1 group by state order by state`, [id])).toEqual([
      { state: 'accepted', n: 2 },
      { state: 'closed', n: 8 },
    ]);
    const after = await linkupRow(apps[0].app, id);
    expect(after.state).toBe('locked');
    expect(after.lock_version).toBe(versionBefore + 2);
  });
});
