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

  const instance = (name: string, account: string) => {
    const i = new Instance(name, { ...instanceEnv(db.url, name), ...fake.env(account) });
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

  it('SIGKILL mid-dispatch: every message handled exactly once, every reply sent, none twice', async () => {
    const members = await seedMembers(db.url, 30, '5551');
    const A = `AC${'a'.repeat(32)}`;
    const a = await instance('kill-a', A).start();
    const b = await instance('kill-b', `AC${'b'.repeat(32)}`).start();
    const load = new InboundLoad(targets, fake.authToken);
    const running = load.run(members, 10);
    // Kill A while it has sends in flight.
    await waitFor(async () => fake.requests.filter((r) => r.account === A).length >= 20, 30_000, 20);
    const leasedBefore = await withDb(db.url, async (c) =>
      (await c.query(`select count(*)::int n from sms_outbound_jobs where status = 'pending' and locked_by like $1`, [`%:%`])).rows[0].n as number);
    a.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await a.exited()).signal).toBe('SIGKILL');
    await running;
    await expectAllHandledOnce(load);

    // The provider: one message per job, the one whose sid the job recorded. A job whose send was
    // in flight when A died is looked up in the provider's list before it is sent again.
    const jobs = await withDb(db.url, async (c) => (await c.query(`select to_e164, twilio_message_sid from sms_outbound_jobs where status = 'sent'`)).rows);
    const bySid = new Set(fake.requests.map((r) => r.sid));
    for (const j of jobs) expect(bySid.has(j.twilio_message_sid)).toBe(true);
    // Only a send A made in its last moments, before it could record the sid, may have gone out
    // twice: Twilio has no idempotency key, and the list lookup cannot tell two identical replies
    // to one number apart. Every other job went out exactly once.
    const inFlightAtKill = fake.requests.filter((r) => r.account === A && r.at >= killedAt - 2000).length;
    expect(fake.requests.length - jobs.length).toBeLessThanOrEqual(inFlightAtKill);
    const unanswered = fake.requests.filter((r) => r.account === A && !r.answered).length;
    process.stdout.write(`SIGKILL: ${load.sent.length} texts, ${load.retries} webhook retries, ${leasedBefore} jobs leased at the kill, ` +
      `${fake.requests.length} provider messages (${unanswered} created by A but never answered to it), killed at ${new Date(killedAt).toISOString()}\n`);
    expect(b.alive).toBe(true);
  });

  it('rolling restart (SIGTERM one of two at a time) under load: exit 0 each time, nothing lost', async () => {
    const members = await seedMembers(db.url, 30, '5552');
    const a = await instance('roll-a', `AC${'c'.repeat(32)}`).start();
    const b = await instance('roll-b', `AC${'d'.repeat(32)}`).start();
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
    expect(fake.requests.length).toBe(load.sent.length);
    process.stdout.write(`rolling restart: ${load.sent.length} texts, ${load.retries} webhook retries, ${fake.requests.length} provider requests\n`);
  });
});
