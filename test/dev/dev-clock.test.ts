import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/app';
import { addParticipant, makeLinkup, makeMatchable, makeRegion } from '../support/linkups-factories';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';

// The dev clock and the run-every-sweep button: development with the console provider only.
describe('POST /dev/clock and POST /dev/sweeps/run', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('moves the service clock forward and answers the new now', async () => {
    const before = t.app.get(Clock).now().getTime();
    const res = await http().post('/dev/clock').send({ advanceMinutes: 90 }).expect(200);
    const answered = new Date(res.body.now).getTime();
    expect(answered - before).toBeGreaterThanOrEqual(90 * 60_000);
    expect(answered - before).toBeLessThan(91 * 60_000);
    expect(t.app.get(Clock).now().getTime()).toBeGreaterThanOrEqual(answered);
  });

  it('refuses anything but a whole number of minutes, forward', async () => {
    for (const body of [{ advanceMinutes: -5 }, { advanceMinutes: 1.5 }, { advanceMinutes: 'soon' }, {}, { advanceMinutes: 5, extra: 1 }]) {
      const res = await http().post('/dev/clock').send(body).expect(422);
      expect(res.body).toMatchObject({ code: 'validation_failed', correlationId: expect.any(String) });
    }
  });

  it('runs every registered sweep once, dispatch last, and reports what each did', async () => {
    const db = t.app.get(DataSource);
    const regionId = await makeRegion(db);
    const [a, b] = [await makeMatchable(db, regionId), await makeMatchable(db, regionId)];
    const eventTime = new Date(t.app.get(Clock).now().getTime() + 3_600_000);
    const id = await makeLinkup(db, regionId, a.id, { state: 'locked', eventTime });
    await addParticipant(db, id, b.id);
    await db.query(
      `insert into linkup_reminders (linkup_id, reminder_type, scheduled_for, idempotency_key) values ($1, 'outcome_check', $2, 'r:dev')`,
      [id, new Date(eventTime.getTime() + 3 * 3_600_000)],
    );
    await http().post('/dev/clock').send({ advanceMinutes: 4 * 60 + 1 }).expect(200);
    const res = await http().post('/dev/sweeps/run').expect(200);
    const names = res.body.sweeps.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining([
      'linkup-invites', 'linkup-windows', 'linkup-reminders', 'otp-sessions', 'magic-links', 'rate-limit-counters', 'sms-retention',
      'stale-profiles', 'sms-inbound', 'sweep-runs-prune',
    ]));
    expect(names[names.length - 1]).toBe('sms-dispatch');
    const report = Object.fromEntries(res.body.sweeps.map((s: { name: string; result: unknown }) => [s.name, s.result]));
    expect(report['linkup-reminders']).toEqual({ remindersSent: 1, remindersSkipped: 0 });
    expect(report['sms-dispatch']).toMatchObject({ sent: 2 });
    expect(res.body.sweeps.every((s: { ok: boolean }) => s.ok)).toBe(true);
    const outbox = await http().get('/dev/outbox').query({ to: b.phone }).expect(200);
    expect(outbox.body.map((e: { body: string }) => e.body)).toEqual([expect.stringMatching(/^How was coffee\?/)]);
  });
});

describe('the dev clock outside development', () => {
  it('does not exist with the twilio provider (404, like every /dev route)', async () => {
    const fake = await new TwilioFakeApi().start();
    const t = await startTestApp(twilioEnv(fake));
    try {
      const res = await request(t.app.getHttpServer()).post('/dev/clock').send({ advanceMinutes: 60 }).expect(404);
      expect(res.body).toEqual({ code: 'not_found', message: 'Not found.', correlationId: expect.any(String) });
      await request(t.app.getHttpServer()).post('/dev/sweeps/run').expect(404);
    } finally {
      await t.close();
      await fake.stop();
    }
  });
});
