import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';

describe('development SMS tools', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SMS_SENDER_SEGMENTS_PER_SECOND: '1000' });
  });
  afterAll(() => t.close());

  it('POST /dev/sms texts the service through the signed webhook; GET /dev/outbox reads the replies', async () => {
    const m = await makeMember(t.app, { firstName: 'Kim' });
    const server = t.app.getHttpServer();
    const res = await request(server).post('/dev/sms').send({ from: m.phone, body: 'hello' }).expect(200);
    expect(res.body).toMatchObject({ webhookStatus: 200, sent: 1 });
    expect(res.body.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    await request(server).post('/dev/sms').send({ from: m.phone, body: 'HELP' }).expect(200);
    const outbox = await request(server).get('/dev/outbox').query({ to: m.phone }).expect(200);
    expect(outbox.body.map((e: { body: string }) => e.body)).toEqual([
      expect.stringMatching(/^Hi Kim! Text LINKUP/),
      expect.stringMatching(/^JOSH: text LINKUP to plan something[\s\S]*Help: /),
    ]);
    expect(outbox.body[0]).toMatchObject({ purpose: 'reply', status: 'sent' });
  });

  it('validates its input', async () => {
    const bad = await request(t.app.getHttpServer()).post('/dev/sms').send({ from: '555', body: 'x' }).expect(422);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('from');
    const missing = await request(t.app.getHttpServer()).get('/dev/outbox').expect(422);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toContain('to');
  });
});

describe('development SMS tools outside development', () => {
  it('do not exist with the twilio provider', async () => {
    const fake = await new TwilioFakeApi().start();
    const t = await startTestApp(twilioEnv(fake));
    try {
      await request(t.app.getHttpServer()).post('/dev/sms').send({ from: '+15550001111', body: 'x' }).expect(404);
      await request(t.app.getHttpServer()).get('/dev/outbox').query({ to: '+15550001111' }).expect(404);
    } finally {
      await t.close();
      await fake.stop();
    }
  });
});
