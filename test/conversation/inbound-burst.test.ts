import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { makeMember } from '../support/conversation-factories';
import { textAlternating } from '../support/conversation-sms';
import { InboundSmsService } from '../../src/modules/conversation/inbound/inbound-sms.service';
import { MetricsService } from '../../src/common/metrics';

// Messages this instance handled, from its own Prometheus registry.
async function handledBy(t: TestApp): Promise<number> {
  const metric = t.app.get(MetricsService).registry.getSingleMetric('josh_inbound_handled_total');
  return (await metric?.get())?.values.find((v) => v.labels.result === 'handled')?.value ?? 0;
}

// A burst from many members, several texts each, on two app instances sharing one database, both
// handling in the background while the texts arrive: every message handled once, each member's
// in the order sent (the claim leaves out a text whose older sibling another transaction holds),
// and each instance handles some (their own metrics).
describe('inbound burst on two instances', () => {
  let a: TestApp;
  let b: TestApp;
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    [a, b] = await Promise.all([
      startTestApp({ SMS_INBOUND_BATCH_SIZE: '3', SMS_INBOUND_POLL_MS: '20' }, tdb),
      startTestApp({ SMS_INBOUND_BATCH_SIZE: '2', SMS_INBOUND_POLL_MS: '20' }, tdb),
    ]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await tdb?.drop();
  });

  it('handles every message once, in order per member', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => makeMember(a.app)));
    // Each member texts 4 times, one after the other, alternating instances; members side by side.
    const sent = await textAlternating([a.app, b.app], members, 4);
    const db = a.app.get(DataSource);
    const loops = [a, b, a, b].map((t) => t.app.get(InboundSmsService));
    await Promise.all(loops.map((l) => l.whenIdle()));
    await loops[0].whenIdle();
    const [counts] = await db.query(`select count(*) filter (where status = 'handled')::int handled, count(*)::int n from sms_messages where direction = 'in'`);
    expect(counts).toEqual({ handled: 48, n: 48 });
    const byInstance = [await handledBy(a), await handledBy(b)];
    expect(byInstance[0] + byInstance[1]).toBe(48);
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);
    for (const m of members) {
      const events = await db.query(
        `select payload->>'sid' sid from message_events where event_type = 'inbound.routed' and user_id = $1 order by created_at, id`, [m.id]);
      expect(events.map((e: { sid: string }) => e.sid)).toEqual(sent.get(m.id));
      const [jobs] = await db.query(`select count(*)::int n from sms_outbound_jobs where user_id = $1 and purpose = 'reply'`, [m.id]);
      expect(jobs.n).toBe(4);
    }
  });
});
