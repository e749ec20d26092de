import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WaveChooser } from '../../src/modules/linkups';
import { HoldsService, HoldsSweepService, ReportsService, SafetyError } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { createTestDatabase, TestDatabase } from '../support/database';
import { jobsFor, lastJob, now, setClock } from '../support/linkups-app';
import { hold, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';
import { domainEvents, sessionOf, sharedLinkup } from '../support/safety-helpers';

const DAY = 86_400_000;

// Strikes, soft holds and the hourly sweep: an upheld report (3 points) brings a 14-day soft hold
// that the sweep ends once the clock has moved past it; holds with an expiry end on two instances
// at once exactly once.
describe('holds and strikes', () => {
  let tdb: TestDatabase;
  let t: TestApp;
  let other: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const adminId = randomUUID();
  const admin = { type: 'admin' as const, adminId };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    // The second instance only sweeps (APP_ROLE=web: no handling loops of its own), so the texts
    // sent to t are handled by t, and textAs's whenIdle on t sees them done.
    [t, other] = await Promise.all([startTestApp({ APP_ROLE: 'all' }, tdb), startTestApp({ APP_ROLE: 'web' }, tdb)]);
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(async () => {
    await other.close();
    await t.close();
    await tdb.drop();
  });

  afterEach(() => {
    setClock(t.app, new Date());
    setClock(other.app, new Date());
  });

  it('an upheld report is 3 points: a 14-day soft hold, ended by the sweep after 14 days', async () => {
    const ria = await makeMatchable(db, regionId, { firstName: 'Ria' });
    const max = await makeMatchable(db, regionId, { firstName: 'Max' });
    await sharedLinkup(db, regionId, [ria, max], 1);
    await text(ria, 'REPORT');
    await text(ria, '1');
    await text(ria, 'He was rude all evening and mocked my job');
    const [{ id: reportId }] = await db.query(`select id from safety_reports where reporter_user_id = $1`, [ria.id]);
    expect(await db.query(`select 1 from safety_holds where user_id = $1`, [max.id])).toEqual([]);

    const reports = t.app.get(ReportsService);
    expect((await reports.uphold(reportId, admin)).changed).toBe(true);
    expect((await reports.uphold(reportId, admin)).changed).toBe(false); // a retry strikes nothing more
    await expect(reports.dismiss(reportId, admin)).rejects.toMatchObject({ code: 'safety_report_already_resolved', status: 409 });
    expect(await db.query(`select strike_type, points from user_strikes where user_id = $1`, [max.id])).toEqual([{ strike_type: 'upheld_report', points: 3 }]);
    const [report] = await db.query(`select status, details from safety_reports where id = $1`, [reportId]);
    expect(report.status).toBe('resolved');
    expect(report.details).toMatchObject({ resolution: 'upheld', resolved_by: { actor: 'admin', adminId } });
    const [hold] = await db.query(`select state, reason, applied_at, expires_at from safety_holds where user_id = $1`, [max.id]);
    expect(hold).toMatchObject({ state: 'soft_hold', reason: 'strikes' });
    expect(new Date(hold.expires_at).getTime() - new Date(hold.applied_at).getTime()).toBe(14 * DAY);
    expect(await domainEvents(db, max.id, 'safety_hold.applied')).toEqual([
      expect.objectContaining({ to_state: 'soft_hold', payload: expect.objectContaining({ actor: 'system', reason: 'strikes', activePoints: 3 }) }),
    ]);

    // A soft hold: cannot initiate (and is told), is not invited, and cannot take an invite from before.
    await text(max, 'coffee saturday morning');
    expect(await lastBody(max)).toBe("Your account is under review, so you can't start a LinkUp right now.");
    const initiator = await makeMatchable(db, regionId);
    const linkupId = await makeLinkup(db, regionId, initiator.id);
    const [row] = await db.query(`select brief, event_time from linkups where id = $1`, [linkupId]);
    const why = await t.app.get(WaveChooser).explain(
      { id: linkupId, regionId, brief: row.brief, eventTime: new Date(row.event_time), groupUserIds: [initiator.id] }, max.id, now(t.app),
    );
    expect(why?.explainability.filters.failed).toEqual(['not_on_hold']);
    await makePendingInvite(db, linkupId, max.id);
    await text(max, 'YES');
    expect(await lastBody(max)).toBe("Your account is under review, so you can't join a LinkUp right now.");
    expect((await db.query(`select state from linkup_invites where invited_user_id = $1`, [max.id]))[0].state).toBe('closed');

    const sweep = t.app.get(HoldsSweepService);
    setClock(t.app, new Date(now(t.app).getTime() + 13 * DAY));
    expect(await sweep.endExpiredHolds()).toBe(0);
    setClock(t.app, new Date(new Date(hold.expires_at).getTime() + 3_600_000));
    expect(await sweep.endExpiredHolds()).toBe(1);
    expect(await db.query(`select state from safety_holds where user_id = $1`, [max.id])).toEqual([{ state: 'none' }]);
    expect(await domainEvents(db, max.id, 'safety_hold.cleared')).toEqual([
      expect.objectContaining({ from_state: 'soft_hold', to_state: 'none', payload: expect.objectContaining({ actor: 'sweep', reason: 'expired' }) }),
    ]);
    await text(max, 'coffee saturday morning');
    expect(await lastBody(max)).toMatch(/^Coffee on .* Reply YES to send invites/);
  });

  it('a member on a hard hold outside safety_hold (busy when it was applied, or back after a deletion) is put there by their next text', async () => {
    const m = await makeMatchable(db, regionId);
    await hold(db, m.id, 'hard_hold');
    expect((await sessionOf(db, m.id)).mode).toBe('idle');
    await text(m, 'REPORT');
    await text(m, 'coffee saturday morning');
    expect((await jobsFor(t.app, m.id)).map((j) => j.body)).toEqual([
      "Your JOSH account is under review, so it is paused for now. We'll text you when the review is done. Questions? support@joshfriends.example",
    ]);
    expect(await sessionOf(db, m.id)).toMatchObject({ mode: 'safety_hold', expires_at: null });
  });

  it('support applies holds with an expiry (audited with the admin); two instances sweeping at once end each exactly once', async () => {
    const holds = t.app.get(HoldsService);
    const until = new Date(Date.now() + 2 * DAY);
    const hard: TestMember[] = [];
    const soft: TestMember[] = [];
    for (let i = 0; i < 6; i++) {
      const m = await makeMatchable(db, regionId);
      const kind = i % 2 === 0 ? 'hard_hold' : 'soft_hold';
      const r = await holds.applyHold({ userId: m.id, kind, reason: 'support_review', expiresAt: until, actor: admin });
      expect(r.change).toBe('applied');
      expect((await holds.applyHold({ userId: m.id, kind, reason: 'support_review', expiresAt: until, actor: admin })).change).toBe('unchanged');
      (kind === 'hard_hold' ? hard : soft).push(m);
    }
    const [h] = await db.query(`select applied_by_admin from safety_holds where user_id = $1`, [hard[0].id]);
    expect(h.applied_by_admin).toBe(adminId);
    expect((await domainEvents(db, hard[0].id, 'safety_hold.applied'))[0].payload).toMatchObject({ actor: 'admin', adminId, reason: 'support_review' });
    expect((await sessionOf(db, hard[0].id)).mode).toBe('safety_hold');
    // A soft hold never lowers a hard one.
    expect((await holds.applyHold({ userId: hard[0].id, kind: 'soft_hold', reason: 'x', actor: admin })).change).toBe('kept_stronger');
    await expect(holds.applyHold({ userId: hard[0].id, kind: 'hard_hold', reason: 'x', expiresAt: new Date(Date.now() - 1000), actor: admin })).rejects.toBeInstanceOf(SafetyError);

    const later = new Date(until.getTime() + 60_000);
    setClock(t.app, later);
    setClock(other.app, later);
    const [a, b] = await Promise.all([t.app.get(HoldsSweepService).endExpiredHolds(), other.app.get(HoldsSweepService).endExpiredHolds()]);
    expect(a + b).toBeGreaterThanOrEqual(6);
    for (const m of [...hard, ...soft]) {
      expect(await domainEvents(db, m.id, 'safety_hold.cleared')).toHaveLength(1);
      expect(await db.query(`select state from safety_holds where user_id = $1`, [m.id])).toEqual([{ state: 'none' }]);
    }
    for (const m of hard) {
      expect((await sessionOf(db, m.id)).mode).toBe('idle');
      expect((await jobsFor(t.app, m.id)).map((j) => j.body)).toEqual([
        'Your JOSH account review is done and your account is active again. Text LINKUP to plan something.',
      ]);
    }
    for (const m of soft) expect(await jobsFor(t.app, m.id)).toEqual([]);
  });
});
