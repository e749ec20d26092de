import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { randomPhone } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';

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
