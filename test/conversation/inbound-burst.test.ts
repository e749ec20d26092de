import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { makeMember } from '../support/conversation-factories';
import { postSignedSms } from '../support/twilio-webhooks';

// A burst bigger than the in-memory handling queue: every message is still handled, once.
describe('inbound burst past the handling queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SMS_INBOUND_QUEUE_LIMIT: '3', SMS_INBOUND_CONCURRENCY: '1' });
  });
  afterAll(() => t.close());

  it('reads overflowed messages back from the database and handles them all', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => makeMember(t.app)));
    const results = await Promise.all(members.map((m) => postSignedSms(t.app, { from: m.phone, body: 'hi' })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const db = t.app.get(DataSource);
    const states = async () =>
      (await db.query(`select status, count(*)::int n from sms_messages where direction = 'in' group by status order by status`)) as { status: string; n: number }[];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await states()).some((s) => s.status === 'received')) await new Promise((r) => setTimeout(r, 100));
    expect(await states()).toEqual([{ status: 'handled', n: 12 }]);
    const [jobs] = await db.query(`select count(*)::int n, count(distinct user_id)::int users from sms_outbound_jobs where purpose = 'reply'`);
    expect(jobs).toEqual({ n: 12, users: 12 });
  });
});
