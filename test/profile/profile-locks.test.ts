import { DataSource } from 'typeorm';
import { ProfileWriter } from '../../src/modules/profile/profile-writer';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';

// Every profile change goes through ProfileWriter, which locks the profile row before it reads it:
// a change another transaction is making is waited for (seen in pg_locks) and kept, not
// overwritten by a write decided on the row as it was before (no lost update).
describe('profile row lock', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('a change waits for another one in flight and keeps what that one wrote', async () => {
    const m = await makeMember(t.app);
    await db.query(`insert into profiles (user_id) values ($1)`, [m.id]);
    // Another change holds the row; it records an interview step once this one waits.
    const held = await holdLock(db, `select id from profiles where user_id = $1 for update`, [m.id]);
    let applied: Promise<unknown> = Promise.resolve();
    try {
      applied = db.transaction((manager) =>
        t.app.get(ProfileWriter).apply(
          { userId: m.id, idempotencyKey: `lock-test:${m.id}`, eventType: 'profile.test', source: 'test', correlationId: null, manager },
          () => ({ state: 'partial', payload: {} }),
        ));
      expect(await blockedBy(db, held.pid, applied)).toBe('waiting');
      await held.query(`update profiles set last_interview_step = 'q1' where user_id = $1`, [m.id]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await applied).toMatchObject({ applied: true, before: { lastInterviewStep: 'q1' } });
    expect(await db.query(`select state, last_interview_step from profiles where user_id = $1`, [m.id])).toEqual([
      { state: 'partial', last_interview_step: 'q1' },
    ]);
  });
});
