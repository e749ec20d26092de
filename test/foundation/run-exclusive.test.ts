import { DataSource } from 'typeorm';
import { OtpService } from '../../src/modules/identity/otp.service';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';

// runExclusive: a sweep another instance is running (its transaction-scoped advisory lock held) is
// skipped at once: nothing done, nothing waited for; once that instance is done, the next run works.
describe('exclusive sweeps (TransactionRunner.runExclusive)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('the OTP sweep does nothing while another instance holds its lock, and everything after', async () => {
    const members = await Promise.all([makeMember(t.app), makeMember(t.app)]);
    for (const m of members) {
      await db.query(`insert into otp_sessions (user_id, otp_hash, expires_at) values ($1, 'h', now() - interval '400 days')`, [m.id]);
    }
    const count = async () =>
      (await db.query(`select count(*)::int as n from otp_sessions where user_id = any($1::uuid[])`, [members.map((m) => m.id)]))[0].n;
    const other = await holdLock(db, `select pg_advisory_xact_lock(hashtext('sweep:otp-sessions'))`);
    try {
      const sweep = t.app.get(OtpService).sweepExpiredSessions();
      expect(await blockedBy(db, other.pid, sweep)).toBe('finished');
      expect(await sweep).toBe(0);
      expect(await count()).toBe(2);
    } finally {
      await other.rollback();
    }
    expect(await t.app.get(OtpService).sweepExpiredSessions()).toBe(2);
    expect(await count()).toBe(0);
  });
});
