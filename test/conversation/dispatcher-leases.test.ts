import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { randomPhone } from '../support/conversation-factories';
import { TransactionRunner } from '../../src/database';
import { OutboundSmsService } from '../../src/modules/conversation';
import { OutboundJobsRepository } from '../../src/modules/conversation/outbound/outbound-jobs.repository';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';

// Leases on outbound jobs are fenced by the claim's token: whoever lost the lease can change
// nothing, and a graceful shutdown hands back what it claimed but did not send.
describe('outbound leases', () => {
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    a = await startTestApp({ SMS_DISPATCH_LEASE_SECONDS: '1', SMS_PROVIDER_TIMEOUT_MS: '400', SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
    b = await startTestApp({ SMS_DISPATCH_LEASE_SECONDS: '30', SMS_SENDER_SEGMENTS_PER_SECOND: '1000' }, a.db);
    db = a.app.get(DataSource);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const job = async (id: string) =>
    (await db.query('select status, attempts, locked_by, locked_until, twilio_message_sid from sms_outbound_jobs where id = $1', [id]))[0];

  it('a late completion from an expired lease changes nothing, even while the new holder is sending', async () => {
    const phone = randomPhone();
    const { jobId } = await a.app.get(OutboundSmsService).enqueue({ to: phone, body: 'fenced', purpose: 'notice', idempotencyKey: `fence:${phone}` });
    const repo = a.app.get(OutboundJobsRepository);
    const tx = a.app.get(TransactionRunner);
    // The sent-message row each completion would write (issue 18 binds its body to the row).
    const message = () => ({ id: randomUUID(), body: null });
    await tx.run((m) => repo.claimDue('old-holder', 50, 1, m));
    await new Promise((r) => setTimeout(r, 1100));
    // The lease ran out; another dispatcher claims the job and is now sending it.
    expect((await tx.run((m) => repo.claimDue('new-holder', 50, 30, m))).map((j) => j.id)).toContain(jobId);
    // The old holder wakes up and tries to finish: refused on every path.
    expect(await repo.completeSent(jobId, 'old-holder', { sid: 'SMlate', from: '+15550009999', status: 'queued' }, message())).toBe(false);
    expect(await repo.scheduleRetry(jobId, 'old-holder', 0, 'x')).toBe(false);
    expect(await repo.fail(jobId, 'old-holder', 'x')).toBe(false);
    expect(await repo.releaseLease(jobId, 'old-holder')).toBe(false);
    expect(await repo.renewLease(jobId, 'old-holder', 30)).toBeNull();
    expect(await job(jobId)).toMatchObject({ status: 'pending', locked_by: 'new-holder', attempts: 2 });
    // The new holder completes it, once.
    expect(await repo.completeSent(jobId, 'new-holder', { sid: 'SMnew', from: '+15550009999', status: 'queued' }, message())).toBe(true);
    expect(await repo.completeSent(jobId, 'old-holder', { sid: 'SMlate', from: '+15550009999', status: 'queued' }, message())).toBe(false);
    expect(await job(jobId)).toMatchObject({ status: 'sent', twilio_message_sid: 'SMnew' });
    const out = await db.query(`select twilio_message_sid from sms_messages where direction = 'out' and to_e164 = $1`, [phone]);
    expect(out).toEqual([{ twilio_message_sid: 'SMnew' }]);
  });

  it('shutting down: claimed jobs not yet sent go back to the queue at once, the try given back', async () => {
    const phones = [randomPhone(), randomPhone(), randomPhone()];
    const outbound = a.app.get(OutboundSmsService);
    const ids = [];
    for (const to of phones) ids.push((await outbound.enqueue({ to, body: 'later', purpose: 'notice', idempotencyKey: `release:${to}` })).jobId);
    const stopping = b.app.get(SmsDispatcher);
    stopping.stopSending();
    const summary = await stopping.dispatchOnce();
    expect(summary).toMatchObject({ claimed: 3, sent: 0 });
    for (const id of ids) expect(await job(id)).toMatchObject({ status: 'pending', attempts: 0, locked_by: null, locked_until: null });
    // Another instance sends them right away, without waiting for a lease to run out.
    expect((await a.app.get(SmsDispatcher).dispatchOnce()).sent).toBe(3);
  });
});
