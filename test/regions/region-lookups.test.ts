import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PhoneHasher } from '../../src/common/crypto';
import { RegionsService } from '../../src/modules/regions';
import { startTestApp, TestApp } from '../support/app';
import { uniqueUsPhone } from '../support/registration-helpers';

// What other modules read of regions: a region's rules by id, and a member's active region.
describe('RegionsService lookups', () => {
  let t: TestApp;
  let db: DataSource;
  let regions: RegionsService;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regions = t.app.get(RegionsService);
  });
  afterAll(() => t.close());

  async function member(memberships: Array<{ regionId: string; status: 'active' | 'waitlisted'; released?: boolean }>): Promise<string> {
    const phone = uniqueUsPhone().e164;
    const [u] = await db.query(
      `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent,
                          terms_consent, privacy_consent)
       values ($1, $2, 'Sam', 'Tester', '1990-01-01', 'active', true, true, true, true) returning id`,
      [phone, t.app.get(PhoneHasher).hash(phone)],
    );
    for (const ms of memberships) {
      await db.query(
        `insert into region_memberships (user_id, region_id, status, released_at) values ($1, $2, $3, $4)`,
        [u.id, ms.regionId, ms.status, ms.released ? new Date() : null],
      );
    }
    return u.id;
  }

  it('findById: the region with its typed rules (time zone, venues), without the geometry', async () => {
    const made = await regions.upsertRegion({
      slug: 'lookup-portland', displayName: 'Portland', state: 'open', geometry: { zips: ['97201', '97202'] },
      rules: { timezone: 'America/Los_Angeles', venues: { coffee: ['Stumptown, SW 3rd Ave'] } },
    });
    const found = await regions.findById(made.id);
    expect(found).toEqual({
      id: made.id, slug: 'lookup-portland', displayName: 'Portland', state: 'open',
      rules: { timezone: 'America/Los_Angeles', venues: { coffee: ['Stumptown, SW 3rd Ave'] } },
    });
    expect(found!.rules.venues?.coffee).toEqual(['Stumptown, SW 3rd Ave']);
    expect(await regions.findById(randomUUID())).toBeNull();
  });

  it('activeRegionOf: the region of an active, unreleased membership, else null', async () => {
    const open = await regions.upsertRegion({
      slug: 'lookup-open', displayName: 'Open', state: 'open', geometry: { zips: ['97301'] }, rules: { timezone: 'America/Chicago' },
    });
    const waiting = await regions.upsertRegion({
      slug: 'lookup-waiting', displayName: 'Waiting', state: 'waitlisted', geometry: { zips: ['97302'] }, rules: { timezone: 'America/Chicago' },
    });
    const active = await member([{ regionId: waiting.id, status: 'waitlisted' }, { regionId: open.id, status: 'active' }]);
    expect(await regions.activeRegionOf(active)).toBe(open.id);
    // Active in a region that has not opened: still their active region (opening is the region's state).
    expect(await regions.activeRegionOf(await member([{ regionId: waiting.id, status: 'active' }]))).toBe(waiting.id);
    expect(await regions.activeRegionOf(await member([{ regionId: waiting.id, status: 'waitlisted' }]))).toBeNull();
    expect(await regions.activeRegionOf(await member([{ regionId: open.id, status: 'active', released: true }]))).toBeNull();
    expect(await regions.activeRegionOf(await member([]))).toBeNull();
  });

  it('reads inside the caller transaction', async () => {
    const region = await regions.upsertRegion({
      slug: 'lookup-tx', displayName: 'Tx', state: 'open', geometry: { zips: ['97401'] }, rules: { timezone: 'Europe/Berlin' },
    });
    const userId = await member([]);
    await db.transaction(async (manager) => {
      await manager.query(`insert into region_memberships (user_id, region_id, status) values ($1, $2, 'active')`, [userId, region.id]);
      expect(await regions.activeRegionOf(userId, manager)).toBe(region.id);
      expect(await regions.activeRegionOf(userId)).toBeNull(); // not committed yet
      expect((await regions.findById(region.id, manager))?.rules.timezone).toBe('Europe/Berlin');
    });
  });
});
