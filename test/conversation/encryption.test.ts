import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { makeMember } from '../support/conversation-factories';
import { newMessageSid, postSignedSms } from '../support/twilio-webhooks';
import { DecryptionError, EncryptedBody, MessageCipher } from '../../src/common/crypto';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsReencryptionService } from '../../src/modules/conversation/keys/sms-reencryption.service';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';

const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('base64');

interface BodyRow { id: string; body_ciphertext: Buffer; body_iv: Buffer; body_tag: Buffer; key_version: number }
const asBody = (r: BodyRow, table = 'sms_messages'): EncryptedBody => ({
  ciphertext: r.body_ciphertext, iv: r.body_iv, tag: r.body_tag, keyVersion: r.key_version, binding: { table, rowId: r.id },
});
const BINDING = { table: 'sms_messages', rowId: '00000000-0000-4000-8000-000000000001' };

describe('message body encryption', () => {
  let db: TestDatabase;
  let v1: TestApp;
  let v2: TestApp;
  let member: { id: string; phone: string };
  const oldSid = newMessageSid();

  beforeAll(async () => {
    db = await createTestDatabase();
    v1 = await startTestApp({ SMS_ENCRYPTION_KEYS: `1:${K1}`, SMS_ENCRYPTION_KEY_VERSION: '1' }, db);
    member = await makeMember(v1.app);
    await postSignedSms(v1.app, { from: member.phone, body: 'written under key one', sid: oldSid }).expect(200);
    await v1.app.get(InboundSmsService).whenIdle();
    await v1.app.get(OutboundSmsService).enqueue({ userId: member.id, body: 'job under key one', purpose: 'bulk', idempotencyKey: 'enc:job1', notBefore: new Date(Date.now() + 3600_000) });
    await v1.close();
    // The same database after a rotation: key 2 is current, key 1 still in the ring.
    v2 = await startTestApp({ SMS_ENCRYPTION_KEYS: `1:${K1},2:${K2}`, SMS_ENCRYPTION_KEY_VERSION: '2' }, db);
  });
  afterAll(async () => {
    await v2.close();
    await db.drop();
  });

  const rowOf = async (sid: string): Promise<BodyRow> =>
    (await v2.app.get(DataSource).query('select id, body_ciphertext, body_iv, body_tag, key_version from sms_messages where twilio_message_sid = $1', [sid]))[0];

  it('round-trips a body through the database, with a 96-bit IV (after the scheme byte) and a 128-bit tag', async () => {
    const sid = newMessageSid();
    await postSignedSms(v2.app, { from: member.phone, body: 'Ça va? 🎉 coffee at 9', sid }).expect(200);
    const row = await rowOf(sid);
    expect(row.body_iv).toHaveLength(13);
    expect(row.body_iv[0]).toBe(2);
    expect(row.body_tag).toHaveLength(16);
    expect(v2.app.get(MessageCipher).decrypt(asBody(row))).toBe('Ça va? 🎉 coffee at 9');
  });

  it('keeps old rows readable after rotation and writes new rows under the current key', async () => {
    const old = await rowOf(oldSid);
    expect(old.key_version).toBe(1);
    expect(v2.app.get(MessageCipher).decrypt(asBody(old))).toBe('written under key one');
    const sid = newMessageSid();
    await postSignedSms(v2.app, { from: member.phone, body: 'new', sid }).expect(200);
    expect((await rowOf(sid)).key_version).toBe(2);
  });

  it('encrypts outbound job bodies with the same keyring', async () => {
    const [job] = await v2.app.get(DataSource).query(`select id, body_ciphertext, body_iv, body_tag, key_version from sms_outbound_jobs where idempotency_key = 'enc:job1'`);
    expect(job.key_version).toBe(1);
    expect(job.body_ciphertext.toString('utf8')).not.toContain('job under key one');
    expect(v2.app.get(MessageCipher).decrypt(asBody(job, 'sms_outbound_jobs'))).toBe('job under key one');
  });

  it('fails loudly on tampered ciphertext, IV or tag, and on an unknown key version', () => {
    const cipher = v2.app.get(MessageCipher);
    const body = cipher.encrypt('attack at dawn', BINDING);
    const flip = (b: Buffer) => Buffer.from(b.map((x, i) => (i === 0 ? x ^ 1 : x)));
    expect(() => cipher.decrypt({ ...body, ciphertext: flip(body.ciphertext) })).toThrow(DecryptionError);
    expect(() => cipher.decrypt({ ...body, iv: flip(body.iv) })).toThrow(DecryptionError);
    expect(() => cipher.decrypt({ ...body, tag: flip(body.tag) })).toThrow(DecryptionError);
    // A tag cut to 4 bytes (GCM would check only those: forging is 2^32 work) is refused too.
    for (const bytes of [4, 8, 12]) expect(() => cipher.decrypt({ ...body, tag: body.tag.subarray(0, bytes) })).toThrow(DecryptionError);
    expect(() => cipher.decrypt({ ...body, keyVersion: 1 })).toThrow(DecryptionError);
    expect(() => cipher.decrypt({ ...body, keyVersion: 9 })).toThrow(/no key for version 9/);
  });

  it('never repeats an IV over 100,000 encryptions, in one cipher or across two instances with one key', () => {
    const cipher = v2.app.get(MessageCipher);
    // A second instance (another process in production) with the same keyring.
    const other = new MessageCipher(new Map([[1, Buffer.from(K1, 'base64')], [2, Buffer.from(K2, 'base64')]]), 2);
    const ivs = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      ivs.add(cipher.encrypt('x', BINDING).iv.toString('base64'));
      ivs.add(other.encrypt('x', BINDING).iv.toString('base64'));
    }
    expect(ivs.size).toBe(100_000);
  });

  it('stores no IV twice under one key, across the rows two instances wrote', async () => {
    // Rows written by v1 (closed) and v2, then by a third instance on the same database.
    const v3 = await startTestApp({ SMS_ENCRYPTION_KEYS: `1:${K1},2:${K2}`, SMS_ENCRYPTION_KEY_VERSION: '2' }, db);
    try {
      for (const app of [v2, v3]) {
        for (let i = 0; i < 5; i++) {
          await app.app.get(OutboundSmsService).enqueue({ userId: member.id, body: `iv ${i}`, purpose: 'bulk', idempotencyKey: `enc:iv:${randomBytes(4).toString('hex')}` });
        }
        await postSignedSms(app.app, { from: member.phone, body: 'iv check', sid: newMessageSid() }).expect(200);
        await app.app.get(InboundSmsService).whenIdle();
      }
    } finally {
      await v3.close();
    }
    const [r] = await v2.app.get(DataSource).query(
      `select count(*)::int as bodies, count(distinct (key_version, body_iv))::int as ivs
         from (select key_version, body_iv from sms_messages where body_iv is not null
               union all select key_version, body_iv from sms_outbound_jobs where body_iv is not null) b`,
    );
    expect(r.bodies).toBeGreaterThanOrEqual(14);
    expect(r.ivs).toBe(r.bodies);
  });

  it('a dispatcher refuses to send a tampered job body', async () => {
    const ds = v2.app.get(DataSource);
    const { jobId } = await v2.app.get(OutboundSmsService).enqueue({ userId: member.id, body: 'tamper me', purpose: 'notice', idempotencyKey: 'enc:tamper' });
    await ds.query(`update sms_outbound_jobs set body_ciphertext = set_byte(body_ciphertext, 0, get_byte(body_ciphertext, 0) # 1) where id = $1`, [jobId]);
    await v2.app.get(SmsDispatcher).dispatchOnce();
    const [job] = await ds.query('select status, last_error from sms_outbound_jobs where id = $1', [jobId]);
    expect(job).toEqual({ status: 'failed', last_error: 'decrypt_failed' });
  });

  it('re-encrypts old rows to the current key; a tampered row is reported and left alone', async () => {
    const ds = v2.app.get(DataSource);
    const tamperedSid = newMessageSid();
    await ds.query(
      `insert into sms_messages (direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version)
       values ('in', '+15550001', '+15550002', $1, $2, $3, $4, 1)`,
      [tamperedSid, Buffer.from('garbage!'), randomBytes(12), randomBytes(16)],
    );
    const [tampered] = await ds.query('select id from sms_messages where twilio_message_sid = $1', [tamperedSid]);
    const progress: Array<[number, number]> = [];
    const summary = await v2.app.get(SmsReencryptionService).reencryptAll((done, total) => progress.push([done, total]));
    expect(summary.failedIds).toEqual([tampered.id]);
    // The CLI's progress: counted up front, the last report is all of it.
    expect(progress.at(-1)).toEqual([summary.reencrypted + 1, summary.reencrypted + 1]);
    expect(summary.reencrypted).toBeGreaterThanOrEqual(2);
    const [left] = await ds.query(`select count(*)::int n from sms_messages where key_version <> 2 and body_ciphertext is not null and twilio_message_sid <> $1`, [tamperedSid]);
    expect(left.n).toBe(0);
    const [leftJobs] = await ds.query(`select count(*)::int n from sms_outbound_jobs where key_version <> 2`);
    expect(leftJobs.n).toBe(0);
    // Key 1 can now leave the ring: everything still reads with key 2 alone.
    const only2 = new MessageCipher(new Map([[2, Buffer.from(K2, 'base64')]]), 2);
    expect(only2.decrypt(asBody(await rowOf(oldSid)))).toBe('written under key one');
    // Rerunning finds nothing more to do.
    expect((await v2.app.get(SmsReencryptionService).reencryptAll()).reencrypted).toBe(0);
  });
});
