import { DataSource } from 'typeorm';
import { WaveChooser } from '../../src/modules/linkups';
import { BlocksService } from '../../src/modules/safety';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor, lastJob, now, sweeps } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember } from '../support/linkups-factories';
import { sharedLinkup } from '../support/safety-helpers';

// BLOCK and UNBLOCK over signed webhooks, then new LinkUps: a blocked pair is never invited
// together, whichever of the two (or someone else) starts the LinkUp.
describe('BLOCK over SMS', () => {
  let t: TestApp;
  let db: DataSource;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const invitedTo = async (linkupId: string): Promise<string[]> =>
    (await db.query(`select invited_user_id as id from linkup_invites where linkup_id = $1`, [linkupId])).map((r: { id: string }) => r.id);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  // A region of eight matchable members in which Ana (who met Bo at coffee 3 days ago) blocked Bo by SMS.
  async function world(): Promise<{ regionId: string; ana: TestMember; bo: TestMember; others: TestMember[] }> {
    const regionId = await makeRegion(db);
    const ana = await makeMatchable(db, regionId, { firstName: 'Ana' });
    const bo = await makeMatchable(db, regionId, { firstName: 'Bo' });
    const others: TestMember[] = [];
    for (let i = 0; i < 6; i++) others.push(await makeMatchable(db, regionId, { firstName: `Pal${i}` }));
    await sharedLinkup(db, regionId, [ana, bo], 3);
    await text(ana, 'BLOCK');
    await text(ana, '1');
    return { regionId, ana, bo, others };
  }

  // Starts a LinkUp by SMS, as the member would; returns its id (its first wave is out).
  async function startLinkup(m: TestMember, brief = 'coffee saturday morning'): Promise<string> {
    await text(m, brief);
    await text(m, 'YES');
    const [row] = await db.query(`select id from linkups where initiator_user_id = $1 and state = 'broadcasting'`, [m.id]);
    return row.id;
  }

  it('blocks once, confirms, and tells the blocked member nothing', async () => {
    const { ana, bo } = await world();
    expect(await lastBody(ana)).toBe("Done. You won't be matched with Bo again, and they won't be told.");
    expect(await db.query(`select blocked_user_id from user_blocks where blocker_user_id = $1`, [ana.id])).toEqual([{ blocked_user_id: bo.id }]);
    expect(await jobsFor(t.app, bo.id)).toEqual([]);
    // Bo is no longer on Ana's picker, and a second block changes nothing.
    await text(ana, 'block');
    expect(await lastBody(ana)).toBe('We found nobody from your LinkUps of the last 30 days to block. Questions? support@joshfriends.example');
    expect(await t.app.get(BlocksService).block(ana.id, bo.id)).toEqual({ created: false });
    expect(await db.query(`select count(*)::int as n from user_blocks where blocker_user_id = $1`, [ana.id])).toEqual([{ n: 1 }]);
  });

  it('the blocker starting a LinkUp never invites the blocked member', async () => {
    const { ana, bo, others } = await world();
    const id = await startLinkup(ana);
    const invited = await invitedTo(id);
    expect(invited.length).toBe(others.length);
    expect(invited).not.toContain(bo.id);
    const [row] = await db.query(`select region_id, brief, event_time from linkups where id = $1`, [id]);
    const linkup = { id, regionId: row.region_id, brief: row.brief, eventTime: new Date(row.event_time), groupUserIds: [ana.id] };
    const why = await t.app.get(WaveChooser).explain(linkup, bo.id, now(t.app));
    expect(why?.explainability.filters.failed).toEqual(['not_blocked']);
  });

  it('the blocked member starting a LinkUp never invites the blocker', async () => {
    const { ana, bo, others } = await world();
    const invited = await invitedTo(await startLinkup(bo));
    expect(invited.length).toBe(others.length);
    expect(invited).not.toContain(ana.id);
  });

  it('someone else starting a LinkUp invites at most one of the two, in the first wave and in the next', async () => {
    const { ana, bo, others } = await world();
    const id = await startLinkup(others[0]);
    const first = await invitedTo(id);
    expect(first.filter((u) => u === ana.id || u === bo.id)).toHaveLength(1);
    // Someone else passes: the next wave has only the other one of the pair left, and leaves them
    // out while the first still has the invite.
    const left = first.includes(ana.id) ? bo : ana;
    await text(others.find((o) => first.includes(o.id))!, 'NO');
    await sweeps(t.app).sendDueWaves();
    expect(await invitedTo(id)).not.toContain(left.id);
  });

  it('a block made after the invite went out keeps the pair apart at the YES', async () => {
    const regionId = await makeRegion(db);
    const [pia, quin] = [await makeMatchable(db, regionId, { firstName: 'Pia' }), await makeMatchable(db, regionId, { firstName: 'Quin' })];
    await sharedLinkup(db, regionId, [pia, quin], 4);
    const upcoming = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id);
    await addParticipant(db, upcoming, pia.id);
    await makePendingInvite(db, upcoming, quin.id);
    await text(quin, 'BLOCK');
    await text(quin, '1');
    await text(quin, 'YES');
    expect(await lastBody(quin)).toBe('Sorry, this one filled up! We will invite you to the next one.');
    const [invite] = await db.query(`select state from linkup_invites where linkup_id = $1 and invited_user_id = $2`, [upcoming, quin.id]);
    expect(invite.state).toBe('closed');
    expect(await db.query(`select 1 from linkup_participants where linkup_id = $1 and user_id = $2`, [upcoming, quin.id])).toEqual([]);
  });

  it('tells the blocker when they are both in a LinkUp coming up', async () => {
    const regionId = await makeRegion(db);
    const [pia, quin] = [await makeMatchable(db, regionId, { firstName: 'Pia' }), await makeMatchable(db, regionId, { firstName: 'Quin' })];
    await sharedLinkup(db, regionId, [pia, quin], -2);
    await text(quin, 'BLOCK');
    await text(quin, '1');
    expect(await lastBody(quin)).toBe(
      "Done. You won't be matched with Pia again, and they won't be told. You're both in a LinkUp coming up: if you'd rather not go, text DROP OUT.",
    );
  });

  it('UNBLOCK lists the blocked and removes the one picked', async () => {
    const { ana, bo } = await world();
    await text(ana, 'UNBLOCK');
    expect(await lastBody(ana)).toBe("Who would you like to unblock? Reply with their number:\n1 Bo\nText NEVERMIND to leave it.");
    await text(ana, '2');
    expect(await lastBody(ana)).toBe('Please reply 1, or NEVERMIND to leave it.');
    await text(ana, '1');
    expect(await lastBody(ana)).toBe('Done, Bo is unblocked. You may be matched again.');
    expect(await db.query(`select 1 from user_blocks where blocker_user_id = $1`, [ana.id])).toEqual([]);
    await text(ana, 'unblock');
    expect(await lastBody(ana)).toBe("You haven't blocked anyone.");
  });
});
