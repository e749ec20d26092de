import request from 'supertest';
import { startTestApp, TestApp } from '../support/app';
import { concretePath, registeredRoutes, type RegisteredRoute } from '../support/dev-routes';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';

// Every /dev route (read from the running app, so a route added later is covered without touching
// this file) answers 404 in production and with the Twilio provider, whatever the method, and does
// nothing. The console provider outside production is the only place they exist.
const PRODUCTION = (fake: TwilioFakeApi): Record<string, string> => ({
  ...twilioEnv(fake),
  NODE_ENV: 'production',
  TWILIO_AUTH_TOKEN: 'prod-token',
  SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 9).toString('base64')}`,
  PHONE_HASH_PEPPER: 'prod-pepper-0123456789abcdefghijklmnop',
  PUBLIC_BASE_URL: 'https://josh.example.com',
});

// Routes every development app must have: if the route listing broke, the table would be empty.
const KNOWN = ['GET /dev/phone', 'GET /dev/phone/events', 'POST /dev/phone/members', 'POST /dev/sms', 'GET /dev/outbox', 'POST /dev/clock', 'POST /dev/sweeps/run'];

const key = (r: RegisteredRoute) => `${r.method} ${r.path}`;

describe('/dev routes exist only with the console provider outside production', () => {
  let fake: TwilioFakeApi;
  let dev: TestApp;
  let devRoutes: RegisteredRoute[];

  beforeAll(async () => {
    fake = await new TwilioFakeApi().start();
    dev = await startTestApp();
    devRoutes = registeredRoutes(dev.app, '/dev');
  });

  afterAll(async () => {
    await dev?.close();
    await fake?.stop();
  });

  it('lists the /dev routes of a development app, and they answer there', async () => {
    expect(devRoutes.map(key)).toEqual(expect.arrayContaining(KNOWN));
    await request(dev.app.getHttpServer()).get('/dev/phone').set('accept', 'text/html').expect(200);
    await request(dev.app.getHttpServer()).get('/dev/phone/assets/phone.js').expect(200);
  });

  describe.each([
    ['with the Twilio provider', () => twilioEnv(fake)],
    ['in production', () => PRODUCTION(fake)],
  ])('%s', (_name, env) => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp(env(), dev.db);
    });
    afterAll(() => t?.close());

    it('registers the same routes (they are closed by their guards, not absent)', () => {
      expect(registeredRoutes(t.app, '/dev').map(key).sort()).toEqual(devRoutes.map(key).sort());
    });

    it('answers 404 on every /dev route, as JSON and as a page, and sends nothing', async () => {
      const server = t.app.getHttpServer();
      const answers: string[] = [];
      for (const route of devRoutes) {
        const path = concretePath(route.path);
        const call = () => request(server)[route.method.toLowerCase() as 'get' | 'post'](`${path}?members=&to=%2B15550001111&phone=%2B15550001111`);
        const json = await call().set('accept', 'application/json').send({ from: '+15550001111', body: 'hi', advanceMinutes: 1, minutes: 60 });
        const page = await call().set('accept', 'text/html');
        answers.push(`${key(route)} -> ${json.status}/${page.status}`);
        expect(json.body).toEqual({ code: expect.any(String), message: 'Not found.', correlationId: expect.any(String) });
      }
      expect(answers).toEqual(devRoutes.map((r) => `${key(r)} -> 404/404`));
      expect(fake.sent).toEqual([]);
    });
  });
});
