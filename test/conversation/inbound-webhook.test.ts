import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember, randomPhone } from '../support/conversation-factories';
import { inboundParams, newMessageSid, postSignedSms, postSignedStatus, twilioSignature } from '../support/twilio-webhooks';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { MessageCipher } from '../../src/common/crypto';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('POST /webhooks/twilio/sms', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    // APP_ROLE=web: no handling loops in the background, so the tests below decide who handles
    // what (whenIdle() and handle() run the handling themselves).
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000', APP_ROLE: 'web' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const handled = () => t.app.get(InboundSmsService).whenIdle();
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  describe('signature', () => {
    it('accepts a valid signature and answers empty TwiML', async () => {
      const member = await makeMember(t.app);
      const res = await postSignedSms(t.app, { from: member.phone, body: 'hello' }).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/xml/);
      expect(res.text).toBe(EMPTY_TWIML);
    });

    it('rejects a request without a signature with 403 and stores nothing', async () => {
      const params = inboundParams({ from: randomPhone(), body: 'hello' });
      const res = await request(t.app.getHttpServer()).post('/webhooks/twilio/sms').type('form').send(params).expect(403);
      expect(res.body.code).toBe('twilio_signature_invalid');
      expect(await count('select count(*) n from sms_messages where twilio_message_sid = $1', [params.MessageSid])).toBe(0);
    });

    it('rejects a wrong signature (other token, or tampered parameters)', async () => {
      const params = inboundParams({ from: randomPhone(), body: 'hello' });
      const url = 'https://josh.test/webhooks/twilio/sms';
      await request(t.app.getHttpServer()).post('/webhooks/twilio/sms').type('form')
        .set('X-Twilio-Signature', twilioSignature(url, params, 'not-the-auth-token')).send(params).expect(403);
      const signature = twilioSignature(url, params);
      await request(t.app.getHttpServer()).post('/webhooks/twilio/sms').type('form')
        .set('X-Twilio-Signature', signature).send({ ...params, Body: 'tampered' }).expect(403);
      expect(await count('select count(*) n from sms_messages where twilio_message_sid = $1', [params.MessageSid])).toBe(0);
    });

    it('rejects a signature computed for another URL (the internal one)', async () => {
      const params = inboundParams({ from: randomPhone(), body: 'hello' });
      for (const url of ['http://127.0.0.1:3000/webhooks/twilio/sms', 'https://josh.test/webhooks/twilio/status', 'https://evil.test/webhooks/twilio/sms']) {
        await request(t.app.getHttpServer()).post('/webhooks/twilio/sms').type('form')
          .set('X-Twilio-Signature', twilioSignature(url, params)).send(params).expect(403);
      }
    });

    it('signs the status callback too', async () => {
      await request(t.app.getHttpServer()).post('/webhooks/twilio/status').type('form')
        .send({ MessageSid: newMessageSid(), MessageStatus: 'delivered' }).expect(403);
    });
  });

  it('stores the body encrypted, with a correlation id shared by every row the message causes', async () => {
    const member = await makeMember(t.app, { firstName: 'Robin' });
    const sid = newMessageSid();
    const secret = 'my secret plan zebra-1234';
    await postSignedSms(t.app, { from: member.phone, body: secret, sid }).expect(200);
    await handled();
    const [msg] = await db.query(`select * from sms_messages where twilio_message_sid = $1`, [sid]);
    expect(msg.direction).toBe('in');
    expect(msg.user_id).toBe(member.id);
    expect(msg.body_iv).toHaveLength(13); // the scheme byte (bound to its row) and the 96-bit nonce
    expect(msg.body_tag).toHaveLength(16);
    expect(msg.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    const [job] = await db.query(`select * from sms_outbound_jobs where idempotency_key = $1`, [`reply:${sid}`]);
    expect(job.correlation_id).toBe(msg.correlation_id);
    const events = await db.query(`select * from message_events where correlation_id = $1`, [msg.correlation_id]);
    expect(events.map((e: { event_type: string }) => e.event_type)).toEqual(['inbound.routed']);
    expect(JSON.stringify(events[0].payload)).not.toContain(member.phone);
    // No plaintext anywhere in either table's bytes.
    const plain = await count(
      `select count(*) n from (
         select body_ciphertext from sms_messages union all select body_ciphertext from sms_outbound_jobs
       ) b where position(convert_to($1, 'UTF8') in b.body_ciphertext) > 0 or position(convert_to('Robin', 'UTF8') in b.body_ciphertext) > 0`,
      [secret],
    );
    expect(plain).toBe(0);
  });

  it('handles 50 concurrent deliveries of one MessageSid once: one row, one handling, one reply job', async () => {
    const member = await makeMember(t.app);
    const sid = newMessageSid();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => postSignedSms(t.app, { from: member.phone, body: 'hi there', sid })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(results.every((r) => r.text === EMPTY_TWIML)).toBe(true);
    await handled();
    expect(await count('select count(*) n from sms_messages where twilio_message_sid = $1', [sid])).toBe(1);
    expect(await count(`select count(*) n from message_events where event_type = 'inbound.routed' and payload->>'sid' = $1`, [sid])).toBe(1);
    expect(await count('select count(*) n from sms_outbound_jobs where user_id = $1', [member.id])).toBe(1);
    const [session] = await db.query('select last_inbound_message_sid from conversation_sessions where user_id = $1', [member.id]);
    expect(session.last_inbound_message_sid).toBe(sid);
  });

  it('answers a retried delivery 200 without handling it again', async () => {
    const member = await makeMember(t.app);
    const sid = newMessageSid();
    await postSignedSms(t.app, { from: member.phone, body: 'first', sid }).expect(200);
    await handled();
    await postSignedSms(t.app, { from: member.phone, body: 'first', sid }).expect(200);
    await handled();
    expect(await count('select count(*) n from sms_outbound_jobs where user_id = $1', [member.id])).toBe(1);
  });

  it('handles a stored message its instance never got to (recovery), once even when raced', async () => {
    const member = await makeMember(t.app);
    const inbound = t.app.get(InboundSmsService);
    const cipher = t.app.get(MessageCipher);
    const sid = newMessageSid();
    const id = crypto.randomUUID();
    const body = cipher.encrypt('status please', { table: 'sms_messages', rowId: id });
    // Stored by a webhook whose process died before handling it.
    const [row] = await db.query(
      `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version, status, correlation_id, created_at)
       values ($7, 'in', $1, '+15550000000', $2, $3, $4, $5, $6, 'received', gen_random_uuid(), now() - interval '1 minute') returning id`,
      [member.phone, sid, body.ciphertext, body.iv, body.tag, body.keyVersion, id],
    );
    // Several instances pick it up at once: exactly one handling commits.
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => inbound.handle(row.id)));
    expect(outcomes.filter((o) => o.result === 'handled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === 'skipped')).toHaveLength(4);
    await inbound.whenIdle();
    const [msg] = await db.query('select status, user_id from sms_messages where id = $1', [row.id]);
    expect(msg).toEqual({ status: 'handled', user_id: member.id });
    expect(await count('select count(*) n from sms_outbound_jobs where idempotency_key = $1', [`reply:${sid}`])).toBe(1);
    expect(await count(`select count(*) n from message_events where payload->>'sid' = $1`, [sid])).toBe(1);
  });

  it('handling claims what another instance stored but never handled', async () => {
    const member = await makeMember(t.app);
    const sid = newMessageSid();
    const id = crypto.randomUUID();
    const body = t.app.get(MessageCipher).encrypt('hello again', { table: 'sms_messages', rowId: id });
    await db.query(
      `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version, status, created_at)
       values ($7, 'in', $1, '+15550000000', $2, $3, $4, $5, $6, 'received', now() - interval '1 minute')`,
      [member.phone, sid, body.ciphertext, body.iv, body.tag, body.keyVersion, id],
    );
    await handled();
    const [msg] = await db.query('select status from sms_messages where twilio_message_sid = $1', [sid]);
    expect(msg.status).toBe('handled');
  });

  it('refuses malformed webhooks with 400', async () => {
    const params = { ...inboundParams({ from: 'not-a-number', body: 'x' }) };
    await request(t.app.getHttpServer()).post('/webhooks/twilio/sms').type('form')
      .set('X-Twilio-Signature', twilioSignature('https://josh.test/webhooks/twilio/sms', params)).send(params).expect(400);
  });

  describe('delivery status callbacks', () => {
    async function sentMessageSid(): Promise<string> {
      const member = await makeMember(t.app);
      await postSignedSms(t.app, { from: member.phone, body: 'hello' }).expect(200);
      await handled();
      await t.app.get(SmsDispatcher).dispatchOnce();
      const [row] = await db.query(`select twilio_message_sid sid from sms_messages where direction = 'out' and user_id = $1`, [member.id]);
      return row.sid;
    }
    const statusOf = async (sid: string) => (await db.query('select status, last_status_at from sms_messages where twilio_message_sid = $1', [sid]))[0];

    it('moves the status forward and stamps last_status_at', async () => {
      const sid = await sentMessageSid();
      await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: 'sent' }).expect(200);
      await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: 'delivered' }).expect(200);
      const row = await statusOf(sid);
      expect(row.status).toBe('delivered');
      expect(row.last_status_at).toBeInstanceOf(Date);
    });

    it('never moves a terminal status back, whatever order callbacks arrive in', async () => {
      const sid = await sentMessageSid();
      await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: 'delivered' }).expect(200);
      const stamped = (await statusOf(sid)).last_status_at;
      for (const s of ['sent', 'queued', 'undelivered', 'failed', 'delivered', 'sending']) {
        await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: s }).expect(200);
      }
      const row = await statusOf(sid);
      expect(row.status).toBe('delivered');
      expect(row.last_status_at).toEqual(stamped);
    });

    it('ignores an earlier status arriving late, and unknown sids', async () => {
      const sid = await sentMessageSid();
      await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: 'sent' }).expect(200);
      await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: 'queued' }).expect(200);
      expect((await statusOf(sid)).status).toBe('sent');
      await postSignedStatus(t.app, { MessageSid: newMessageSid(), MessageStatus: 'delivered' }).expect(200);
    });

    it('opts the member out when the carrier reports 21610', async () => {
      const sid = await sentMessageSid();
      await postSignedStatus(t.app, { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '21610' }).expect(200);
      const [user] = await db.query(`select u.sms_consent from users u join sms_messages m on m.user_id = u.id where m.twilio_message_sid = $1`, [sid]);
      expect(user.sms_consent).toBe(false);
    });
  });
});
