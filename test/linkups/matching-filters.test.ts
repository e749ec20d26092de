import { DataSource } from 'typeorm';
import type { MatchFilter } from '../../src/common/json-shapes';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ActivityCatalog } from '../../src/modules/linkups/forming/activity-catalog';
import { LinkupsSettings } from '../../src/modules/linkups/linkups.settings';
import { CandidatesRepository } from '../../src/modules/linkups/matching/candidates.repository';
import { WaveChooser, type LinkupForMatching } from '../../src/modules/linkups/matching/wave-chooser';
import { createTestDatabase, TestDatabase } from '../support/database';
import {
  addParticipant, block, coffeeSaturday, hold, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember,
} from '../support/linkups-factories';

// Every filter of PRODUCT.md section 6 against real rows: the member it should exclude is not in
// any wave, and explaining that member names exactly that filter.
describe('matching filters on PostgreSQL', () => {
  let tdb: TestDatabase;
  let ds: DataSource;
  let chooser: WaveChooser;
  let linkup: LinkupForMatching;
  const m: Record<string, TestMember> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    ds = new DataSource(buildDataSourceOptions(tdb.url));
    await ds.initialize();
    const settings = Object.assign(new LinkupsSettings(), { MATCH_POOL_SIZE: 100 });
    chooser = new WaveChooser(new CandidatesRepository(ds), settings, new ActivityCatalog());
    const regionId = await makeRegion(ds);
    const otherRegionId = await makeRegion(ds);
    const initiator = await makeMatchable(ds, regionId, { firstName: 'Ini' });
    const eventTime = new Date(Date.now() + 3 * 86_400_000);
    const linkupId = await makeLinkup(ds, regionId, initiator.id, { eventTime });
    linkup = { id: linkupId, regionId, brief: coffeeSaturday, eventTime, groupUserIds: [initiator.id] };

    const make = async (name: string, o: Parameters<typeof makeMatchable>[2] = {}) => (m[name] = await makeMatchable(ds, regionId, o));
    await make('ok');
    await make('okToo');
    await make('blockedByInitiator');
    await block(ds, initiator.id, m.blockedByInitiator.id);
    await make('blocksInitiator');
    await block(ds, m.blocksInitiator.id, initiator.id);
    await make('onHold');
    await hold(ds, m.onHold.id, 'soft_hold', new Date(Date.now() + 86_400_000));
    await make('hardHold');
    await hold(ds, m.hardHold.id, 'hard_hold');
    await make('holdExpired');
    await hold(ds, m.holdExpired.id, 'soft_hold', new Date(Date.now() - 60_000));
    await make('notEntitled', { entitled: false });
    await make('optedOut', { smsConsent: false });
    await make('saysNoToCoffee', { boundaries: { no_thanks: ['coffee'] } });
    await make('needsStepFree', { boundaries: { hard_constraints: { step_free: true } } });
    await make('inactive', { state: 'suspended' });
    await make('incomplete', { profileState: 'partial' });
    await make('waitlisted', { membership: 'waitlisted' });
    m.elsewhere = await makeMatchable(ds, otherRegionId);
    await make('interviewing', { mode: 'interviewing' });
    // Busy: confirmed in another LinkUp an hour later; not busy: one two days later.
    const other = await makeMatchable(ds, otherRegionId);
    await make('busy');
    await addParticipant(ds, await makeLinkup(ds, regionId, other.id, { eventTime: new Date(eventTime.getTime() + 3_600_000) }), m.busy.id);
    await make('freeThatDay');
    await addParticipant(ds, await makeLinkup(ds, otherRegionId, other.id, { eventTime: new Date(eventTime.getTime() + 2 * 86_400_000) }), m.freeThatDay.id);
    await make('invitedElsewhere');
    const elsewhere = await makeLinkup(ds, otherRegionId, (await makeMatchable(ds, otherRegionId)).id, { eventTime: new Date(eventTime.getTime() + 5 * 86_400_000) });
    await makePendingInvite(ds, elsewhere, m.invitedElsewhere.id);
  });

  afterAll(async () => {
    await ds?.destroy();
    await tdb?.drop();
  });

  const expected: Array<[string, MatchFilter[]]> = [
    ['blockedByInitiator', ['not_blocked']],
    ['blocksInitiator', ['not_blocked']],
    ['onHold', ['not_on_hold']],
    ['hardHold', ['not_on_hold']],
    ['notEntitled', ['entitled']],
    ['optedOut', ['sms_consent']],
    ['saysNoToCoffee', ['boundaries']],
    ['needsStepFree', ['boundaries']],
    ['inactive', ['active']],
    ['incomplete', ['profile_complete']],
    ['waitlisted', ['region']],
    ['elsewhere', ['region']],
    ['interviewing', ['available']],
    ['busy', ['available']],
    ['invitedElsewhere', ['available']],
  ];

  it('chooses only members who pass every filter', async () => {
    const wave = await chooser.choose(linkup, 50, new Date());
    const chosen = new Set(wave.map((w) => w.userId));
    for (const name of ['ok', 'okToo', 'holdExpired', 'freeThatDay']) expect({ name, chosen: chosen.has(m[name].id) }).toEqual({ name, chosen: true });
    for (const [name] of expected) expect({ name, chosen: chosen.has(m[name].id) }).toEqual({ name, chosen: false });
    for (const w of wave) expect(w.explainability.filters.failed).toEqual([]);
  });

  it.each(expected)('%s is excluded by %j, and the explainability says so', async (name, failed) => {
    const explained = await chooser.explain(linkup, m[name].id, new Date());
    expect(explained!.eligible).toBe(false);
    expect(explained!.explainability.filters.failed).toEqual(failed);
    expect(explained!.explainability.filters.passed).not.toEqual(expect.arrayContaining(failed));
    expect(explained!.explainability.top_reasons.length).toBeGreaterThanOrEqual(2);
  });

  it.each(['ok', 'holdExpired', 'freeThatDay'])('%s passes every filter when explained', async (name) => {
    const explained = await chooser.explain(linkup, m[name].id, new Date());
    expect(explained!.explainability.filters.failed).toEqual([]);
  });

  it('never invites the initiator or someone already invited to this LinkUp', async () => {
    await makePendingInvite(ds, linkup.id!, m.okToo.id);
    const wave = await chooser.choose(linkup, 50, new Date());
    const ids = wave.map((w) => w.userId);
    expect(ids).not.toContain(linkup.groupUserIds[0]);
    expect(ids).not.toContain(m.okToo.id);
    expect(ids).toContain(m.ok.id);
  });
});
