import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember, randomPhone } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';
import { TransactionRunner } from '../../src/database';
import { OutboundSmsService } from '../../src/modules/conversation';
import { OutboundJobsRepository } from '../../src/modules/conversation/outbound/outbound-jobs.repository';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';

describe('outbound dispatcher (real twilio adapter against a local Twilio-like API)', () => {
  const fake = new TwilioFakeApi();
  let t: TestApp;
  let db: DataSource;
  let outbound: OutboundSmsService;
  let dispatcher: SmsDispatcher;

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({
      ...twilioEnv(fake),
      SMS_DISPATCH_LEASE_SECONDS: '1',
      SMS_PROVIDER_TIMEOUT_MS: '400',
      SMS_MAX_ATTEMPTS: '3',
      SMS_BACKOFF_BASE_SECONDS: '2',
      SMS_BACKOFF_MAX_SECONDS: '60',
      SMS_SENDER_SEGMENTS_PER_SECOND: '1000',
      SMS_DISPATCH_BATCH_SIZE: '50',
    });
    db = t.app.get(DataSource);
    outbound = t.app.get(OutboundSmsService);
    dispatcher = t.app.get(SmsDispatcher);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  // Drains whatever is due now.
  async function drain(): Promise<void> {
    for (let i = 0; i < 10 && (await dispatcher.dispatchOnce()).claimed > 0; i++);
  }
  const jobRow = async (id: string) =>
    (await db.query('select status, attempts, last_error, twilio_message_sid, run_after, locked_until from sms_outbound_jobs where id = $1', [id]))[0];
  // Time passes: the job's backoff is over.
  const makeDue = (id: string) => db.query('update sms_outbound_jobs set run_after = now() where id = $1', [id]);

  it('sends through the Messages API with the status callback URL, and records the provider SID', async () => {
    const m = await makeMember(t.app);
    const { jobId } = await outbound.enqueue({ userId: m.id, body: 'Your code is 123456', purpose: 'otp', idempotencyKey: `otp:${m.id}` });
    await drain();
    const [sent] = fake.sentTo(m.phone);
    expect(sent).toMatchObject({ from: '+15550009999', body: 'Your code is 123456', statusCallback: 'https://josh.test/webhooks/twilio/status', authorized: true });
    const job = await jobRow(jobId);
    expect(job).toMatchObject({ status: 'sent', attempts: 1, twilio_message_sid: sent.sid, locked_until: null });
    const [msg] = await db.query('select direction, status, user_id, key_version, body_ciphertext from sms_messages where twilio_message_sid = $1', [sent.sid]);
    expect(msg).toMatchObject({ direction: 'out', status: 'queued', user_id: m.id });
    expect(msg.body_ciphertext.toString('utf8')).not.toContain('123456');
  });

  it('queues once per idempotency key and refuses bodies over 10 segments', async () => {
    const m = await makeMember(t.app);
    const a = await outbound.enqueue({ userId: m.id, body: 'once', purpose: 'notice', idempotencyKey: `once:${m.id}` });
    const b = await outbound.enqueue({ userId: m.id, body: 'once', purpose: 'notice', idempotencyKey: `once:${m.id}` });
    expect(a.created).toBe(true);
    expect(b).toEqual({ jobId: a.jobId, created: false });
    await expect(outbound.enqueue({ userId: m.id, body: 'x'.repeat(153 * 10 + 1), purpose: 'bulk', idempotencyKey: `long:${m.id}` }))
      .rejects.toMatchObject({ code: 'sms_body_too_long', status: 422 });
    await expect(outbound.enqueue({ to: '5550001111', body: 'x', purpose: 'bulk', idempotencyKey: 'bad-number' }))
      .rejects.toMatchObject({ code: 'sms_phone_invalid' });
  });

  it('retries transient errors (5xx, 429, timeouts) with exponential backoff, then sends', async () => {
    const phone = randomPhone();
    fake.script(phone, { kind: 'error', status: 500, code: 20500 }, { kind: 'error', status: 429, code: 20429 });
    const { jobId } = await outbound.enqueue({ to: phone, body: 'hello', purpose: 'notice', idempotencyKey: `transient:${phone}` });
    await drain();
    let job = await jobRow(jobId);
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: '20500', locked_until: null });
    const firstDelay = new Date(job.run_after).getTime() - Date.now();
    expect(firstDelay).toBeGreaterThan(0);
    expect(firstDelay).toBeLessThanOrEqual(2000);
    await drain(); // not due yet: nothing happens
    expect((await jobRow(jobId)).attempts).toBe(1);
    await makeDue(jobId);
    await drain();
    job = await jobRow(jobId);
    expect(job).toMatchObject({ status: 'pending', attempts: 2, last_error: '20429' });
    const secondDelay = new Date(job.run_after).getTime() - Date.now();
    expect(secondDelay).toBeGreaterThan(1000); // 2 s base doubled, half of it jittered
    await makeDue(jobId);
    await drain();
    expect(await jobRow(jobId)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(fake.sentTo(phone)).toHaveLength(1);
  });

  it('treats a provider that does not answer in time as transient', async () => {
    const phone = randomPhone();
    fake.script(phone, { kind: 'hang' });
    const { jobId } = await outbound.enqueue({ to: phone, body: 'slow', purpose: 'notice', idempotencyKey: `hang:${phone}` });
    await drain();
    expect(await jobRow(jobId)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'ECONNABORTED' });
  });

  it('gives up after the maximum number of tries', async () => {
    const phone = randomPhone();
    fake.script(phone, ...Array(3).fill({ kind: 'error', status: 503 }));
    const { jobId } = await outbound.enqueue({ to: phone, body: 'doomed', purpose: 'notice', idempotencyKey: `doomed:${phone}` });
    for (let i = 0; i < 3; i++) {
      await makeDue(jobId);
      await drain();
    }
    expect(await jobRow(jobId)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'http_503 (gave up after 3 tries)' });
    expect(fake.sentTo(phone)).toHaveLength(0);
  });

  it('fails permanent errors at once; 21610 also opts the member out', async () => {
    const invalid = randomPhone();
    fake.script(invalid, { kind: 'error', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const a = await outbound.enqueue({ to: invalid, body: 'x', purpose: 'notice', idempotencyKey: `invalid:${invalid}` });
    const m = await makeMember(t.app);
    fake.script(m.phone, { kind: 'error', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const b = await outbound.enqueue({ userId: m.id, body: 'x', purpose: 'notice', idempotencyKey: `unsub:${m.id}` });
    await drain();
    expect(await jobRow(a.jobId)).toMatchObject({ status: 'failed', attempts: 1, last_error: '21211' });
    expect(await jobRow(b.jobId)).toMatchObject({ status: 'failed', attempts: 1, last_error: '21610' });
    const [u] = await db.query('select sms_consent from users where id = $1', [m.id]);
    expect(u.sms_consent).toBe(false);
    // Nothing more goes to them.
    const c = await outbound.enqueue({ userId: m.id, body: 'y', purpose: 'notice', idempotencyKey: `unsub2:${m.id}` });
    await drain();
    expect(await jobRow(c.jobId)).toMatchObject({ status: 'failed', last_error: 'opted_out' });
    expect(fake.requests.filter((r) => r.to === m.phone)).toHaveLength(1);
  });

  it('drops a message whose validity period passed instead of sending it late', async () => {
    const phone = randomPhone();
    const { jobId } = await outbound.enqueue({ to: phone, body: 'invite', purpose: 'invite', idempotencyKey: `stale:${phone}`, validForSeconds: 60 });
    await db.query(`update sms_outbound_jobs set expires_at = now() - interval '1 second' where id = $1`, [jobId]);
    await drain();
    expect(await jobRow(jobId)).toMatchObject({ status: 'failed', last_error: 'expired' });
    expect(fake.sentTo(phone)).toHaveLength(0);
  });

  it('recovers a job from a dispatcher killed mid-send once its lease runs out; the dead one cannot complete it', async () => {
    const phone = randomPhone();
    const { jobId } = await outbound.enqueue({ to: phone, body: 'lease me', purpose: 'notice', idempotencyKey: `lease:${phone}` });
    const repo = t.app.get(OutboundJobsRepository);
    // A worker claims it and dies before sending (its process is gone; the lease stays).
    const claimed = await t.app.get(TransactionRunner).run((m) => repo.claimDue('dead-worker', 50, 3, m));
    expect(claimed.map((j) => j.id)).toContain(jobId);
    expect((await dispatcher.dispatchOnce()).claimed).toBe(0); // leased (3 s, room for a loaded machine): nobody else takes it
    await new Promise((r) => setTimeout(r, 3100));
    await drain();
    const job = await jobRow(jobId);
    expect(job).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.sentTo(phone)).toHaveLength(1);
    // The stale worker wakes up: every write it tries is refused.
    expect(await repo.completeSent(jobId, 'dead-worker', { sid: 'SMstale', from: '+15550009999', status: 'queued' })).toBe(false);
    expect(await repo.fail(jobId, 'dead-worker', 'x')).toBe(false);
    expect(await repo.scheduleRetry(jobId, 'dead-worker', 0, 'x')).toBe(false);
    expect(await repo.renewLease(jobId, 'dead-worker', 1)).toBeNull();
    expect((await jobRow(jobId)).twilio_message_sid).toBe(job.twilio_message_sid);
  });

  it('sends time-critical purposes (OTP, lock confirmations) ahead of bulk ones', async () => {
    const phone = randomPhone();
    for (let i = 0; i < 5; i++) await outbound.enqueue({ to: phone, body: `bulk ${i}`, purpose: 'bulk', idempotencyKey: `bulk:${phone}:${i}` });
    await outbound.enqueue({ to: phone, body: 'lock!', purpose: 'lock_confirmation', idempotencyKey: `lock:${phone}` });
    await outbound.enqueue({ to: phone, body: 'code', purpose: 'otp', idempotencyKey: `otp:${phone}` });
    const repo = t.app.get(OutboundJobsRepository);
    const first = await t.app.get(TransactionRunner).run((m) => repo.claimDue('peek', 2, 1, m));
    expect(first.map((j) => j.purpose).sort()).toEqual(['lock_confirmation', 'otp']);
  });
});

describe('per-sender rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '4', SMS_DISPATCH_BATCH_SIZE: '50' });
  });
  afterAll(() => t.close());

  it('claims at most a second of segments at a time from one sender, each sent in its own slot', async () => {
    const outbound = t.app.get(OutboundSmsService);
    const dispatcher = t.app.get(SmsDispatcher);
    for (let i = 0; i < 10; i++) await outbound.enqueue({ to: randomPhone(), body: `n${i}`, purpose: 'bulk', idempotencyKey: `rate:${i}` });
    const started = Date.now();
    expect((await dispatcher.dispatchOnce()).sent).toBe(4);
    // Four one-segment slots at 4 per second: the last went out no earlier than 750 ms in.
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });
});
