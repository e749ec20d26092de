import { startTestApp, TestApp } from '../support/app';
import { randomPhone } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';
import { OutboundSmsService } from '../../src/modules/conversation';
import { SmsDispatcher } from '../../src/modules/conversation/outbound/sms-dispatcher.service';

// A US long code carries 1 segment a second; what we hand Twilio beyond that waits in its
// first-in first-out queue, where our priorities are lost. Two app instances share one database
// (the budget lives in PostgreSQL): 20 two-segment messages, the 3 OTPs queued last.
describe('per-sender pacing by segments (SMS_SENDER_SEGMENTS_PER_SECOND=1)', () => {
  const fake = new TwilioFakeApi();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    await fake.start();
    a = await startTestApp({ ...twilioEnv(fake), SMS_SENDER_SEGMENTS_PER_SECOND: '1' });
    b = await startTestApp({ ...twilioEnv(fake), SMS_SENDER_SEGMENTS_PER_SECOND: '1' }, a.db);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
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
    // Each message leaves only once the one before it has drained at 1 segment a second, and over
    // the whole run no more than 1 segment a second went out (slack for HTTP and timers on a loaded machine: 400 ms a gap, a second overall; without the
    // pacing all 20 leave within a few hundred milliseconds).
    const early: string[] = [];
    for (let i = 1; i < fake.sent.length; i++) {
      const gap = fake.sent[i].at - fake.sent[i - 1].at;
      if (gap < fake.sent[i - 1].numSegments * 1000 - 400) early.push(`${fake.sent[i].body.slice(0, 11)} ${gap} ms after the previous one`);
    }
    const segmentsBeforeLast = fake.sent.slice(0, -1).reduce((n, m) => n + m.numSegments, 0);
    expect(fake.sent[19].at - fake.sent[0].at).toBeGreaterThanOrEqual(segmentsBeforeLast * 1000 - 1000);
    expect(early).toEqual([]);
  }, 150_000);
});
