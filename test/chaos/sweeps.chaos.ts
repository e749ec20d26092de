import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { MessageCipher } from '../../src/common/crypto';
import { SweepRunner } from '../../src/common/sweeps';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { addParticipant, makeLinkup, makeMatchable, makePendingInvite, makeRegion } from '../support/linkups-factories';

const HOUR = 3_600_000;
const STEP = 10 * 60_000;

// Three instances of the app on one database run every scheduled sweep (whatever crons the app
// registers, as the scheduler would fire them) through a simulated day, all three at each tick:
// every reminder, invite expiry, window close, wave and retention batch happens once.
describe('chaos: three instances run every sweep for a simulated day', () => {
  let tdb: TestDatabase;
  const apps: TestApp[] = [];
  let db: DataSource;
  const t0 = new Date(Math.ceil(Date.now() / STEP) * STEP);
  const locking: string[] = [];
  const expiring: string[] = [];
  const waiting: string[] = [];
  const invites: string[] = [];

  beforeAll(async () => {
    tdb = await createTestDatabase();
    for (let i = 0; i < 3; i++) {
      apps.push(await startTestApp({ SWEEPS_ENABLED: 'true', LINKUP_SWEEP_BATCH_SIZE: '7', SMS_RETENTION_BATCH_SIZE: '50' }, tdb));
    }
    // The scheduler must not fire on its own: this test is the clock.
    for (const a of apps) for (const job of a.app.get(SchedulerRegistry).getCronJobs().values()) job.stop();
    db = apps[0].app.get(DataSource);
    const regionId = await makeRegion(db);
    // 12 LinkUps with three people whose window closes in the first hour: each locks, then gets its
    // 2-hours-before reminder and its outcome check during the day.
    for (let i = 0; i < 12; i++) {
      const group = [await makeMatchable(db, regionId), await makeMatchable(db, regionId), await makeMatchable(db, regionId)];
      const id = await makeLinkup(db, regionId, group[0].id, { eventTime: new Date(t0.getTime() + 18 * HOUR), windowEndsAt: new Date(t0.getTime() + HOUR) });
      for (const m of group.slice(1)) await addParticipant(db, id, m.id);
      locking.push(id);
    }
    // 6 with the initiator alone: they expire when their window closes.
    for (let i = 0; i < 6; i++) {
      expiring.push(await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, {
        eventTime: new Date(t0.getTime() + 20 * HOUR), windowEndsAt: new Date(t0.getTime() + 2 * HOUR),
      }));
    }
    // 6 still collecting, each with two invites that expire in the third hour, then new waves.
    for (let i = 0; i < 6; i++) {
      const id = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, {
        eventTime: new Date(t0.getTime() + (3 + i) * 24 * HOUR), windowEndsAt: new Date(t0.getTime() + 2 * 24 * HOUR),
      });
      for (let k = 0; k < 2; k++) invites.push(await makePendingInvite(db, id, (await makeMatchable(db, regionId, { mode: 'awaiting_invite_reply' })).id, new Date(t0.getTime() + 3 * HOUR)));
      await db.query(`update linkups set next_wave_at = $2 where id = $1`, [id, new Date(t0.getTime() + 4 * HOUR)]);
      waiting.push(id);
    }
    for (let i = 0; i < 40; i++) await makeMatchable(db, regionId);
    // Message bodies past retention: 600 messages and 200 jobs.
    // Only their presence matters (retention nulls them), so one body serves every row.
    const body = apps[0].app.get(MessageCipher).encrypt('old words', { table: 'sms_messages', rowId: '00000000-0000-4000-8000-000000000000' });
    await db.query(
      `insert into sms_messages (direction, from_e164, to_e164, twilio_message_sid, body_ciphertext, body_iv, body_tag, key_version, status, created_at)
       select 'in', '+15550007777', '+15550000000', 'SMold' || g, $1, $2, $3, $4, 'handled', now() - interval '61 days' from generate_series(1, 600) g`,
      [body.ciphertext, body.iv, body.tag, body.keyVersion],
    );
    await db.query(
      `insert into sms_outbound_jobs (to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose, status, idempotency_key, created_at)
       select '+15550007777', $1, $2, $3, $4, 'reply', 'sent', 'old:' || g, now() - interval '61 days' from generate_series(1, 200) g`,
      [body.ciphertext, body.iv, body.tag, body.keyVersion],
    );
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await tdb?.drop();
  });

  // Fires, on all three instances at once, every cron whose schedule falls in (from, to].
  async function tick(from: Date, to: Date): Promise<number> {
    let fired = 0;
    await Promise.all(apps.map(async ({ app }) => {
      app.get(Clock).set(to);
      for (const job of app.get(SchedulerRegistry).getCronJobs().values()) {
        const next = job.cronTime.getNextDateFrom(from).toJSDate();
        if (next.getTime() > to.getTime()) continue;
        fired++;
        await job.fireOnTick();
      }
      await app.get(SweepRunner).whenIdle();
    }));
    return fired;
  }

  it('does each unit of work once', async () => {
    const started = Date.now();
    let fired = 0;
    for (let t = t0.getTime(); t < t0.getTime() + 24 * HOUR; t += STEP) fired += await tick(new Date(t), new Date(t + STEP));
    const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)) as Array<Record<string, any>>;
    const events = async (type: string, ids: string[]) =>
      q(`select entity_id, count(*)::int n from domain_events where event_type = $1 and entity_id = any($2::uuid[]) group by 1`, [type, ids]);

    // Window close: each locks or expires once.
    expect((await events('linkup.locked', locking)).map((r) => r.n)).toEqual(locking.map(() => 1));
    expect((await events('linkup.expired', expiring)).map((r) => r.n)).toEqual(expiring.map(() => 1));
    // Reminders: the 2-hours-before reminder and the outcome check of each locked LinkUp, once
    // each, and one SMS per participant per reminder.
    const reminders = await q(`select linkup_id, reminder_type, status from linkup_reminders where linkup_id = any($1::uuid[]) order by 1, 2`, [locking]);
    expect(reminders.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(reminders.length).toBe(locking.length * 2);
    const [reminderEvents] = await q(`select count(*)::int n, count(distinct entity_id)::int ids from domain_events where event_type = 'reminder.sent'`);
    expect(reminderEvents).toEqual({ n: reminders.length, ids: reminders.length });
    const perMember = await q(
      `select user_id, count(*)::int n from sms_outbound_jobs where purpose = 'reminder' group by 1`);
    expect(perMember.length).toBe(locking.length * 3);
    for (const r of perMember) expect(r.n).toBe(2);
    // Invite expiry: each invite once; then new waves, each recorded once, nobody invited twice.
    expect((await events('invite.expired', invites)).map((r) => r.n)).toEqual(invites.map(() => 1));
    const waves = await q(`select l.waves_sent, (select count(*)::int from domain_events e where e.entity_id = l.id and e.event_type = 'linkup.wave_sent') as events
                             from linkups l where l.id = any($1::uuid[])`, [waiting]);
    for (const w of waves) expect(w.events).toBe(w.waves_sent);
    expect(waves.reduce((a, w) => a + w.waves_sent, 0)).toBeGreaterThanOrEqual(waiting.length);
    const [twice] = await q(`select count(*)::int n from (select invited_user_id from linkup_invites where state = 'pending' group by 1 having count(*) > 1) d`);
    expect(twice.n).toBe(0);
    // Retention: every old body nulled, and the runs' own counts add up to exactly the rows (none twice).
    const [left] = await q(`select (select count(*)::int from sms_messages where body_ciphertext is not null and created_at < now() - interval '60 days') m,
                                   (select count(*)::int from sms_outbound_jobs where body_ciphertext is not null and created_at < now() - interval '60 days') j`);
    expect(left).toEqual({ m: 0, j: 0 });
    const runs = await q(`select sweep, instance, items, details from sweep_runs`);
    const retention = runs.filter((r) => r.sweep === 'sms-retention');
    expect(retention.reduce((a, r) => a + (r.details.messages ?? 0), 0)).toBe(600);
    expect(retention.reduce((a, r) => a + (r.details.jobs ?? 0), 0)).toBe(200);
    // Every run that did something was recorded, by the instance that did it.
    const instances = new Set(runs.map((r) => r.instance));
    expect(instances.size).toBeGreaterThanOrEqual(2);
    expect([...instances].every((i) => apps.some((a) => a.app.get(SweepRunner).instance === i))).toBe(true);
    const bySweep = new Map<string, number>();
    for (const r of runs) bySweep.set(r.sweep, (bySweep.get(r.sweep) ?? 0) + r.items);
    process.stdout.write(`simulated day: ${fired} cron firings over 3 instances in ${((Date.now() - started) / 1000).toFixed(1)} s; work recorded by sweep: ${JSON.stringify(Object.fromEntries(bySweep))}, by ${instances.size} instances\n`);
  });
});

