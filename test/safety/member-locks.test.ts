import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UsersService } from '../../src/modules/identity';
import { MemberDeletionService, SuspensionService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';

// Suspension and deletion lock the member row before they read what they change: a change another
// transaction is making to the member is waited for (seen in pg_locks), and what it committed is
// what they act on.
describe('member row locks of suspension and deletion', () => {
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
});
