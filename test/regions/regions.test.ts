import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { blockedBy, holdLock } from '../support/lock-waits';
import { createTestDatabase, TestDatabase } from '../support/database';
import { outbox, uniqueUsPhone } from '../support/registration-helpers';
import { PhoneHasher } from '../../src/common/crypto';
import { JsonShapeError } from '../../src/common/json-shapes/shape-utils';
import { DEMO_REGION, RegionsError, RegionsService, WAITLIST_REGION } from '../../src/modules/regions';

describe('regions: demo seed, shapes, opening a region', () => {
  // Two app instances on one database, both seeding at start-up; small batches so opening takes several.
  const env = { SEED_DEMO_REGION: 'true', REGION_OPEN_BATCH_SIZE: '2', SMS_SENDER_SEGMENTS_PER_SECOND: '1000' };
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;

  let tdb: TestDatabase;

  beforeAll(async () => {
    // Both start at once: their demo seeds race, as two instances of a deployment do.
    tdb = await createTestDatabase();
    [a, b] = await Promise.all([startTestApp(env, tdb), startTestApp(env, tdb)]);
    db = a.app.get(DataSource);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await tdb?.drop();
  });

  async function member(regionId: string, status: 'active' | 'waitlisted', postalCode: string): Promise<{ id: string; phone: string }> {
    const phone = uniqueUsPhone().e164;
    const [u] = await db.query(
      `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent,
                          terms_consent, privacy_consent, region_id)
       values ($1, $2, 'Sam', 'Tester', '1990-01-01', 'verified', true, true, true, true, $3) returning id`,
      [phone, a.app.get(PhoneHasher).hash(phone), regionId],
    );
    await db.query(`insert into user_postal_codes (user_id, postal_code, country_code) values ($1, $2, 'US')`, [u.id, postalCode]);
    await db.query(`insert into region_memberships (user_id, region_id, status) values ($1, $2, $3)`, [u.id, regionId, status]);
    return { id: u.id, phone };
  }

  it('seeds the demo region once, open, however many instances start', async () => {
    const rows = await db.query(`select slug, state, geometry, rules from regions where slug = $1`, [DEMO_REGION.slug]);
    expect(rows).toEqual([{ slug: 'demo-sf', state: 'open', geometry: DEMO_REGION.geometry, rules: DEMO_REGION.rules }]);
  });

  it('refuses malformed geometry or rules before writing anything', async () => {
    const regions = a.app.get(RegionsService);
    const base = { slug: 'bad-region', displayName: 'Bad', state: 'waitlisted' as const, rules: { timezone: 'UTC' } };
    await expect(regions.upsertRegion({ ...base, geometry: { zips: ['94110', '94110'] } })).rejects.toThrow(JsonShapeError);
    await expect(regions.upsertRegion({ ...base, geometry: { zips: [] }, rules: { timezone: 'Nowhere/City' } })).rejects.toThrow(
      JsonShapeError,
    );
    expect(await db.query(`select 1 from regions where slug = 'bad-region'`)).toEqual([]);
  });

  it('two instances opening a region at once: every waitlisted member activated and messaged exactly once, each instance activating some', async () => {
    const regionsA = a.app.get(RegionsService);
    const regionsB = b.app.get(RegionsService);
    const region = await regionsA.upsertRegion({
      slug: 'test-austin', displayName: 'Test Austin', state: 'waitlisted',
      geometry: { zips: ['78701', '78702'] }, rules: { timezone: 'America/Chicago', min_density: 5 },
    });
    const waitlist = (await db.query(
      `insert into regions (slug, display_name, state, geometry, rules) values ($1, $2, 'waitlisted', $3, $4)
       on conflict (slug) do update set slug = excluded.slug returning id`,
      [WAITLIST_REGION.slug, WAITLIST_REGION.displayName, WAITLIST_REGION.geometry, WAITLIST_REGION.rules],
    ))[0].id as string;

    const waiting = [];
    for (let i = 0; i < 20; i++) waiting.push(await member(region.id, 'waitlisted', '78701'));
    // From the catch-all waitlist: two whose ZIP the region covers move in, one elsewhere stays.
    const covered = [await member(waitlist, 'waitlisted', '78702'), await member(waitlist, 'waitlisted', '78702')];
    const elsewhere = await member(waitlist, 'waitlisted', '99501');
    const alreadyActive = await member(region.id, 'active', '78701');

    const [ra, rb] = await Promise.all([regionsA.openRegion(region.id, crypto.randomUUID()), regionsB.openRegion(region.id, crypto.randomUUID())]);
    expect(ra.notified + rb.notified).toBe(22);
    expect(ra.activated + rb.activated).toBe(22);
    // Batches of 2 claimed with SKIP LOCKED: the two openers share the waitlist.
    expect(ra.activated).toBeGreaterThan(0);
    expect(rb.activated).toBeGreaterThan(0);
    expect(ra.moved + rb.moved).toBe(2);
    // Exactly one of them opened it; the other waited for that and found it open.
    expect([ra.wasOpen, rb.wasOpen].sort()).toEqual([false, true]);
    const again = await regionsB.openRegion(region.id, crypto.randomUUID());
    expect(again).toMatchObject({ moved: 0, activated: 0, notified: 0 });

    expect((await db.query(`select state from regions where id = $1`, [region.id]))[0].state).toBe('open');
    const memberships: Array<{ user_id: string; region_id: string; status: string }> = await db.query(
      `select user_id, region_id, status from region_memberships where user_id = any($1::uuid[])`,
      [[...waiting, ...covered, elsewhere, alreadyActive].map((m) => m.id)],
    );
    const byUser = new Map(memberships.map((m) => [m.user_id, m]));
    for (const m of [...waiting, ...covered, alreadyActive]) expect(byUser.get(m.id)).toMatchObject({ region_id: region.id, status: 'active' });
    expect(byUser.get(elsewhere.id)).toMatchObject({ region_id: waitlist, status: 'waitlisted' });
    const [moved] = await db.query(`select region_id from users where id = $1`, [covered[0].id]);
    expect(moved.region_id).toBe(region.id);

    for (const m of [...waiting, ...covered]) {
      const sent = await outbox(a.app, m.phone);
      expect(sent).toEqual([{ purpose: 'notice', body: expect.stringContaining('JOSH is now open in Test Austin') }]);
    }
    expect(await outbox(a.app, elsewhere.phone)).toEqual([]);
    expect(await outbox(a.app, alreadyActive.phone)).toEqual([]);
  });

  it('refuses to open an unknown region or the catch-all waitlist', async () => {
    const regions = a.app.get(RegionsService);
    await expect(regions.openRegion(crypto.randomUUID(), crypto.randomUUID())).rejects.toMatchObject({
      code: 'region_not_found',
      status: 404,
    });
    const waitlist = await regions.findBySlug(WAITLIST_REGION.slug);
    await expect(regions.openRegion(waitlist!.id, crypto.randomUUID())).rejects.toBeInstanceOf(RegionsError);
    expect((await regions.findBySlug(WAITLIST_REGION.slug))!.state).toBe('waitlisted');
  });

  it('an opening waits for another opening in flight (the region row) and finds the region open', async () => {
    const regions = a.app.get(RegionsService);
    const region = await regions.upsertRegion({
      slug: 'test-boise', displayName: 'Test Boise', state: 'waitlisted', geometry: { zips: ['83702'] }, rules: { timezone: 'America/Boise' },
    });
    const held = await holdLock(db, `select id from regions where id = $1 for update`, [region.id]);
    let opened: ReturnType<RegionsService['openRegion']> | undefined;
    try {
      opened = b.app.get(RegionsService).openRegion(region.id, crypto.randomUUID());
      expect(await blockedBy(db, held.pid, opened)).toBe('waiting');
      await held.query(`update regions set state = 'open' where id = $1`, [region.id]);
      await held.commit();
    } finally {
      await held.rollback();
    }
    expect(await opened).toMatchObject({ wasOpen: true, activated: 0 });
  });

  it('an opening activates the waitlisted members another opener does not hold, without waiting for that one', async () => {
    const regions = a.app.get(RegionsService);
    const region = await regions.upsertRegion({
      slug: 'test-reno', displayName: 'Test Reno', state: 'waitlisted', geometry: { zips: ['89501'] }, rules: { timezone: 'America/Los_Angeles' },
    });
    const waiting = [];
    for (let i = 0; i < 5; i++) waiting.push(await member(region.id, 'waitlisted', '89501'));
    const held = await holdLock(db, `select id from region_memberships where user_id = $1 for update`, [waiting[0].id]);
    try {
      const opened = b.app.get(RegionsService).openRegion(region.id, crypto.randomUUID());
      expect(await blockedBy(db, held.pid, opened)).toBe('finished');
      expect(await opened).toMatchObject({ activated: 4, notified: 4 });
    } finally {
      await held.rollback();
    }
    const statuses = await db.query(`select user_id, status from region_memberships where region_id = $1`, [region.id]);
    expect(new Map(statuses.map((r: { user_id: string; status: string }) => [r.user_id, r.status]))).toEqual(
      new Map(waiting.map((m, i) => [m.id, i === 0 ? 'waitlisted' : 'active'])),
    );
    expect(await a.app.get(RegionsService).openRegion(region.id, crypto.randomUUID())).toMatchObject({ wasOpen: true, activated: 1 });
  });
});
