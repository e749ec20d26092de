import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { adminCall, type AdminCaller, adminToken, auditRows } from '../support/admin';
import { textAs } from '../support/conversation-sms';
import { lastJob, sweeps } from '../support/linkups-app';
import { makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';
import { sessionOf } from '../support/safety-helpers';

// A hold applied by support through the admin API stops invites at once; clearing it lets the
// member be matched again.
describe('holds applied and cleared by support', () => {
  let t: TestApp;
  let db: DataSource;
  let support: AdminCaller;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    support = await adminToken(t.app, 'support');
  });
  afterAll(() => t.close());

  const invitesOf = async (linkupId: string, userId: string) =>
    db.query(`select state from linkup_invites where linkup_id = $1 and invited_user_id = $2`, [linkupId, userId]);
  const waveDue = (linkupId: string) => db.query(`update linkups set next_wave_at = now() - interval '1 second' where id = $1`, [linkupId]);
  const holdVia = (m: TestMember, state: 'soft_hold' | 'hard_hold') =>
    adminCall(t.app, support, 'post', `/admin/v1/users/${m.id}/holds`, { state, reason: 'Ticket 77: reviewing a complaint' }).expect(200);
  const clearVia = (m: TestMember) => adminCall(t.app, support, 'post', `/admin/v1/users/${m.id}/holds/clear`, { reason: 'Ticket 77: cleared after review' }).expect(200);

  it('a soft hold keeps the member out of the next wave; cleared, the next wave invites them', async () => {
    // A region where the only possible invitee is Xan.
    const regionId = await makeRegion(db);
    const initiator = await makeMatchable(db, regionId, { firstName: 'Ivy' });
    const xan = await makeMatchable(db, regionId, { firstName: 'Xan' });
    const linkupId = await makeLinkup(db, regionId, initiator.id);

    const held = await holdVia(xan, 'soft_hold');
    expect(held.body).toMatchObject({ change: 'applied', hold: { state: 'soft_hold', inForce: true, appliedByAdmin: support.adminId } });
    await waveDue(linkupId);
    await sweeps(t.app).sendDueWaves();
    expect(await invitesOf(linkupId, xan.id)).toEqual([]);

    const cleared = await clearVia(xan);
    expect(cleared.body).toMatchObject({ change: 'cleared', hold: { inForce: false } });
    await waveDue(linkupId);
    await sweeps(t.app).sendDueWaves();
    expect(await invitesOf(linkupId, xan.id)).toEqual([{ state: 'pending' }]);
    expect((await lastJob(t.app, xan.id))?.body).toMatch(/coffee/i);

    const actions = (await auditRows(t.app, { targetId: xan.id })).map((r) => [r.action, r.admin_user_id, r.reason]);
    expect(actions).toEqual([
      ['user.hold_applied', support.adminId, 'Ticket 77: reviewing a complaint'],
      ['user.hold_cleared', support.adminId, 'Ticket 77: cleared after review'],
    ]);
  });

  it('a soft hold at once turns away a YES to an invite sent before it', async () => {
    const regionId = await makeRegion(db);
    const initiator = await makeMatchable(db, regionId);
    const yan = await makeMatchable(db, regionId, { firstName: 'Yan' });
    const linkupId = await makeLinkup(db, regionId, initiator.id);
    await makePendingInvite(db, linkupId, yan.id);

    await holdVia(yan, 'soft_hold');
    await textAs(t.app, yan.phone, 'YES');
    expect(await db.query(`select 1 from linkup_participants where linkup_id = $1 and user_id = $2`, [linkupId, yan.id])).toEqual([]);
    expect((await lastJob(t.app, yan.id))?.body).toMatch(/review/i);
  });

  it('a hard hold closes the pending invite and puts the conversation in safety_hold at once; cleared, the member is back', async () => {
    const regionId = await makeRegion(db);
    const initiator = await makeMatchable(db, regionId);
    const zed = await makeMatchable(db, regionId, { firstName: 'Zed' });
    const linkupId = await makeLinkup(db, regionId, initiator.id);
    await makePendingInvite(db, linkupId, zed.id);

    await holdVia(zed, 'hard_hold');
    expect(await invitesOf(linkupId, zed.id)).toEqual([{ state: 'closed' }]);
    expect((await sessionOf(db, zed.id)).mode).toBe('safety_hold');

    await clearVia(zed);
    expect((await sessionOf(db, zed.id)).mode).toBe('idle');
    expect((await lastJob(t.app, zed.id))?.body).toMatch(/active again/i);
    // Matched again: a new LinkUp's wave invites Zed.
    const next = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, { eventTime: new Date(Date.now() + 5 * 86_400_000) });
    await waveDue(next);
    await sweeps(t.app).sendDueWaves();
    expect(await invitesOf(next, zed.id)).toEqual([{ state: 'pending' }]);
  });

  it('a hold until a date in the past is refused (422) and nothing is held or audited', async () => {
    const m = await makeMatchable(db, await makeRegion(db));
    const res = await adminCall(t.app, support, 'post', `/admin/v1/users/${m.id}/holds`, {
      state: 'soft_hold', expiresAt: new Date(Date.now() - 60_000).toISOString(), reason: 'Ticket 78',
    }).expect(422);
    expect(res.body.code).toBe('safety_invalid_hold');
    expect(await db.query(`select 1 from safety_holds where user_id = $1 and state <> 'none'`, [m.id])).toEqual([]);
    expect(await auditRows(t.app, { targetId: m.id })).toEqual([]);
  });
});
