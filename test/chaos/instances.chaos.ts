import { createTestDatabase, TestDatabase } from '../support/database';
import { FakeTwilio } from './support/fake-twilio';
import { Instance } from './support/instance';
import { InboundLoad } from './support/load';
import { handledOrder, instanceEnv, pipelineState, seedMembers, waitFor, withDb } from './support/world';

// Two real processes of the built service on one database, texted like Twilio does, sending
// through a fake Twilio API: one is SIGKILLed mid-dispatch, then both are restarted one at a time
// with SIGTERM. Nothing may be lost, handled twice, or sent twice by a live instance.
describe('chaos: instances die and restart under inbound load', () => {
  let fake: FakeTwilio;
  let db: TestDatabase;
  const instances: Instance[] = [];

  beforeEach(async () => {
    fake = await new FakeTwilio(40).start();
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.stop()));
    await fake.stop();
    await db.drop();
  });

  const instance = (name: string, from: string) => {
    const i = new Instance(name, { ...instanceEnv(db.url, name), ...fake.env(from) });
    instances.push(i);
    return i;
  };
  const targets = () => instances.filter((i) => i.alive).map((i) => i.url);

  // Everything stored was handled once and answered once; each member's texts in the order sent.
  async function expectAllHandledOnce(load: InboundLoad): Promise<Record<string, number>> {
    const total = load.sent.length;
    const settled = await waitFor(async () => {
      const s = await pipelineState(db.url);
      return s.unhandled === 0 && s.sent === total;
    }, 60_000);
    const state = await pipelineState(db.url);
    expect({ settled, ...state }).toEqual({
      settled: true, inbound: total, handled: total, unhandled: 0, routed: total, routed_sids: total,
      replies: total, sent: total, sent_sids: total, outbound_rows: total,
    });
    const order = await handledOrder(db.url);
    for (const [member, sids] of order) {
      expect(sids).toEqual(load.sent.filter((t) => t.member === member).sort((a, b) => a.seq - b.seq).map((t) => t.sid));
    }
    return state;
  }

  it('SIGKILL mid-dispatch: every message handled exactly once, every reply sent, none twice from a live instance', async () => {
    const members = await seedMembers(db.url, 30, '5551');
    const a = await instance('kill-a', '+15550001001').start();
    const b = await instance('kill-b', '+15550001002').start();
    const load = new InboundLoad(targets, fake.authToken);
    const running = load.run(members, 10);
    // Kill A while it has sends in flight.
    await waitFor(async () => fake.requests.filter((r) => r.from === '+15550001001').length >= 20, 30_000, 20);
    const leasedBefore = await withDb(db.url, async (c) =>
      (await c.query(`select count(*)::int n from sms_outbound_jobs where status = 'pending' and locked_by like $1`, [`%:%`])).rows[0].n as number);
    a.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await a.exited()).signal).toBe('SIGKILL');
    await running;
    await expectAllHandledOnce(load);

    // The provider: every job's recorded sid was answered once. A job sent twice is one whose
    // first send A made just before it died, before it could record the sid (unknowable from our
    // side); survivors never send a job twice.
    const jobs = await withDb(db.url, async (c) => (await c.query(`select to_e164, twilio_message_sid from sms_outbound_jobs where status = 'sent'`)).rows);
    const delivered = fake.delivered();
    const bySid = new Map(delivered.map((r) => [r.sid, r]));
    for (const j of jobs) expect(bySid.has(j.twilio_message_sid)).toBe(true);
    const extraByNumber = new Map<string, number>();
    for (const r of delivered) extraByNumber.set(r.to, (extraByNumber.get(r.to) ?? 0) + 1);
    for (const j of jobs) extraByNumber.set(j.to_e164, extraByNumber.get(j.to_e164)! - 1);
    const inFlightAtKill = fake.requests.filter((r) => r.from === '+15550001001' && r.at > killedAt - 1000);
    for (const [to, extra] of extraByNumber) {
      if (extra <= 0) continue;
      expect(inFlightAtKill.filter((r) => r.to === to).length).toBeGreaterThanOrEqual(extra);
    }
    const fromB = delivered.filter((r) => r.from === '+15550001002');
    expect(new Set(fromB.map((r) => r.sid)).size).toBe(fromB.length);
    process.stdout.write(`SIGKILL: ${load.sent.length} texts, ${load.retries} webhook retries, ${leasedBefore} jobs leased at the kill, ` +
      `${fake.requests.length} provider requests (${delivered.length} answered), ${[...extraByNumber.values()].filter((x) => x > 0).length} resent after the kill\n`);
    expect(b.alive).toBe(true);
  });

  it('rolling restart (SIGTERM one of two at a time) under load: exit 0 each time, nothing lost', async () => {
    const members = await seedMembers(db.url, 30, '5552');
    const a = await instance('roll-a', '+15550002001').start();
    const b = await instance('roll-b', '+15550002002').start();
    const load = new InboundLoad(targets, fake.authToken);
    const running = load.run(members, 12);
    for (const victim of [a, b]) {
      await new Promise((r) => setTimeout(r, 1500));
      victim.kill('SIGTERM');
      expect(await victim.exited()).toEqual({ code: 0, signal: null });
      await victim.start();
    }
    await running;
    await expectAllHandledOnce(load);
    // A graceful stop leaves no job leased and no send doubled.
    expect(fake.delivered().length).toBe(load.sent.length);
    process.stdout.write(`rolling restart: ${load.sent.length} texts, ${load.retries} webhook retries, ${fake.requests.length} provider requests\n`);
  });
});
