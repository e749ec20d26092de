import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersService } from '../../src/modules/identity';
import { HoldsService, HoldsSweepService, MemberDeletionService, SuspensionService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';

// Suspension and deletion lock the member row, and holds the member's hold row, before they read
// what they change: a change another transaction is making is waited for (seen in pg_locks), and
// what it committed is what they act on. The expiry sweep skips holds another instance holds.
describe('row locks of suspension, deletion and holds', () => {
  let t: TestApp;
  let db: DataSource;
  const admin = { type: 'admin' as const, adminId: randomUUID() };

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const events = async (userId: string, type: string) =>
    db.query(`select from_state, to_state from domain_events where entity_id = $1 and event_type = $2 order by created_at`, [userId, type]);

  it('a suspension waits for a state change in flight and keeps the state it committed (restored by unsuspend)', async () => {
    const m = await makeMember(t.app, { state: 'verified' });
    // The member finishing their profile (verified -> active), not committed yet.
    const held = await holdLock(db, `update users set state = 'active' where id = $1`, [m.id]);
    const suspensions = t.app.get(SuspensionService);
    let suspended: Promise<unknown> = Promise.resolve();
    try {
      suspended = suspensions.suspend(m.id, admin, null);
      expect(await blockedBy(db, held.pid, suspended)).toBe('waiting');
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await suspended).toMatchObject({ changed: true, state: 'suspended' });
    expect(await events(m.id, 'user.suspended')).toEqual([{ from_state: 'active', to_state: 'suspended' }]);
    expect(await suspensions.unsuspend(m.id, admin, null)).toMatchObject({ changed: true, state: 'active' });
    expect((await db.query(`select state from users where id = $1`, [m.id]))[0].state).toBe('active');
  });

  it('a deletion waits for a scrub in flight and then deletes nothing more', async () => {
    const m = await makeMember(t.app);
    // The identity scrub of this member, run by another transaction and not committed yet.
    const held = await holdLock(db, `select 1`);
    const deletions = t.app.get(MemberDeletionService);
    let deleted: Promise<unknown> = Promise.resolve();
    try {
      expect(await t.app.get(UsersService).scrubForDeletion(m.id, new Date(), held.runner.manager)).toMatchObject({ phoneE164: m.phone });
      deleted = deletions.deleteMember(m.id, admin);
      expect(await blockedBy(db, held.pid, deleted)).toBe('waiting');
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await deleted).toEqual({ deleted: false });
    expect(await events(m.id, 'user.deleted')).toEqual([]);
  });

  it('a hold applied while another transaction holds the hold row is decided on what that one committed', async () => {
    const m = await makeMember(t.app);
    await db.query(`insert into safety_holds (user_id, state) values ($1, 'none')`, [m.id]);
    const held = await holdLock(db, `select id from safety_holds where user_id = $1 for update`, [m.id]);
    let applied: Promise<unknown> = Promise.resolve();
    try {
      applied = t.app.get(HoldsService).applyHold({ userId: m.id, kind: 'soft_hold', reason: 'support_review', actor: admin });
      expect(await blockedBy(db, held.pid, applied)).toBe('waiting');
      // The other transaction puts a hard hold on the member, then commits.
      await held.query(`update safety_holds set state = 'hard_hold', reason = 'severe_report', applied_at = now() where user_id = $1`, [m.id]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await applied).toMatchObject({ change: 'kept_stronger' });
    expect(await db.query(`select state, reason from safety_holds where user_id = $1`, [m.id])).toEqual([{ state: 'hard_hold', reason: 'severe_report' }]);
  });

  it('the expiry sweep ends the expired holds another instance does not hold, without waiting for that one', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, () => makeMember(t.app)));
    for (const m of members) {
      await db.query(
        `insert into safety_holds (user_id, state, reason, applied_at, expires_at) values ($1, 'soft_hold', 'strikes', now() - interval '2 days', now() - interval '1 hour')`,
        [m.id],
      );
    }
    const held = await holdLock(db, `select id from safety_holds where user_id = $1 for update`, [members[0].id]);
    try {
      const sweep = t.app.get(HoldsSweepService).endExpiredHolds();
      expect(await blockedBy(db, held.pid, sweep)).toBe('finished');
      expect(await sweep).toBe(3);
    } finally {
      await held.rollback();
    }
    const states = await db.query(`select user_id, state from safety_holds where user_id = any($1::uuid[])`, [members.map((m) => m.id)]);
    expect(new Map(states.map((r: { user_id: string; state: string }) => [r.user_id, r.state]))).toEqual(
      new Map(members.map((m, i) => [m.id, i === 0 ? 'soft_hold' : 'none'])),
    );
    expect(await t.app.get(HoldsSweepService).endExpiredHolds()).toBe(1);
  });
});
