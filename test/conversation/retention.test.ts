import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { newMessageSid, postSignedSms } from '../support/twilio-webhooks';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { SmsRetentionService } from '../../src/modules/conversation/retention/sms-retention.service';

describe('retention sweep', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    // Small batches, so the sweep has to loop.
    t = await startTestApp({ SMS_RETENTION_DAYS: '60', SMS_RETENTION_BATCH_SIZE: '3', SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('nulls the bodies of messages and jobs older than the window only, keeping their metadata', async () => {
    const m = await makeMember(t.app);
    const sids = Array.from({ length: 8 }, () => newMessageSid());
    for (const sid of sids) await postSignedSms(t.app, { from: m.phone, body: 'hello', sid }).expect(200);
    await t.app.get(InboundSmsService).whenIdle();
    await t.app.get(SmsDispatcher).dispatchOnce();
    // An old job that never went out keeps its body: it still has to be sent.
    const { jobId: pending } = await t.app.get(OutboundSmsService).enqueue({
      userId: m.id, body: 'later', purpose: 'bulk', idempotencyKey: 'ret:pending', notBefore: new Date(Date.now() + 86400_000),
    });
    // Six inbound messages and every outbound row age past the window; one sits just inside it.
    await db.query(`update sms_messages set created_at = now() - interval '61 days' where twilio_message_sid = any($1) or direction = 'out'`, [sids.slice(0, 6)]);
    await db.query(`update sms_messages set created_at = now() - interval '59 days' where twilio_message_sid = $1`, [sids[6]]);
    await db.query(`update sms_outbound_jobs set created_at = now() - interval '61 days'`);

    const metadata = () =>
      db.query(`select id, twilio_message_sid, direction, from_e164, to_e164, user_id, correlation_id, status from sms_messages order by id`);
    const before = await metadata();
    const summary = await t.app.get(SmsRetentionService).sweep();
    expect(summary).toEqual({ messages: 6 + 8, jobs: 8 });

    const rows = await db.query(
      `select twilio_message_sid sid, direction, body_ciphertext is null and body_iv is null and body_tag is null as gone,
              from_e164, to_e164, user_id, correlation_id from sms_messages`,
    );
    for (const r of rows) {
      const old = r.direction === 'out' || sids.slice(0, 6).includes(r.sid);
      expect(r.gone).toBe(old);
      expect(r.direction === 'in' ? r.from_e164 : r.to_e164).toBe(m.phone);
      expect(r.user_id).toBe(m.id);
      expect(r.correlation_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    // Every row keeps its metadata exactly as it was; only bodies go.
    expect(before).toHaveLength(16);
    expect(await metadata()).toEqual(before);
    const jobs = await db.query(`select id, status, purpose, body_ciphertext is null as gone from sms_outbound_jobs`);
    for (const j of jobs) expect(j.gone).toBe(j.id !== pending);
    expect(await t.app.get(SmsRetentionService).sweep()).toEqual({ messages: 0, jobs: 0 });
  });
});
