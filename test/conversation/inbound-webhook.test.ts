import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { blockedBy, holdLock } from '../support/lock-waits';
import { makeMember, randomPhone } from '../support/conversation-factories';
import { textAlternating } from '../support/conversation-sms';
import { inboundParams, newMessageSid, postSignedSms, postSignedStatus, twilioSignature } from '../support/twilio-webhooks';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { MessageCipher } from '../../src/common/crypto';
import { MetricsService } from '../../src/common/metrics';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('POST /webhooks/twilio/sms', () => {
  let tdb: TestDatabase;
  let t: TestApp;
  // A second instance on the same database, for the tests that spread work over two instances.
  let u: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    // APP_ROLE=web: no handling loops in the background, so the tests below decide who handles
    // what (whenIdle() and handle() run the handling themselves). Small batches, so that two
    // instances draining a backlog at once share it.
    tdb = await createTestDatabase();
    const env = { SMS_SENDER_SEGMENTS_PER_SECOND: '1000', APP_ROLE: 'web', SMS_INBOUND_BATCH_SIZE: '2' };
    [t, u] = await Promise.all([startTestApp(env, tdb), startTestApp(env, tdb)]);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await u?.close();
    await t?.close();
    await tdb?.drop();
  });

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

  // A message stored by a webhook whose process died before handling it.
  async function storedUnhandled(phone: string, text: string, ageSeconds = 60): Promise<{ id: string; sid: string }> {
    const sid = newMessageSid();
    const id = crypto.randomUUID();
    const body = t.app.get(MessageCipher).encrypt(text, { table: 'sms_messages', rowId: id });
    await db.query(
      `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version, status, correlation_id, created_at)
       values ($7, 'in', $1, '+15550000000', $2, $3, $4, $5, $6, 'received', gen_random_uuid(), now() - make_interval(secs => $8::int))`,
      [phone, sid, body.ciphertext, body.iv, body.tag, body.keyVersion, id, ageSeconds],
    );
    return { id, sid };
  }
  // This instance's own count of messages it handled (its Prometheus registry).
  const handledBy = async (x: TestApp): Promise<number> => {
    const metric = x.app.get(MetricsService).registry.getSingleMetric('josh_inbound_handled_total');
    return (await metric?.get())?.values.find((v) => v.labels.result === 'handled')?.value ?? 0;
  };
  const storedBy = async (x: TestApp): Promise<number> => {
    const metric = x.app.get(MetricsService).registry.getSingleMetric('josh_inbound_received_total');
    return (await metric?.get())?.values.find((v) => v.labels.result === 'stored')?.value ?? 0;
  };

  it('handles a stored message its instance never got to (recovery), once when two instances race for it', async () => {
    const member = await makeMember(t.app);
    const { id, sid } = await storedUnhandled(member.phone, 'status please');
    // Both instances pick it up at once, three times each: exactly one handling commits.
    const before = [await handledBy(t), await handledBy(u)];
    const outcomes = await Promise.all([t, u, t, u, t, u].map((x) => x.app.get(InboundSmsService).handle(id)));
    expect(outcomes.filter((o) => o.result === 'handled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === 'skipped')).toHaveLength(5);
    expect((await handledBy(t)) - before[0] + (await handledBy(u)) - before[1]).toBe(1);
    const [msg] = await db.query('select status, user_id from sms_messages where id = $1', [id]);
    expect(msg).toEqual({ status: 'handled', user_id: member.id });
    expect(await count('select count(*) n from sms_outbound_jobs where idempotency_key = $1', [`reply:${sid}`])).toBe(1);
    expect(await count(`select count(*) n from message_events where payload->>'sid' = $1`, [sid])).toBe(1);
  });

  it('a message another instance is handling (its row locked) is skipped at once, not waited for', async () => {
    const member = await makeMember(t.app);
    const { id } = await storedUnhandled(member.phone, 'status please');
    const held = await holdLock(db, `select id from sms_messages where id = $1 for update`, [id]);
    try {
      const attempt = u.app.get(InboundSmsService).handle(id);
      expect(await blockedBy(db, held.pid, attempt)).toBe('finished');
      expect(await attempt).toEqual({ result: 'skipped' });
    } finally {
      await held.rollback();
    }
    expect(await t.app.get(InboundSmsService).handle(id)).toMatchObject({ result: 'handled' });
  });

  it('two instances share a burst: each stores what it was sent, both handle, every message handled once and in order per member', async () => {
    const members = await Promise.all(Array.from({ length: 8 }, () => makeMember(t.app)));
    const stored = [await storedBy(t), await storedBy(u)];
    const handled0 = [await handledBy(t), await handledBy(u)];
    // Each member texts 4 times, one after the other, alternating instances; members side by side.
    const sent = await textAlternating([t.app, u.app], members, 4);
    expect([(await storedBy(t)) - stored[0], (await storedBy(u)) - stored[1]]).toEqual([16, 16]);
    // Both instances drain the backlog at once, two messages per claim.
    await Promise.all([t, u].map((x) => x.app.get(InboundSmsService).whenIdle()));
    const byInstance = [(await handledBy(t)) - handled0[0], (await handledBy(u)) - handled0[1]];
    expect(byInstance[0] + byInstance[1]).toBe(32);
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);
    for (const m of members) {
      const events = await db.query(
        `select payload->>'sid' sid from message_events where event_type = 'inbound.routed' and user_id = $1 order by created_at, id`, [m.id]);
      expect(events.map((e: { sid: string }) => e.sid)).toEqual(sent.get(m.id));
      expect(await count(`select count(*) n from sms_outbound_jobs where user_id = $1 and purpose = 'reply'`, [m.id])).toBe(4);
      expect(await count(`select count(*) n from sms_messages where direction = 'in' and user_id = $1 and status = 'handled'`, [m.id])).toBe(4);
    }
  });

  it('handling claims what another instance stored but never handled', async () => {
    const member = await makeMember(t.app);
    const { id } = await storedUnhandled(member.phone, 'hello again');
    await handled();
    const [msg] = await db.query('select status, user_id from sms_messages where id = $1', [id]);
    expect(msg).toEqual({ status: 'handled', user_id: member.id });
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
      // Drains the queue (earlier tests left replies in it too).
      while ((await t.app.get(SmsDispatcher).dispatchOnce()).claimed > 0);
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
