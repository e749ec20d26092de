import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { FakeTwilio } from './support/fake-twilio';
import { freePort, Instance } from './support/instance';
import { InboundLoad } from './support/load';
import { handledOrder, instanceEnv, pipelineState, seedMembers, waitFor } from './support/world';

const OUTAGE_MS = 30_000;

// A PostgreSQL of this test's own (embedded, its own data directory and port) is stopped for 30 s
// while members keep texting one instance: the webhook answers 200 from its spool, readiness says
// 503, nothing crashes, and once the database is back every text is handled once, in order.
describe('chaos: the database goes away for 30 s under inbound load', () => {
  const dataDir = join(__dirname, '..', '..', '.data', `chaos-pg-${process.pid}`);
  let pg: EmbeddedPostgresHandle | undefined;
  let port: number;
  let fake: FakeTwilio;
  let instance: Instance | undefined;

  beforeAll(async () => {
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir, port, database: 'josh_chaos' });
    fake = await new FakeTwilio(10).start();
  });
  afterAll(async () => {
    await instance?.stop();
    await fake?.stop();
    await pg?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('spools while it is down, then handles everything once, in order per number', async () => {
    const url = pg!.url;
    const env = instanceEnv(url, 'outage', { DATABASE_RUN_MIGRATIONS: 'true', ...fake.env(`AC${'e'.repeat(32)}`) });
    await rm(env.SPOOL_DIR, { recursive: true, force: true });
    instance = await new Instance('outage', env).start();
    const members = await seedMembers(url, 20, '5553');
    let refused = 0;
    const load = new InboundLoad(() => [instance!.url], fake.authToken, 150);
    const countRefusals = setInterval(() => (refused = load.retries), 100);
    const running = load.run(members, 60);

    await new Promise((r) => setTimeout(r, 4000));
    const beforeOutage = load.sent.length;
    const retriesBefore = load.retries;
    await pg!.stop();
    const ready: number[] = [];
    const live: number[] = [];
    const probe = setInterval(() => {
      void fetch(`${instance!.url}/health/ready`).then((r) => ready.push(r.status), () => ready.push(0));
      void fetch(`${instance!.url}/health`).then((r) => live.push(r.status), () => live.push(0));
    }, 1000);
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    clearInterval(probe);
    const duringOutage = load.sent.length - beforeOutage;
    const spooled = existsSync(env.SPOOL_DIR) ? readdirSync(env.SPOOL_DIR).filter((f) => f.endsWith('.spool')).length : 0;
    pg = await startEmbeddedPostgres({ dataDir, port, database: 'josh_chaos' });
    await running;
    clearInterval(countRefusals);

    // While the database was down: webhooks answered 200 (from the spool), readiness said 503,
    // liveness 200, and the process stayed up.
    expect(duringOutage).toBeGreaterThan(100);
    expect(refused - retriesBefore).toBe(0);
    expect(spooled).toBeGreaterThan(0);
    expect(ready.length).toBeGreaterThan(20);
    expect(ready.filter((s) => s !== 503)).toEqual([]);
    expect(live.filter((s) => s !== 200)).toEqual([]);
    expect(instance.alive).toBe(true);

    // After: everything handled once, answered once, each member's texts in the order sent.
    const total = load.sent.length;
    expect(await waitFor(async () => {
      const s = await pipelineState(url);
      return s.unhandled === 0 && s.sent === total;
    }, 60_000)).toBe(true);
    const state = await pipelineState(url);
    expect(state).toEqual({
      inbound: total, handled: total, unhandled: 0, routed: total, routed_sids: total, replies: total, sent: total,
      sent_sids: total, outbound_rows: total,
    });
    const order = await handledOrder(url);
    for (const [member, sids] of order) {
      expect(sids).toEqual(load.sent.filter((t) => t.member === member).sort((a, b) => a.seq - b.seq).map((t) => t.sid));
    }
    expect(readdirSync(env.SPOOL_DIR).filter((f) => f.endsWith('.spool'))).toEqual([]);
    expect((await fetch(`${instance.url}/health/ready`)).status).toBe(200);
    expect(instance.alive).toBe(true);
    process.stdout.write(`outage: ${total} texts, ${duringOutage} answered during the 30 s outage (spooled), ${load.retries} webhook retries\n`);
  });
});
