import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { randomPhone } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';

// A US long code carries 1 segment a second; what we hand Twilio beyond that waits in its
// first-in first-out queue, where our priorities are lost. Two app instances share one database
// (the budget lives in PostgreSQL): 20 two-segment messages, the 3 OTPs queued last.
describe('per-sender pacing by segments (SMS_SENDER_SEGMENTS_PER_SECOND=1)', () => {
  const fake = new TwilioFakeApi();
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    await fake.start();
    tdb = await createTestDatabase();
    const env = { ...twilioEnv(fake), SMS_SENDER_SEGMENTS_PER_SECOND: '1' };
    [a, b] = await Promise.all([startTestApp(env, tdb), startTestApp(env, tdb)]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await tdb?.drop();
    await fake.stop();
  });

  it('Twilio sees no more than 1 segment per second, OTPs first', async () => {
    const outbound = a.app.get(OutboundSmsService);
    const twoSegments = (i: number) => `Message ${i}: ${'x'.repeat(170)}`; // 180 GSM-7 characters
    for (let i = 0; i < 17; i++) await outbound.enqueue({ to: randomPhone(), body: twoSegments(i), purpose: 'bulk', idempotencyKey: `pace:bulk:${i}` });
    for (let i = 0; i < 3; i++) await outbound.enqueue({ to: randomPhone(), body: twoSegments(100 + i), purpose: 'otp', idempotencyKey: `pace:otp:${i}` });
    const dispatchers = [a.app.get(SmsDispatcher), b.app.get(SmsDispatcher)];
    const deadline = Date.now() + 120_000;
    while (fake.sent.length < 20 && Date.now() < deadline) {
      await Promise.all(dispatchers.map((d) => d.dispatchOnce()));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(fake.sent).toHaveLength(20);
    expect(fake.sent.every((m) => m.numSegments === 2)).toBe(true);
    expect(fake.sent.slice(0, 3).map((m) => m.body)).toEqual(expect.arrayContaining([twoSegments(100), twoSegments(101), twoSegments(102)]));
    // Over every stretch of the run, Twilio got no more than 1 segment a second, give or take one
    // message: a send that leaves late (a cold HTTP connection, a loaded machine) may be followed by
    // the next one on its own slot, so at most one message ever waits in Twilio's queue. Without
    // the pacing all 20 leave within a few hundred milliseconds and every long stretch fails.
    const burstMs = 2 * 1000 + 300;
    const early: string[] = [];
    for (let i = 0; i < fake.sent.length; i++) {
      let segments = 0;
      for (let j = i + 1; j < fake.sent.length; j++) {
        segments += fake.sent[j - 1].numSegments;
        const span = fake.sent[j].at - fake.sent[i].at;
        if (span < segments * 1000 - burstMs) early.push(`${fake.sent[j].body.slice(0, 11)} ${span} ms after ${fake.sent[i].body.slice(0, 11)} (${segments} segments between)`);
      }
    }
    expect(early).toEqual([]);
  }, 150_000);
});
