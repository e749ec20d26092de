import { DataSource } from 'typeorm';
import { MessageCipher } from '../../src/common/crypto';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { SmsRetentionService } from '../../src/modules/conversation/retention/sms-retention.service';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { blockedBy, holdLock } from '../support/lock-waits';
import { newMessageSid } from '../support/twilio-webhooks';

// Claims that skip what another instance holds (FOR UPDATE SKIP LOCKED), seen in pg_locks: the
// inbound batch claim and the retention sweep take the other rows and never wait for the held one.
describe('SKIP LOCKED claims of the inbound handling and the retention sweep', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'web' });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function stored(phone: string, text: string, ageDays = 0): Promise<string> {
    const id = crypto.randomUUID();
    const body = t.app.get(MessageCipher).encrypt(text, { table: 'sms_messages', rowId: id });
    await db.query(
      `insert into sms_messages (id, direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version, status, correlation_id, created_at)
       values ($7, 'in', $1, '+15550000000', $2, $3, $4, $5, $6, $8, gen_random_uuid(), now() - make_interval(days => $9::int))`,
      [phone, newMessageSid(), body.ciphertext, body.iv, body.tag, body.keyVersion, id, ageDays ? 'handled' : 'received', ageDays],
    );
    return id;
  }
  const statuses = async (ids: string[]) =>
    new Map((await db.query(`select id, status from sms_messages where id = any($1::uuid[])`, [ids])).map((r: { id: string; status: string }) => [r.id, r.status]));

  it('a handling batch takes the texts nobody holds and leaves the held one, without waiting', async () => {
    const members = await Promise.all(Array.from({ length: 3 }, () => makeMember(t.app)));
    const ids: string[] = [];
    for (const m of members) ids.push(await stored(m.phone, 'hello'));
    // Another instance's batch holds the first text.
    const held = await holdLock(db, `select id from sms_messages where id = $1 for update`, [ids[0]]);
    try {
      const batch = t.app.get(InboundSmsService).handleBatch(10);
      expect(await blockedBy(db, held.pid, batch)).toBe('finished');
      expect(await batch).toBe(2);
    } finally {
      await held.rollback();
    }
    expect(await statuses(ids)).toEqual(new Map([[ids[0], 'received'], [ids[1], 'handled'], [ids[2], 'handled']]));
    expect(await t.app.get(InboundSmsService).handleBatch(10)).toBe(1);
  });

  it('the retention sweep drops the old bodies nobody holds and leaves the held one, without waiting', async () => {
    const m = await makeMember(t.app);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await stored(m.phone, `old ${i}`, 400));
    const bodies = async () =>
      new Map((await db.query(`select id, body_ciphertext is not null as kept from sms_messages where id = any($1::uuid[])`, [ids])).map(
        (r: { id: string; kept: boolean }) => [r.id, r.kept]));
    const held = await holdLock(db, `select id from sms_messages where id = $1 for update`, [ids[0]]);
    try {
      const sweep = t.app.get(SmsRetentionService).sweep();
      expect(await blockedBy(db, held.pid, sweep)).toBe('finished');
      expect(await sweep).toEqual({ messages: 2, jobs: 0 });
    } finally {
      await held.rollback();
    }
    expect(await bodies()).toEqual(new Map([[ids[0], true], [ids[1], false], [ids[2], false]]));
    expect(await t.app.get(SmsRetentionService).sweep()).toEqual({ messages: 1, jobs: 0 });
  });
});
