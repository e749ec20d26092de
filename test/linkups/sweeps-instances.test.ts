import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { jobsFor, setClock, sweeps } from '../support/linkups-app';
import { blockedBy, holdLock } from '../support/lock-waits';
import { addParticipant, makeLinkup, makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';

// Two app instances on one database run every LinkUp sweep at the same moment.
describe('LinkUp sweeps on two instances', () => {
  let tdb: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  const groups = new Map<string, TestMember[]>();
  const waiting: string[] = [];
  const eventTime = new Date(Date.now() + 3 * 86_400_000);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    [a, b] = await Promise.all([startTestApp({ LINKUP_SWEEP_BATCH_SIZE: '1000' }, tdb), startTestApp({ LINKUP_SWEEP_BATCH_SIZE: '1000' }, tdb)]);
    db = a.app.get(DataSource);
    const regionId = await makeRegion(db);
    // 30 LinkUps whose window has closed with 3 people in: each must lock once.
    for (let i = 0; i < 30; i++) {
      const group = [await makeMatchable(db, regionId), await makeMatchable(db, regionId), await makeMatchable(db, regionId)];
      const id = await makeLinkup(db, regionId, group[0].id, { eventTime, windowEndsAt: new Date(Date.now() - 60_000) });
      for (const m of group.slice(1)) await addParticipant(db, id, m.id);
      groups.set(id, group);
    }
    // 8 LinkUps waiting for a wave, and 40 free members to invite.
    for (let i = 0; i < 8; i++) {
      const id = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, {
        eventTime: new Date(eventTime.getTime() + (i + 1) * 86_400_000),
      });
      await db.query(`update linkups set next_wave_at = now() - interval '1 minute' where id = $1`, [id]);
      waiting.push(id);
    }
    for (let i = 0; i < 40; i++) await makeMatchable(db, regionId);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await tdb?.drop();
  });

  it('locks each LinkUp once and confirms each participant once, both instances locking some; a LinkUp another instance holds is skipped, not waited for', async () => {
    // Another instance mid-step on one LinkUp (its row locked): A and B, sweeping at once, pass it
    // by and share the other 29, each locking some.
    const heldId = [...groups.keys()][0];
    const held = await holdLock(db, `select id from linkups where id = $1 for update`, [heldId]);
    try {
      const both = Promise.all([sweeps(a.app).closeWindows(), sweeps(b.app).closeWindows()]);
      expect(await blockedBy(db, held.pid, both, { timeoutMs: 20_000 })).toBe('finished');
      const [ra, rb] = await both;
      expect(ra.locked + rb.locked).toBe(29);
      expect(ra.locked).toBeGreaterThan(0);
      expect(rb.locked).toBeGreaterThan(0);
    } finally {
      await held.rollback();
    }
    const [ra, rb] = await Promise.all([sweeps(a.app).closeWindows(), sweeps(b.app).closeWindows()]);
    expect(ra.locked + rb.locked).toBe(1);
    const [locks] = await db.query(`select count(*)::int as n from domain_events where event_type = 'linkup.locked'`);
    expect(locks.n).toBe(30);
    for (const group of groups.values()) {
      for (const m of group) expect((await jobsFor(a.app, m.id)).filter((j) => j.purpose === 'lock_confirmation')).toHaveLength(1);
    }
  });

  it('fills each waiting LinkUp to 2 x open slots, never inviting one member twice, both instances sending waves; a LinkUp another instance holds is skipped', async () => {
    // One waiting LinkUp held by another instance mid-wave: A and B, sweeping at once, pass it by
    // and share the other 7, each sending some.
    const held = await holdLock(db, `select id from linkups where id = $1 for update`, [waiting[0]]);
    let first: Array<{ wavesSent: number; invitesSent: number }>;
    try {
      const both = Promise.all([sweeps(a.app).sendDueWaves(), sweeps(b.app).sendDueWaves()]);
      expect(await blockedBy(db, held.pid, both, { timeoutMs: 20_000 })).toBe('finished');
      first = await both;
    } finally {
      await held.rollback();
    }
    expect(first[0].wavesSent).toBeGreaterThan(0);
    expect(first[1].wavesSent).toBeGreaterThan(0);
    // A wave that lost members to the other instance's wave tops up right after, so 7 or more.
    expect(first[0].wavesSent + first[1].wavesSent).toBeGreaterThanOrEqual(7);
    const [heldWaves] = await db.query(`select waves_sent from linkups where id = $1`, [waiting[0]]);
    expect(heldWaves.waves_sent).toBe(0);
    const [ra, rb] = await Promise.all([sweeps(a.app).sendDueWaves(), sweeps(b.app).sendDueWaves()]);
    expect(ra.wavesSent + rb.wavesSent).toBeGreaterThanOrEqual(1);
    const pending = await db.query(
      `select l.id, l.waves_sent, (select count(*)::int from linkup_invites i where i.linkup_id = l.id and i.state = 'pending') as pending,
              (select count(*)::int from domain_events e where e.entity_id = l.id and e.event_type = 'linkup.wave_sent') as events
         from linkups l where l.id = any($1::uuid[])`,
      [waiting],
    );
    for (const l of pending) {
      expect(l.pending).toBe(10);
      expect(l.events).toBe(l.waves_sent);
    }
    const [dupes] = await db.query(
      `select count(*)::int as n from (select invited_user_id from linkup_invites where state = 'pending' group by 1 having count(*) > 1) d`,
    );
    expect(dupes.n).toBe(0);
    const [invites] = await db.query(`select count(*)::int as n from linkup_invites`);
    expect(invites.n).toBe(first[0].invitesSent + first[1].invitesSent + ra.invitesSent + rb.invitesSent);
  });

  it('sends each due reminder exactly once, both instances sending some; a reminder another instance holds is skipped', async () => {
    const at = new Date(eventTime.getTime() - 24 * 3_600_000 + 60_000);
    setClock(a.app, at);
    setClock(b.app, at);
    // One due reminder held by another instance mid-send: A and B, sweeping at once, send the other
    // 29 without waiting, each sending some.
    const [one] = await db.query(`select id from linkup_reminders where status = 'pending' and scheduled_for <= $1 order by scheduled_for, id limit 1`, [at]);
    const held = await holdLock(db, `select id from linkup_reminders where id = $1 for update`, [one.id]);
    try {
      const both = Promise.all([sweeps(a.app).sendDueReminders(), sweeps(b.app).sendDueReminders()]);
      expect(await blockedBy(db, held.pid, both, { timeoutMs: 20_000 })).toBe('finished');
      const [ra, rb] = await both;
      expect(ra.remindersSent + rb.remindersSent).toBe(29);
      expect(ra.remindersSent).toBeGreaterThan(0);
      expect(rb.remindersSent).toBeGreaterThan(0);
    } finally {
      await held.rollback();
    }
    const [ra, rb] = await Promise.all([sweeps(a.app).sendDueReminders(), sweeps(b.app).sendDueReminders()]);
    expect(ra.remindersSent + rb.remindersSent).toBe(1);
    const [again1, again2] = await Promise.all([sweeps(a.app).sendDueReminders(), sweeps(b.app).sendDueReminders()]);
    expect(again1.remindersSent + again2.remindersSent).toBe(0);
    const [sentEvents] = await db.query(`select count(*)::int as n from domain_events where event_type = 'reminder.sent'`);
    expect(sentEvents.n).toBe(30);
    for (const group of groups.values()) {
      for (const m of group) {
        const reminders = (await jobsFor(a.app, m.id)).filter((j) => j.purpose === 'reminder');
        expect(reminders.map((r) => r.body.slice(0, 22))).toEqual(['Reminder: coffee tomor']);
      }
    }
  });
});
