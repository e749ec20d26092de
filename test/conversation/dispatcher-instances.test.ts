import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { randomPhone } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';
import { blockedBy, holdLock } from '../support/lock-waits';

// Three app instances on one database, each with its own dispatcher, all draining at once.
describe('three dispatchers on one database', () => {
  const fake = new TwilioFakeApi();
  let db: TestDatabase;
  let apps: TestApp[];

  beforeAll(async () => {
    await fake.start();
    db = await createTestDatabase();
    const env = { ...twilioEnv(fake), SMS_SENDER_SEGMENTS_PER_SECOND: '1000', SMS_DISPATCH_BATCH_SIZE: '7' };
    apps = [];
    for (let i = 0; i < 3; i++) apps.push(await startTestApp(env, db));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await db.drop();
    await fake.stop();
  });

  it('sends each job exactly once', async () => {
    const jobs = 120;
    const outbound = apps[0].app.get(OutboundSmsService);
    const phones = Array.from({ length: jobs }, () => randomPhone());
    for (const [i, to] of phones.entries()) {
      // Some sends are slow, so claims overlap with sends in flight.
      if (i % 10 === 0) fake.script(to, { kind: 'delay', ms: 50 });
      await outbound.enqueue({ to, body: `job ${i}`, purpose: i % 3 ? 'bulk' : 'otp', idempotencyKey: `multi:${i}` });
    }
    const claimedBy = await Promise.all(
      apps.map(async (a) => {
        const dispatcher = a.app.get(SmsDispatcher);
        let claimed = 0;
        for (let idle = 0; idle < 3; ) {
          const r = await dispatcher.dispatchOnce();
          claimed += r.claimed;
          idle = r.claimed === 0 ? idle + 1 : 0;
        }
        return claimed;
      }),
    );
    // Every instance took part, and no job was claimed twice.
    expect(claimedBy.every((n) => n > 0)).toBe(true);
    expect(claimedBy.reduce((a, b) => a + b, 0)).toBe(jobs);
    const bodies = fake.sent.map((m) => m.body).sort();
    expect(bodies).toEqual(Array.from({ length: jobs }, (_, i) => `job ${i}`).sort());
    const ds = apps[0].app.get(DataSource);
    const [counts] = await ds.query(
      `select count(*) filter (where status = 'sent')::int sent, count(distinct twilio_message_sid)::int sids, max(attempts)::int max_attempts
         from sms_outbound_jobs`,
    );
    expect(counts).toEqual({ sent: jobs, sids: jobs, max_attempts: 1 });
    const [out] = await ds.query(`select count(*)::int n from sms_messages where direction = 'out'`);
    expect(out.n).toBe(jobs);
  });
});

// Two senders (two from numbers): their pacing rows are different, so nothing but SKIP LOCKED
// keeps one dispatcher's claim from waiting on the other's.
describe('dispatchers of two senders on one database', () => {
  const fake = new TwilioFakeApi();
  let db: TestDatabase;
  let apps: TestApp[];

  beforeAll(async () => {
    await fake.start();
    db = await createTestDatabase();
    const env = { SMS_SENDER_SEGMENTS_PER_SECOND: '1000', SMS_DISPATCH_BATCH_SIZE: '5' };
    apps = await Promise.all(['+15550001111', '+15550002222'].map((from) => startTestApp({ ...twilioEnv(fake, from), ...env }, db)));
  });
  afterAll(async () => {
    for (const a of apps ?? []) await a.close();
    await db.drop();
    await fake.stop();
  });

  it('claims past jobs another sender holds without waiting, and both senders send, each job once', async () => {
    const jobs = 40;
    const outbound = apps[0].app.get(OutboundSmsService);
    for (let i = 0; i < jobs; i++) await outbound.enqueue({ to: randomPhone(), body: `pair ${i}`, purpose: 'bulk', idempotencyKey: `pair:${i}` });
    const ds = apps[0].app.get(DataSource);
    // Sender one's dispatcher, mid-claim: the most urgent jobs locked in its open transaction.
    const held = await holdLock(ds, `select id from sms_outbound_jobs where status = 'pending' order by priority, run_after limit 5 for update`);
    const heldIds = (await held.query<{ id: string }>(`select id from sms_outbound_jobs where status = 'pending' order by priority, run_after limit 5`)).map((r) => r.id);
    let second: Promise<{ claimed: number }>;
    try {
      second = apps[1].app.get(SmsDispatcher).dispatchOnce();
      expect(await blockedBy(ds, held.pid, second, { timeoutMs: 5000 })).toBe('finished');
      expect((await second).claimed).toBe(5);
    } finally {
      await held.rollback();
    }
    const [early] = await ds.query(`select count(*)::int n from sms_outbound_jobs where status = 'sent' and id = any($1::uuid[])`, [heldIds]);
    expect(early.n).toBe(0);
    // Then both drain side by side.
    const claimedBy = await Promise.all(
      apps.map(async (a) => {
        let claimed = 0;
        for (let idle = 0; idle < 3; ) {
          const r = await a.app.get(SmsDispatcher).dispatchOnce();
          claimed += r.claimed;
          idle = r.claimed === 0 ? idle + 1 : 0;
        }
        return claimed;
      }),
    );
    expect(claimedBy.every((n) => n > 0)).toBe(true);
    expect(claimedBy[0] + claimedBy[1] + 5).toBe(jobs);
    expect(fake.sent.map((m) => m.body).sort()).toEqual(Array.from({ length: jobs }, (_, i) => `pair ${i}`).sort());
    const senders = new Set(fake.sent.map((m) => m.from));
    expect(senders).toEqual(new Set(['+15550001111', '+15550002222']));
  });
});
