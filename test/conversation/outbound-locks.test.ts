import { DataSource } from 'typeorm';
import { OutboundSmsService } from '../../src/modules/conversation';
import { OutboundJobsRepository } from '../../src/modules/conversation/outbound/outbound-jobs.repository';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { SmsSendersService } from '../../src/modules/conversation/outbound/sms-senders.service';
import { startTestApp, TestApp } from '../support/app';
import { randomPhone } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';

// The outbound path's row locks, seen in pg_locks: the sender's pacing row is locked for the
// whole claim (two dispatchers never spend one slot), and a lease renewal reads the previous send
// start under the job's row lock.
describe('outbound row locks', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    // APP_ROLE=web: no dispatcher loop; the tests dispatch themselves.
    t = await startTestApp({ APP_ROLE: 'web', SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it("a claim waits for another dispatcher holding the sender's pacing row, and spends no slot that dispatcher took", async () => {
    const dispatcher = t.app.get(SmsDispatcher);
    const sender = t.app.get(SmsSendersService).sender;
    // The sender's row exists (a claim creates it), and the queue is empty.
    expect(await dispatcher.dispatchOnce()).toMatchObject({ claimed: 0 });
    const phone = randomPhone();
    const { jobId } = await t.app.get(OutboundSmsService).enqueue({ to: phone, body: 'paced', purpose: 'notice', idempotencyKey: `pace-lock:${phone}` });
    // Another dispatcher mid-claim: it holds the pacing row and is about to spend the next hour.
    const held = await holdLock(db, `select sender from sms_sender_states where sender = $1 for update`, [sender]);
    let run: ReturnType<SmsDispatcher['dispatchOnce']> = Promise.resolve({ claimed: -1, sent: 0, retried: 0, failed: 0, leaseLost: 0 });
    try {
      run = dispatcher.dispatchOnce();
      expect(await blockedBy(db, held.pid, run)).toBe('waiting');
      await held.query(`update sms_sender_states set next_send_at = now() + interval '1 hour' where sender = $1`, [sender]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await run).toMatchObject({ claimed: 0, sent: 0 });
    expect((await db.query(`select status, attempts from sms_outbound_jobs where id = $1`, [jobId]))[0]).toEqual({ status: 'pending', attempts: 0 });
    const [state] = await db.query(`select next_send_at > now() + interval '59 minutes' as later from sms_sender_states where sender = $1`, [sender]);
    expect(state.later).toBe(true);
    await db.query(`delete from sms_outbound_jobs where id = $1`, [jobId]);
    await db.query(`update sms_sender_states set next_send_at = now() where sender = $1`, [sender]);
  });

  it('a lease renewal reads the previous send start committed while it waited for the job row', async () => {
    const phone = randomPhone();
    const { jobId } = await t.app.get(OutboundSmsService).enqueue({ to: phone, body: 'renewed', purpose: 'notice', idempotencyKey: `renew-lock:${phone}` });
    await db.query(`update sms_outbound_jobs set locked_by = 'token-1', locked_until = now() + interval '1 minute' where id = $1`, [jobId]);
    const repo = t.app.get(OutboundJobsRepository);
    // A send start being recorded for this job by another transaction, not committed yet.
    const held = await holdLock(db, `update sms_outbound_jobs set send_started_at = timestamptz '2030-01-01T00:00:00Z' where id = $1`, [jobId]);
    let renewal: ReturnType<OutboundJobsRepository['renewLease']> = Promise.resolve(null);
    try {
      renewal = repo.renewLease(jobId, 'token-1', 30);
      expect(await blockedBy(db, held.pid, renewal)).toBe('waiting');
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await renewal).toMatchObject({ expired: false, previousSendStartedAt: new Date('2030-01-01T00:00:00Z') });
  });
});
