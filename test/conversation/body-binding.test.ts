import { createCipheriv, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DecryptionError, MessageCipher } from '../../src/common/crypto';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsReencryptionService } from '../../src/modules/conversation/keys/sms-reencryption.service';
import { SmsMessagesRepository } from '../../src/modules/conversation/messages/sms-messages.repository';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { uniqueUsPhone } from '../support/registration-helpers';

// Issue 18, finding 7: GCM tags shorter than 16 bytes were accepted, and a ciphertext was not
// bound to its row. Each test is the attack of someone who can write the database but has no key.
const K1 = randomBytes(32);
const K2 = randomBytes(32);
const keys = (current: 1 | 2) => ({
  SMS_ENCRYPTION_KEYS: current === 1 ? `1:${K1.toString('base64')}` : `1:${K1.toString('base64')},2:${K2.toString('base64')}`,
  SMS_ENCRYPTION_KEY_VERSION: String(current),
});

// A body as the code before issue 18 wrote it: a 12-byte nonce, no associated data.
function legacyBody(plaintext: string, key = K1): { c: Buffer; iv: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const c = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { c, iv, tag: cipher.getAuthTag() };
}

describe('message bodies bound to their row, with full-length tags', () => {
  let db: TestDatabase;
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp(keys(1), db);
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
  });

  const enqueue = (to: string, body: string, key: string) =>
    t.app.get(OutboundSmsService).enqueue({ to, body, purpose: 'notice', idempotencyKey: key });
  const outboxOf = async (to: string): Promise<string[]> => {
    await t.app.get(SmsDispatcher).dispatchOnce();
    const res = await request(t.app.getHttpServer()).get('/dev/outbox').query({ to }).expect(200);
    return (res.body as Array<{ body: string }>).map((m) => m.body);
  };
  const jobRow = async (id: string) => (await ds.query(`select status, last_error, body_iv, body_tag from sms_outbound_jobs where id = $1`, [id]))[0];

  it("a body copied into another job is not sent: the attacker's job fails, the victim's code stays the victim's", async () => {
    const victim = uniqueUsPhone().e164;
    const attacker = uniqueUsPhone().e164;
    const secret = await enqueue(victim, 'Your JOSH code is 424242. Never share it.', `bind:victim:${victim}`);
    const mine = await enqueue(attacker, 'hello', `bind:attacker:${attacker}`);
    await ds.query(
      `update sms_outbound_jobs a set body_ciphertext = v.body_ciphertext, body_iv = v.body_iv, body_tag = v.body_tag, key_version = v.key_version
         from sms_outbound_jobs v where a.id = $1 and v.id = $2`,
      [mine.jobId, secret.jobId],
    );
    expect(await outboxOf(attacker)).toEqual([]);
    expect(await jobRow(mine.jobId)).toMatchObject({ status: 'failed', last_error: 'decrypt_failed' });
    expect(await outboxOf(victim)).toEqual(['Your JOSH code is 424242. Never share it.']);
  });

  it('a body moved to another table, or relabelled with another key version, fails authentication', async () => {
    const to = uniqueUsPhone().e164;
    const { jobId } = await enqueue(to, 'meet at the north gate', `bind:table:${to}`);
    await outboxOf(to);
    // The sent message's own row reads; the job's ciphertext pasted into it does not.
    const [msg] = await ds.query(`select id from sms_messages where to_e164 = $1 and direction = 'out'`, [to]);
    await ds.query(
      `update sms_messages m set body_ciphertext = j.body_ciphertext, body_iv = j.body_iv, body_tag = j.body_tag
         from sms_outbound_jobs j where m.id = $1 and j.id = $2`,
      [msg.id, jobId],
    );
    const [entry] = await t.app.get(SmsMessagesRepository).listOutboundTo(to, 10);
    const cipher = t.app.get(MessageCipher);
    expect(() => cipher.decrypt(entry.body!)).toThrow(DecryptionError);
    // Same key, another version label: the version is associated data too.
    const relabelled = new MessageCipher(new Map([[1, K1], [7, K1]]), 1);
    const [job] = await ds.query(`select id, body_ciphertext, body_iv, body_tag from sms_outbound_jobs where id = $1`, [jobId]);
    const stored = { ciphertext: job.body_ciphertext, iv: job.body_iv, tag: job.body_tag, binding: { table: 'sms_outbound_jobs', rowId: jobId } };
    expect(relabelled.decrypt({ ...stored, keyVersion: 1 })).toBe('meet at the north gate');
    expect(() => relabelled.decrypt({ ...stored, keyVersion: 7 })).toThrow(DecryptionError);
  });

  it('a tag cut short is refused: the job fails instead of being sent', async () => {
    const to = uniqueUsPhone().e164;
    for (const bytes of [4, 12, 15]) {
      const { jobId } = await enqueue(to, `forgeable with ${bytes} bytes`, `bind:short:${bytes}:${to}`);
      await ds.query(`update sms_outbound_jobs set body_tag = substring(body_tag from 1 for $2) where id = $1`, [jobId, bytes]);
      await t.app.get(SmsDispatcher).dispatchOnce();
      expect({ bytes, ...(await jobRow(jobId)) }).toMatchObject({ bytes, status: 'failed', last_error: 'decrypt_failed' });
    }
    expect(await outboxOf(to)).toEqual([]);
  });

  it('rows written before bodies were bound stay readable, and sms:reencrypt binds them (a short tag is reported, never laundered)', async () => {
    const to = uniqueUsPhone().e164;
    // Two jobs stored by the previous version under key 1 (12-byte nonce, no associated data).
    const rows: string[] = [];
    for (const [key, text] of [['legacy:a', 'old but readable'], ['legacy:b', 'old, tag cut']] as const) {
      const b = legacyBody(text);
      const [row] = await ds.query(
        `insert into sms_outbound_jobs (to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose, priority, idempotency_key, run_after)
         values ($1, $2, $3, $4, 1, 'notice', 60, $5, now() + interval '1 hour') returning id`,
        [to, b.c, b.iv, key === 'legacy:b' ? b.tag.subarray(0, 8) : b.tag, `${key}:${to}`],
      );
      rows.push(row.id);
    }
    const [readable, cut] = rows;
    // After a rotation to key 2, the tool moves and binds what it can read, and only that.
    const v2 = await startTestApp(keys(2), db);
    try {
      const summary = await v2.app.get(SmsReencryptionService).reencryptAll();
      expect(summary.failedIds).toContain(cut);
      expect(summary.failedIds).not.toContain(readable);
      const after = async (id: string) => (await ds.query(`select key_version, body_iv, body_tag from sms_outbound_jobs where id = $1`, [id]))[0];
      expect(await after(cut)).toMatchObject({ key_version: 1, body_tag: expect.objectContaining({ length: 8 }) });
      const bound = await after(readable);
      expect(bound.key_version).toBe(2);
      expect(MessageCipher.isBound({ iv: bound.body_iv })).toBe(true);
      await ds.query(`update sms_outbound_jobs set run_after = now() where id = $1`, [readable]);
      await v2.app.get(SmsDispatcher).dispatchOnce();
      const res = await request(v2.app.getHttpServer()).get('/dev/outbox').query({ to }).expect(200);
      expect((res.body as Array<{ body: string }>).map((m) => m.body)).toEqual(['old but readable']);
    } finally {
      await v2.close();
    }
  });

  it('a row of the previous version, not yet re-encrypted, is still sent as written', async () => {
    const to = uniqueUsPhone().e164;
    const b = legacyBody('queued before the upgrade');
    await ds.query(
      `insert into sms_outbound_jobs (to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose, priority, idempotency_key)
       values ($1, $2, $3, $4, 1, 'notice', 60, $5)`,
      [to, b.c, b.iv, b.tag, `legacy:queued:${to}`],
    );
    expect(await outboxOf(to)).toEqual(['queued before the upgrade']);
  });
});
