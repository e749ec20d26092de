import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MagicLinksService } from '../../src/modules/identity';
import { startTestApp, TestApp } from '../support/app';
import { now, setClock } from '../support/linkups-app';
import { makeLinkup, makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';
import { nonceIn, openMagicLink, pathOf } from '../support/member-web';
import { TwilioFakeApi, twilioEnv } from '../support/twilio-fake-api';

// Magic links (PRODUCT.md section 8): GET never consumes, POST consumes once and starts a page
// session; used, expired and unknown links get the same friendly page and change nothing.
describe('magic links and page sessions', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  let member: TestMember;
  let linkupId: string;
  const http = () => request(t.app.getHttpServer());
  const issue = async (userId = member.id, id = linkupId) => (await t.app.get(MagicLinksService).issue({ userId, purpose: 'linkup', linkupId: id })).url;
  const linkRow = async (url: string) =>
    (await db.query(`select consumed_at, expires_at, user_id from magic_links where token_hash = $1`, [sha256(url.split('/m/')[1])]))[0];
  const sessions = async (userId = member.id) => (await db.query(`select count(*)::int as n from page_sessions where user_id = $1`, [userId]))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
    member = await makeMatchable(db, regionId, { firstName: 'Ada' });
    linkupId = await makeLinkup(db, regionId, member.id, { state: 'locked' });
  });
  afterAll(() => t.close());

  it('issues PUBLIC_BASE_URL/m/<43 url-safe chars> and stores only the SHA-256 of the token', async () => {
    const url = await issue();
    expect(url).toMatch(/^https:\/\/josh\.test\/m\/[A-Za-z0-9_-]{43}$/);
    const token = url.split('/m/')[1];
    const rows = await db.query(`select token_hash, purpose, linkup_id from magic_links where user_id = $1`, [member.id]);
    expect(rows).toContainEqual({ token_hash: sha256(token), purpose: 'linkup', linkup_id: linkupId });
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('a GET (a link scanner, an SMS preview) consumes nothing and shows one button', async () => {
    const url = await issue();
    for (let i = 0; i < 3; i++) {
      const page = await http().get(pathOf(url)).expect(200);
      expect(page.text).toContain('<button type="submit">Open my LinkUp</button>');
      expect(page.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    }
    expect((await linkRow(url)).consumed_at).toBeNull();
    expect(await sessions()).toBe(0);
  });

  it('a POST consumes it, starts one page session and redirects to the page; a second POST gets the expired page', async () => {
    const url = await issue();
    const first = await openMagicLink(t.app, url);
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/linkups/${linkupId}`);
    expect((await linkRow(url)).consumed_at).not.toBeNull();
    expect(await sessions()).toBe(1);
    // The session works: the LinkUp page opens.
    await first.agent.get(`/linkups/${linkupId}`).expect(200);

    // Again, from another browser: same friendly page, 410, no second session.
    const again = await http().get(pathOf(url)).expect(410);
    expect(again.text).toContain('This link has expired');
    expect(again.text).toContain('Text <b>LINK</b>');
    const replay = await http().post(pathOf(url)).set('cookie', 'josh_link=abc').type('form').send({ nonce: 'abc' }).expect(410);
    expect(replay.text).toContain('This link has expired');
    expect(replay.headers['set-cookie'] ?? []).not.toContainEqual(expect.stringMatching(/^josh_session=/));
    expect(await sessions()).toBe(1);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const url = await issue();
    const page = await http().get(pathOf(url)).expect(200);
    const nonceCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('josh_link='))!;
    const res = await http()
      .post(pathOf(url))
      .set('cookie', nonceCookie.split(';')[0])
      .type('form')
      .send({ nonce: nonceIn(page.text) })
      .expect(303);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('josh_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=43200/);
    // Only the hash of the session id is stored.
    const id = cookie.split(';')[0].split('=')[1];
    expect(await db.query(`select count(*)::int as n from page_sessions where id_hash = $1`, [sha256(id)])).toEqual([{ n: 1 }]);
  });

  it('refuses a POST without the nonce of its confirm page (another site posting the form), consuming nothing', async () => {
    const url = await issue();
    const res = await http().post(pathOf(url)).type('form').send({}).expect(403);
    expect(res.text).toContain('Please open the link again');
    expect((await linkRow(url)).consumed_at).toBeNull();
  });

  it('an expired link gets the same page and changes nothing', async () => {
    const url = await issue();
    setClock(t.app, new Date(now(t.app).getTime() + 24 * 3_600_000 + 60_000));
    const before = await sessions();
    expect((await http().get(pathOf(url)).expect(410)).text).toContain('This link has expired');
    const page = await http().get(pathOf(url));
    expect(page.text).not.toContain('nonce');
    expect((await linkRow(url)).consumed_at).toBeNull();
    expect(await sessions()).toBe(before);
  });

  it('an unknown or malformed token gets the same page with 404', async () => {
    const unknown = await http().get(`/m/${'A'.repeat(43)}`).expect(404);
    expect(unknown.text).toContain('This link has expired');
    await http().get('/m/short').expect(404);
    await http().post(`/m/${'B'.repeat(43)}`).set('cookie', 'josh_link=x').type('form').send({ nonce: 'x' }).expect(404);
  });

  it('a used link opened again in the same signed-in browser offers the way on (the back button)', async () => {
    const url = await issue();
    const { agent } = await openMagicLink(t.app, url);
    const back = await agent.get(pathOf(url)).expect(200);
    expect(back.text).toContain(`href="/linkups/${linkupId}"`);
  });

  it('ends the page session after 30 minutes idle, and 12 hours after it started whatever happens', async () => {
    const { agent } = await openMagicLink(t.app, await issue());
    setClock(t.app, new Date(now(t.app).getTime() + 29 * 60_000));
    await agent.get(`/linkups/${linkupId}`).expect(200);
    setClock(t.app, new Date(now(t.app).getTime() + 31 * 60_000));
    const ended = await agent.get(`/linkups/${linkupId}`).expect(401);
    expect(ended.text).toContain('Text LINK to JOSH for a new link');

    const busy = (await openMagicLink(t.app, await issue())).agent;
    for (let minutes = 0; minutes < 12 * 60 - 25; minutes += 25) {
      setClock(t.app, new Date(now(t.app).getTime() + 25 * 60_000));
      await busy.get(`/linkups/${linkupId}`).expect(200);
    }
    setClock(t.app, new Date(now(t.app).getTime() + 25 * 60_000));
    await busy.get(`/linkups/${linkupId}`).expect(401);
  });

  it('revokeAllForUser ends the page sessions and stops unused links', async () => {
    const other = await makeMatchable(db, regionId, { firstName: 'Bo' });
    const otherLinkup = await makeLinkup(db, regionId, other.id, { state: 'locked' });
    const { agent } = await openMagicLink(t.app, await issue(other.id, otherLinkup));
    const unused = await issue(other.id, otherLinkup);
    const mine = await issue();
    await agent.get(`/linkups/${otherLinkup}`).expect(200);
    expect(await t.app.get(MagicLinksService).revokeAllForUser(other.id, db.manager)).toEqual({ links: 1, sessions: 1 });
    await agent.get(`/linkups/${otherLinkup}`).expect(401);
    await http().get(pathOf(unused)).expect(410);
    // Nobody else's links are touched.
    await http().get(pathOf(mine)).expect(200);
  });
});

// Several instances of the service on one database, one link, all consuming at the same moment.
describe('consuming a link on two instances at once', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, a.db);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('starts exactly one page session per link', async () => {
    const db = a.app.get(DataSource);
    const regionId = await makeRegion(db);
    for (let round = 0; round < 8; round++) {
      const m = await makeMatchable(db, regionId);
      const linkupId = await makeLinkup(db, regionId, m.id, { state: 'locked' });
      const url = (await a.app.get(MagicLinksService).issue({ userId: m.id, purpose: 'linkup', linkupId })).url;
      const confirm = await request(a.app.getHttpServer()).get(pathOf(url)).expect(200);
      const nonce = nonceIn(confirm.text);
      const post = (app: TestApp) =>
        request(app.app.getHttpServer()).post(pathOf(url)).set('cookie', `josh_link=${nonce}`).type('form').send({ nonce });
      const results = await Promise.all([post(a), post(b), post(a), post(b)]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 410, 410, 410]);
      expect(await db.query(`select count(*)::int as n from page_sessions where user_id = $1`, [m.id])).toEqual([{ n: 1 }]);
    }
  });
});

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

describe('page session cookies in production', () => {
  it('are Secure', async () => {
    const fake = await new TwilioFakeApi().start();
    const t = await startTestApp({
      ...twilioEnv(fake),
      NODE_ENV: 'production',
      SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}`,
      PHONE_HASH_PEPPER: 'a-real-production-pepper-value-of-32-bytes-or-more',
    });
    try {
      const db = t.app.get(DataSource);
      const regionId = await makeRegion(db);
      const m = await makeMatchable(db, regionId);
      const linkupId = await makeLinkup(db, regionId, m.id, { state: 'locked' });
      const url = (await t.app.get(MagicLinksService).issue({ userId: m.id, purpose: 'linkup', linkupId })).url;
      const confirm = await request(t.app.getHttpServer()).get(pathOf(url)).expect(200);
      expect(confirm.headers['set-cookie']).toEqual([expect.stringMatching(/^josh_link=.*; Secure/)]);
      const opened = await request(t.app.getHttpServer())
        .post(pathOf(url))
        .set('cookie', `josh_link=${nonceIn(confirm.text)}`)
        .type('form')
        .send({ nonce: nonceIn(confirm.text) })
        .expect(303);
      expect(opened.headers['set-cookie']).toContainEqual(expect.stringMatching(/^josh_session=.*; HttpOnly; Secure; SameSite=Lax$/));
    } finally {
      await t.close();
      await fake.stop();
    }
  });
});
