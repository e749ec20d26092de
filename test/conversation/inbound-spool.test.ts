import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { makeMember } from '../support/conversation-factories';
import { inboundParams, newMessageSid, postSignedSms, postSignedStatus } from '../support/twilio-webhooks';
import { flushOutbound } from '../support/conversation-sms';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsMessagesRepository } from '../../src/modules/conversation/messages/sms-messages.repository';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { InboundSpool } from '../../src/modules/conversation/inbound/inbound-spool';
import { InboundStore } from '../../src/modules/conversation/inbound/inbound-store';

// The webhook's spool: while the database cannot be reached (injected here as the connection
// error the pg driver raises; test/chaos stops a real server), messages go to disk, answered 200;
// then they move into the database in arrival order, once.
describe('inbound spool', () => {
  let tdb: TestDatabase;
  let t: TestApp;
  let dir: string;
  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  beforeAll(async () => {
    tdb = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'josh-spool-test-'));
    t = await startTestApp({ SPOOL_DIR: dir, APP_ROLE: 'web' }, tdb);
  });
  afterAll(async () => {
    await t?.close();
    await tdb?.drop();
  });

  const db = () => t.app.get(DataSource);
  const segments = (d = dir) => readdirSync(d).filter((f) => f.endsWith('.spool'));

  it('answers 200 from the spool while the database is unreachable, then moves it in order and once', async () => {
    const store = t.app.get(InboundStore);
    const spool = t.app.get(InboundSpool);
    const member = await makeMember(t.app);
    const insert = jest.spyOn(store, 'insertOnce').mockRejectedValue(refused());
    // The spool's own drain (every second) finds the database down until the test says otherwise.
    const ping = jest.spyOn(store, 'ping').mockRejectedValue(refused());
    const sids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const sid = newMessageSid();
        sids.push(sid);
        await postSignedSms(t.app, { from: member.phone, body: `during ${i}`, sid }).expect(200);
      }
      // The signature is still checked without the database.
      const params = inboundParams({ from: member.phone, body: 'forged' });
      await request(t.app.getHttpServer()).post('/webhooks/twilio/sms').type('form').set('X-Twilio-Signature', 'bad').send(params).expect(403);
    } finally {
      insert.mockRestore();
    }
    expect(spool.spooling).toBe(true);
    expect(spool.size).toBe(5);
    // On disk: encrypted bodies, one line each.
    const text = segments().map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    expect(text.trim().split('\n')).toHaveLength(5);
    expect(text).not.toContain('during');
    // The database is back, but a text arriving before the spool is drained queues behind it.
    const later = newMessageSid();
    await postSignedSms(t.app, { from: member.phone, body: 'after', sid: later }).expect(200);
    expect(spool.size).toBe(6);
    expect((await db().query(`select count(*)::int n from sms_messages where direction = 'in'`))[0].n).toBe(0);
    ping.mockRestore();
    await spool.drain();
    expect(spool.spooling).toBe(false);
    expect(segments()).toEqual([]);
    await t.app.get(InboundSmsService).whenIdle();
    const rows = await db().query(`select twilio_message_sid sid, status from sms_messages where direction = 'in' order by created_at`);
    expect(rows.map((r: { sid: string }) => r.sid)).toEqual([...sids, later]);
    expect(rows.every((r: { status: string }) => r.status === 'handled')).toBe(true);
    const routed = await db().query(`select payload->>'sid' sid from message_events where event_type = 'inbound.routed' order by created_at, id`);
    expect(routed.map((r: { sid: string }) => r.sid)).toEqual([...sids, later]);
    // Back to the database directly.
    await postSignedSms(t.app, { from: member.phone, body: 'direct' }).expect(200);
    expect(spool.size).toBe(0);
  });

  it('keeps delivery status callbacks too (Twilio does not send them again), and applies them in place when the database is back', async () => {
    const spool = t.app.get(InboundSpool);
    const store = t.app.get(InboundStore);
    const member = await makeMember(t.app);
    await t.app.get(OutboundSmsService).enqueue({ userId: member.id, body: 'hello', purpose: 'reply', idempotencyKey: `spool:status:${member.id}` });
    await flushOutbound(t.app);
    const [out] = await db().query(`select twilio_message_sid sid, status from sms_messages where direction = 'out' and user_id = $1`, [member.id]);
    expect(out.status).toBe('sent');
    const advance = jest.spyOn(t.app.get(SmsMessagesRepository), 'advanceStatus').mockRejectedValue(refused());
    const insert = jest.spyOn(store, 'insertOnce').mockRejectedValue(refused());
    const ping = jest.spyOn(store, 'ping').mockRejectedValue(refused());
    const inboundSid = newMessageSid();
    try {
      await postSignedStatus(t.app, { MessageSid: out.sid, MessageStatus: 'delivered' }).expect(200);
      await postSignedSms(t.app, { from: member.phone, body: 'thanks', sid: inboundSid }).expect(200);
    } finally {
      advance.mockRestore();
      insert.mockRestore();
    }
    expect(spool.size).toBe(2);
    const lines = segments().map((f) => readFileSync(join(dir, f), 'utf8')).join('').trim().split('\n');
    // The status line holds the sid, the status and the error code: no number, no body.
    expect(JSON.parse(lines[0])).toEqual({ k: 'status', sid: out.sid, st: 'delivered', ec: null });
    expect((await db().query(`select status from sms_messages where twilio_message_sid = $1`, [out.sid]))[0].status).toBe('sent');
    ping.mockRestore();
    await spool.drain();
    expect(segments()).toEqual([]);
    expect(spool.size).toBe(0);
    expect((await db().query(`select status from sms_messages where twilio_message_sid = $1`, [out.sid]))[0].status).toBe('delivered');
    expect((await db().query(`select count(*)::int n from sms_messages where twilio_message_sid = $1`, [inboundSid]))[0].n).toBe(1);
  });

  it('a restart finds what a crashed run left: moved once even if part was moved already, a torn last line skipped', async () => {
    const member = await makeMember(t.app);
    const other = mkdtempSync(join(tmpdir(), 'josh-spool-test-'));
    const store = t.app.get(InboundStore);
    const spool = t.app.get(InboundSpool);
    // Spool three messages through a second app's spool directory (same database).
    const second = await startTestApp({ SPOOL_DIR: other, APP_ROLE: 'web' }, tdb);
    const sids = [newMessageSid(), newMessageSid(), newMessageSid()];
    const insert = jest.spyOn(second.app.get(InboundStore), 'insertOnce').mockRejectedValue(refused());
    for (const sid of sids) await postSignedSms(second.app, { from: member.phone, body: 'x', sid }).expect(200);
    insert.mockRestore();
    // A crash after the first message had been moved, before its segment was deleted; the last
    // line is torn (that message was never acknowledged).
    const [file] = segments(other);
    const lines = readFileSync(join(other, file), 'utf8').trim().split('\n');
    const first = JSON.parse(lines[0]);
    await store.insertSpooled([{ id: first.id, messageSid: first.sid, fromE164: first.from, toE164: first.to, mediaCount: 0, correlationId: first.corr, receivedAt: first.at,
      body: { ciphertext: Buffer.from(first.c, 'base64'), iv: Buffer.from(first.iv, 'base64'), tag: Buffer.from(first.tag, 'base64'), keyVersion: first.kv } }]);
    writeFileSync(join(other, file), `${lines.join('\n')}\n{"sid":"SMtorn","fr`);
    // It stops while the database is still unreachable: the spool stays for the next start.
    jest.spyOn(second.app.get(InboundStore), 'ping').mockRejectedValue(refused());
    await second.close();
    expect(segments(other)).toEqual([file]);
    // The restarted instance (same SPOOL_DIR) moves the rest at start-up.
    const restarted = await startTestApp({ SPOOL_DIR: other, APP_ROLE: 'web' }, tdb);
    try {
      const again = restarted.app.get(InboundSpool);
      expect(again.spooling).toBe(true);
      await again.drain();
      expect(segments(other)).toEqual([]);
      const rows = await db().query(`select twilio_message_sid sid from sms_messages where twilio_message_sid = any($1::text[]) order by created_at`, [[...sids, 'SMtorn']]);
      expect(rows.map((r: { sid: string }) => r.sid)).toEqual(sids);
    } finally {
      await restarted.close();
    }
    expect(spool.spooling).toBe(false);
  });
});
