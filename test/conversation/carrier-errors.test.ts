import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember, randomPhone } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv, twilioServiceEnv } from '../support/twilio-fake-api';
import { newMessageSid, postSignedStatus } from '../support/twilio-webhooks';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { SmsSendersService } from '../../src/modules/conversation/outbound/sms-senders.service';
import { SmsConsentService } from '../../src/modules/identity';

// Every Twilio error we act on, against the fake Twilio API and signed status callbacks: what
// happens to the job, the number and the sender.
describe('delivery errors acted on', () => {
  const fake = new TwilioFakeApi();
  let t: TestApp;
  let db: DataSource;
  let outbound: OutboundSmsService;
  let dispatcher: SmsDispatcher;
  let consent: SmsConsentService;
  let senders: SmsSendersService;

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ ...twilioEnv(fake), SMS_PROVIDER_TIMEOUT_MS: '400', SMS_DISPATCH_LEASE_SECONDS: '5', SMS_BACKOFF_BASE_SECONDS: '2' });
    db = t.app.get(DataSource);
    outbound = t.app.get(OutboundSmsService);
    dispatcher = t.app.get(SmsDispatcher);
    consent = t.app.get(SmsConsentService);
    senders = t.app.get(SmsSendersService);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });
  afterEach(async () => {
    await senders.resume();
  });

  const drain = async () => {
    for (let i = 0; i < 10 && (await dispatcher.dispatchOnce()).claimed > 0; i++);
  };
  const job = async (id: string) =>
    (await db.query('select status, attempts, last_error, twilio_message_sid as sid, send_started_at from sms_outbound_jobs where id = $1', [id]))[0];
  const makeDue = (id: string) => db.query('update sms_outbound_jobs set run_after = now() where id = $1', [id]);
  const send = (to: string, extra: { validForSeconds?: number; purpose?: 'otp' | 'notice' } = {}) =>
    outbound.enqueue({ to, body: `hello ${newMessageSid()}`, purpose: extra.purpose ?? 'notice', idempotencyKey: `k:${newMessageSid()}`, validForSeconds: extra.validForSeconds });
  const metrics = async () => (await request(t.app.getHttpServer()).get('/metrics').expect(200)).text;
  const alarmsCounted = (text: string, code: string) =>
    Number(new RegExp(`^josh_sms_sender_alarms_total\\{code="${code}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const status = (sid: string, s: string, errorCode?: string) =>
    postSignedStatus(t.app, { MessageSid: sid, MessageStatus: s, ...(errorCode ? { ErrorCode: errorCode } : {}) }, fake.authToken).expect(200);

  it('every send carries the status callback and the remaining validity (1-36,000 s) as ValidityPeriod', async () => {
    const a = randomPhone();
    const b = randomPhone();
    await send(a, { validForSeconds: 600, purpose: 'otp' });
    await send(b);
    await drain();
    const [sa] = fake.sentTo(a);
    const [sb] = fake.sentTo(b);
    expect(sa.statusCallback).toBe('https://josh.test/webhooks/twilio/status');
    expect(sa.validityPeriod).toBeGreaterThan(590);
    expect(sa.validityPeriod).toBeLessThanOrEqual(600);
    expect(sb.validityPeriod).toBe(36000);
  });

  it.each([
    [{ status: 429, code: 20429 }, '20429'],
    [{ status: 400, code: 21611 }, '21611'],
    [{ status: 400, code: 30001 }, '30001'],
    [{ status: 500, code: 20500 }, '20500'],
    [{ status: 503 }, 'http_503'],
  ])('API %j: retried with backoff; the number and the sender are left alone', async (error, code) => {
    const phone = randomPhone();
    fake.script(phone, { kind: 'error', ...error });
    const { jobId } = await send(phone);
    await drain();
    expect(await job(jobId)).toMatchObject({ status: 'pending', attempts: 1, last_error: code });
    expect(await consent.sendBlock({ e164: phone })).toBeNull();
    expect((await senders.status()).paused).toBe(false);
    await makeDue(jobId);
    await drain();
    expect(await job(jobId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('API 21610: the job fails and the number is opted out per phone hash, member or not', async () => {
    const phone = randomPhone();
    fake.script(phone, { kind: 'error', status: 400, code: 21610 });
    const { jobId } = await send(phone);
    await drain();
    expect(await job(jobId)).toMatchObject({ status: 'failed', last_error: '21610' });
    expect(await consent.status({ e164: phone })).toMatchObject({ optedOut: true, optOutSource: 'carrier' });
    const next = await send(phone);
    await drain();
    expect(await job(next.jobId)).toMatchObject({ status: 'failed', last_error: 'opted_out' });
    expect(fake.requests.filter((r) => r.to === phone)).toHaveLength(1);
  });

  it.each([21211, 21614])('API %i: the job fails and the number is undeliverable: nothing more is sent, support sees it', async (code) => {
    const m = await makeMember(t.app);
    fake.script(m.phone, { kind: 'error', status: 400, code });
    const { jobId } = await outbound.enqueue({ userId: m.id, body: 'hi', purpose: 'notice', idempotencyKey: `u:${m.id}` });
    await drain();
    expect(await job(jobId)).toMatchObject({ status: 'failed', last_error: String(code) });
    expect(await consent.status({ phoneHash: (await db.query('select phone_hash from users where id = $1', [m.id]))[0].phone_hash }))
      .toMatchObject({ undeliverable: true, undeliverableCode: String(code), optedOut: false });
    const next = await outbound.enqueue({ userId: m.id, body: 'again', purpose: 'notice', idempotencyKey: `u2:${m.id}` });
    await drain();
    expect(await job(next.jobId)).toMatchObject({ status: 'failed', last_error: 'undeliverable' });
    expect(fake.requests.filter((r) => r.to === m.phone)).toHaveLength(1);
  });

  it.each(['30003', '30008'])('callback %s: sent again as a new attempt while still valid, once per failed message', async (code) => {
    const phone = randomPhone();
    const { jobId } = await send(phone, { validForSeconds: 3600 });
    await drain();
    const first = (await job(jobId)).sid;
    await status(first, 'undelivered', code);
    await status(first, 'undelivered', code); // a repeated callback: nothing more
    expect(await job(jobId)).toMatchObject({ status: 'pending', last_error: code });
    await makeDue(jobId);
    await drain();
    const again = await job(jobId);
    expect(again).toMatchObject({ status: 'sent', attempts: 2 });
    expect(again.sid).not.toBe(first);
    expect(fake.sentTo(phone)).toHaveLength(2);
    expect(await consent.sendBlock({ e164: phone })).toBeNull();
  });

  it('callback 30003 on a message no longer valid: not sent again', async () => {
    const phone = randomPhone();
    const { jobId } = await send(phone, { validForSeconds: 60 });
    await drain();
    await db.query(`update sms_outbound_jobs set expires_at = now() - interval '1 second' where id = $1`, [jobId]);
    await status((await job(jobId)).sid, 'undelivered', '30003');
    expect(await job(jobId)).toMatchObject({ status: 'sent' });
  });

  it.each(['30005', '30006'])('callback %s: the number is marked undeliverable; the next job to it fails unsent', async (code) => {
    const phone = randomPhone();
    const { jobId } = await send(phone);
    await drain();
    await status((await job(jobId)).sid, 'undelivered', code);
    expect(await consent.status({ e164: phone })).toMatchObject({ undeliverable: true, undeliverableCode: code });
    const next = await send(phone);
    await drain();
    expect(await job(next.jobId)).toMatchObject({ status: 'failed', last_error: 'undeliverable' });
    expect(fake.sentTo(phone)).toHaveLength(1);
  });

  it('callback 21610: the number is opted out', async () => {
    const phone = randomPhone();
    const { jobId } = await send(phone);
    await drain();
    await status((await job(jobId)).sid, 'failed', '21610');
    expect(await consent.isOptedOut({ e164: phone })).toBe(true);
  });

  it.each(['30002', '30007', '30034'])('callback %s: an operator alarm, and the sender pauses until resumed', async (code) => {
    const phone = randomPhone();
    const { jobId } = await send(phone);
    await drain();
    const before = alarmsCounted(await metrics(), code);
    await status((await job(jobId)).sid, 'failed', code);
    expect(await senders.status()).toMatchObject({ paused: true, pausedCode: code });
    const scraped = await metrics();
    expect(alarmsCounted(scraped, code)).toBe(before + 1);
    expect(scraped).toMatch(/^josh_sms_sender_paused 1$/m);
    const waiting = await send(randomPhone());
    expect((await dispatcher.dispatchOnce()).claimed).toBe(0);
    expect(await job(waiting.jobId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await senders.resume()).toBe(true);
    expect(await metrics()).toMatch(/^josh_sms_sender_paused 0$/m);
    await drain();
    expect(await job(waiting.jobId)).toMatchObject({ status: 'sent' });
  });

  it('API 30034: the alarm pauses the sender and the job waits (pending) instead of failing', async () => {
    const phone = randomPhone();
    fake.script(phone, { kind: 'error', status: 400, code: 30034 });
    const { jobId } = await send(phone);
    await drain();
    expect(await job(jobId)).toMatchObject({ status: 'pending', last_error: '30034' });
    expect(await senders.status()).toMatchObject({ paused: true, pausedCode: '30034' });
  });

  it('a status callback that arrives before the outbound row is kept and applied when the row appears', async () => {
    const phone = randomPhone();
    const sid = newMessageSid();
    await status(sid, 'undelivered', '30006');
    expect(await db.query('select status, error_code from sms_early_status_callbacks where twilio_message_sid = $1', [sid])).toEqual([
      { status: 'undelivered', error_code: '30006' },
    ]);
    fake.script(phone, { kind: 'ok', sid });
    await send(phone);
    await drain();
    const [row] = await db.query('select status from sms_messages where twilio_message_sid = $1', [sid]);
    expect(row.status).toBe('undelivered');
    expect(await consent.status({ e164: phone })).toMatchObject({ undeliverable: true, undeliverableCode: '30006' });
    expect(await db.query('select 1 from sms_early_status_callbacks where twilio_message_sid = $1', [sid])).toEqual([]);
  });

  it.each([
    [{ kind: 'create_then_hang' as const }, 'ECONNABORTED'],
    [{ kind: 'create_then_error' as const, status: 500, code: 20500 }, '20500'],
  ])('a retry after %j finds the message Twilio created anyway and does not send it twice', async (answer, code) => {
    const phone = randomPhone();
    fake.script(phone, answer);
    const { jobId } = await send(phone);
    await drain();
    const failed = await job(jobId);
    expect(failed).toMatchObject({ status: 'pending', last_error: code });
    expect(failed.send_started_at).not.toBeNull();
    await makeDue(jobId);
    await drain();
    expect(fake.sentTo(phone)).toHaveLength(1);
    expect(await job(jobId)).toMatchObject({ status: 'sent', sid: fake.sentTo(phone)[0].sid });
    expect(fake.lookups.filter((l) => l.to === phone)).toHaveLength(1);
  });

  it('a retry after an error that surely sent nothing (429) does not look, and sends', async () => {
    const phone = randomPhone();
    fake.script(phone, { kind: 'error', status: 429, code: 20429 });
    const { jobId } = await send(phone);
    await drain();
    expect((await job(jobId)).send_started_at).toBeNull();
    await makeDue(jobId);
    await drain();
    expect(fake.lookups.filter((l) => l.to === phone)).toHaveLength(0);
    expect(fake.sentTo(phone)).toHaveLength(1);
  });
});

describe('sending through a Messaging Service', () => {
  const fake = new TwilioFakeApi();
  let t: TestApp;
  beforeAll(async () => {
    await fake.start();
    t = await startTestApp(twilioServiceEnv(fake));
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('uses MessagingServiceSid instead of From', async () => {
    const phone = randomPhone();
    await t.app.get(OutboundSmsService).enqueue({ to: phone, body: 'via service', purpose: 'notice', idempotencyKey: `svc:${phone}` });
    await t.app.get(SmsDispatcher).dispatchOnce();
    expect(fake.sentTo(phone)).toEqual([expect.objectContaining({ messagingServiceSid: `MG${'2'.repeat(32)}`, from: '', body: 'via service' })]);
  });
});
