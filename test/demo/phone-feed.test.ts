import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PhoneFeedService } from '../../src/modules/demo/phone/phone-feed.service';
import { startTestApp, TestApp } from '../support/app';
import { makeMember, type Member } from '../support/conversation-factories';

// A live stream of /dev/phone, read as a browser's EventSource would.
interface Stream {
  status: number;
  raw: () => string;
  events: () => Array<{ event: string; data: string }>;
  close: () => void;
}

function openStream(origin: string, members: string[]): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let raw = '';
    const req = http.get(`${origin}/dev/phone/events?members=${members.join(',')}`, { headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (raw += chunk));
      res.on('error', () => undefined);
      const stream: Stream = {
        status: res.statusCode ?? 0,
        raw: () => raw,
        events: () =>
          raw.split('\n\n').flatMap((block) => {
            const event = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            return event && data ? [{ event, data }] : [];
          }),
        close: () => req.destroy(),
      };
      if (res.statusCode !== 200) res.on('end', () => resolve(stream));
      else resolve(stream);
    });
    req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('/dev/phone live updates (Server-Sent Events)', () => {
  let t: TestApp;
  let origin: string;
  let feed: PhoneFeedService;
  let ada: Member;
  let ben: Member;

  beforeAll(async () => {
    t = await startTestApp({ DEV_PHONE_POLL_MS: '100', DEV_PHONE_HEARTBEAT_SECONDS: '1', DEV_PHONE_MAX_STREAMS: '4' });
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    feed = t.app.get(PhoneFeedService);
    ada = await makeMember(t.app, { firstName: 'Ada' });
    ben = await makeMember(t.app, { firstName: 'Ben' });
  });

  afterAll(() => t.close());

  it('pushes a change to every page showing the member (and only those), with heartbeats, from one shared poller', async () => {
    const adaPages = [await openStream(origin, [ada.id]), await openStream(origin, [ada.id, ben.id]), await openStream(origin, [ada.id])];
    const benPage = await openStream(origin, [ben.id]);
    const all = [...adaPages, benPage];
    try {
      expect(all.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      await until(() => all.every((s) => s.events().some((e) => e.event === 'ready')), 'ready');
      expect(feed.streamCount).toBe(4);

      // One poller for four pages: about one poll per 100 ms, not four.
      const before = feed.polls;
      await new Promise((r) => setTimeout(r, 1000));
      expect(feed.polls - before).toBeGreaterThanOrEqual(3);
      expect(feed.polls - before).toBeLessThanOrEqual(14);

      // Ada texts through the page: her pages hear of it, Ben's page does not.
      await request(origin).post(`/dev/phone/members/${ada.id}/texts`).set('accept', 'application/json').send({ body: 'hello' }).expect(200);
      const adaChanged = (s: Stream) => s.events().some((e) => e.event === 'member' && JSON.parse(e.data).userId === ada.id);
      await until(() => adaPages.every(adaChanged), 'the member event on each of Ada\'s pages');
      expect(adaChanged(benPage)).toBe(false);

      // The phone acknowledges what it received: the reply becomes delivered (signed status callback).
      const db = t.app.get(DataSource);
      await until(async () => {
        const rows: Array<{ status: string }> = await db.query(`select status from sms_messages where direction = 'out' and to_e164 = $1`, [ada.phone]);
        return rows.length > 0 && rows.every((r) => r.status === 'delivered');
      }, 'the delivery receipt');

      // A comment line every second keeps each stream open.
      const pings = all.map((s) => (s.raw().match(/^: ping/gm) ?? []).length);
      await new Promise((r) => setTimeout(r, 1300));
      all.forEach((s, i) => expect((s.raw().match(/^: ping/gm) ?? []).length).toBeGreaterThan(pings[i]));
    } finally {
      all.forEach((s) => s.close());
    }
    // Closed pages are dropped at once, and the poller stops with the last one.
    await until(() => feed.streamCount === 0, 'the streams to be dropped', 3000);
    await feed.settled();
    const stopped = feed.polls;
    await new Promise((r) => setTimeout(r, 400));
    expect(feed.polls).toBe(stopped);
  });

  it('serves a bounded number of pages at once (503 past DEV_PHONE_MAX_STREAMS)', async () => {
    const open = await Promise.all([1, 2, 3, 4].map(() => openStream(origin, [ada.id])));
    try {
      expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      const refused = await request(origin).get('/dev/phone/events').query({ members: ada.id }).set('accept', 'application/json').expect(503);
      expect(refused.body).toMatchObject({ code: 'demo_too_many_streams', correlationId: expect.any(String) });
    } finally {
      open.forEach((s) => s.close());
    }
    await until(() => feed.streamCount === 0, 'the streams to be dropped', 3000);
  });

  it('refuses a malformed member list', async () => {
    const bad = await request(origin).get('/dev/phone/events').query({ members: 'not-an-id' }).set('accept', 'application/json').expect(422);
    expect(bad.body.code).toBe('validation_failed');
  });
});
