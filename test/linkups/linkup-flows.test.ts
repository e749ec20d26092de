import { DataSource } from 'typeorm';
import { LinkupsRepository } from '../../src/modules/linkups/data/linkups.repository';
import { startTestApp, TestApp } from '../support/app';
import { textAs } from '../support/conversation-sms';
import { jobsFor, lastJob, linkupRow, now, setClock, sweeps } from '../support/linkups-app';
import {
  addParticipant, coffeeSaturday, hold, makeLinkup, makeMatchable, makePendingInvite, makeRegion, type TestMember,
} from '../support/linkups-factories';

// The side paths of a LinkUp over SMS: refusals, dropping a draft, STOP, too few people,
// cancelling (with confirmation, late cancels as strikes), and strikes adding up to a hold.
describe('LinkUp side paths', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  const text = (m: TestMember, body: string) => textAs(t.app, m.phone, body);
  const lastBody = async (m: TestMember) => (await lastJob(t.app, m.id))?.body ?? '';
  const mode = async (m: TestMember) => (await db.query(`select mode, state_token from conversation_sessions where user_id = $1`, [m.id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
  });
  afterAll(() => t.close());

  describe('forming', () => {
    it('refuses a member on hold and one without an entitlement to initiate', async () => {
      const held = await makeMatchable(db, regionId);
      await hold(db, held.id);
      await text(held, 'coffee saturday morning');
      expect(await lastBody(held)).toBe("Your account is under review, so you can't start a LinkUp right now.");
      const unpaid = await makeMatchable(db, regionId, { canInitiate: false, entitled: true });
      await text(unpaid, 'linkup');
      expect(await lastBody(unpaid)).toMatch(/^Starting a LinkUp needs an active membership/);
      expect((await mode(unpaid)).mode).toBe('idle');
    });

    it('asks for the activity, takes edits before YES, and drops the draft on NEVERMIND', async () => {
      const m = await makeMatchable(db, regionId);
      await text(m, 'LINKUP');
      expect(await lastBody(m)).toMatch(/^What would you like to do, and when\?/);
      expect((await mode(m)).mode).toBe('linkup_forming');
      await text(m, 'hike sun');
      expect(await lastBody(m)).toMatch(/^A hike on Sun \w+ \d+, 10am, 3-6 people incl\. you\./);
      await text(m, 'actually group of 4, afternoon');
      expect(await lastBody(m)).toMatch(/^A hike on Sun \w+ \d+, 1pm, 3-4 people incl\. you\./);
      await text(m, 'nevermind');
      expect(await lastBody(m)).toBe('OK, dropped it. Text LINKUP any time to plan something.');
      expect((await mode(m)).mode).toBe('idle');
      expect(await db.query(`select id from linkups where initiator_user_id = $1`, [m.id])).toEqual([]);
    });

    it('refuses a member without an active membership in an open region', async () => {
      const waitlisted = await makeMatchable(db, regionId, { membership: 'waitlisted' });
      const none = await makeMatchable(db, regionId, { membership: null });
      const notOpen = await makeMatchable(db, await makeRegion(db, { state: 'waitlisted' }));
      for (const m of [waitlisted, none, notOpen]) {
        await text(m, 'coffee saturday morning');
        expect(await lastBody(m)).toBe("JOSH isn't open in your area yet. We'll text you as soon as it is.");
        expect((await mode(m)).mode).toBe('idle');
      }
    });

    it("plans in the region's time zone", async () => {
      const m = await makeMatchable(db, await makeRegion(db, { timezone: 'America/Los_Angeles' }));
      await text(m, 'coffee saturday morning');
      expect(await lastBody(m)).toMatch(/^Coffee on Sat \w+ \d+, 10am,/);
      await text(m, 'yes');
      const [l] = await db.query(`select event_time from linkups where initiator_user_id = $1`, [m.id]);
      const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
      expect(local.format(new Date(l.event_time))).toBe('Sat, 10');
    });

    it('creates one LinkUp per create key however often it is retried', async () => {
      const m = await makeMatchable(db, regionId);
      const repo = t.app.get(LinkupsRepository);
      const l = {
        initiatorUserId: m.id, regionId, brief: coffeeSaturday, eventTime: new Date(Date.now() + 86_400_000 * 3),
        acceptanceWindowEndsAt: new Date(Date.now() + 86_400_000), minSize: 3, maxSize: 6, createKey: 'linkup:SMretried', correlationId: null,
      };
      const first = await db.transaction((mgr) => repo.insertOnce(l, mgr));
      const second = await db.transaction((mgr) => repo.insertOnce(l, mgr));
      expect(first.created).toBe(true);
      expect(second).toEqual({ linkup: first.linkup, created: false });
    });
  });

  it('STOP declines the pending invite and asks the LinkUp for its next wave', async () => {
    const initiator = await makeMatchable(db, regionId);
    const linkupId = await makeLinkup(db, regionId, initiator.id);
    const m = await makeMatchable(db, regionId, { mode: 'awaiting_invite_reply' });
    await makePendingInvite(db, linkupId, m.id);
    await text(m, 'STOP');
    const [invite] = await db.query(`select state from linkup_invites where invited_user_id = $1`, [m.id]);
    expect(invite.state).toBe('declined');
    expect((await linkupRow(t.app, linkupId)).next_wave_at).not.toBeNull();
    expect(await jobsFor(t.app, m.id)).toEqual([]);
  });

  it('expires a LinkUp that ends its window under min_size and tells everyone who was in', async () => {
    const initiator = await makeMatchable(db, regionId);
    const joined = await makeMatchable(db, regionId);
    const linkupId = await makeLinkup(db, regionId, initiator.id, { windowEndsAt: new Date(Date.now() + 3_600_000), minSize: 3 });
    await addParticipant(db, linkupId, joined.id);
    const pendingOne = await makeMatchable(db, regionId);
    await makePendingInvite(db, linkupId, pendingOne.id);
    setClock(t.app, new Date(Date.now() + 2 * 3_600_000));
    expect((await sweeps(t.app).closeWindows()).expired).toBeGreaterThanOrEqual(1);
    expect((await linkupRow(t.app, linkupId)).state).toBe('expired');
    for (const m of [initiator, joined]) expect(await lastBody(m)).toMatch(/^Not enough people could make coffee on .*, so it's off this time\./);
    const [invite] = await db.query(`select state from linkup_invites where invited_user_id = $1`, [pendingOne.id]);
    expect(invite.state).toBe('closed');
    await text(pendingOne, 'yes');
    expect(await lastBody(pendingOne)).toBe("That LinkUp isn't happening anymore. We'll find you another one.");
    setClock(t.app, new Date());
  });

  describe('cancelling', () => {
    async function lockedLinkup(eventInHours: number): Promise<{ id: string; group: TestMember[] }> {
      const group = [await makeMatchable(db, regionId, { firstName: 'Ina' }), await makeMatchable(db, regionId, { firstName: 'Pat' }),
        await makeMatchable(db, regionId, { firstName: 'Quin' }), await makeMatchable(db, regionId, { firstName: 'Rae' })];
      const id = await makeLinkup(db, regionId, group[0].id, { state: 'locked', eventTime: new Date(now(t.app).getTime() + eventInHours * 3_600_000) });
      for (const m of group.slice(1)) await addParticipant(db, id, m.id);
      return { id, group };
    }

    it('asks to confirm, keeps the spot on NO, and a late cancel on YES is a strike', async () => {
      const { id, group } = await lockedLinkup(10);
      const [, pat] = group;
      await text(pat, "can't make it");
      expect(await lastBody(pat)).toMatch(/^Cancel your spot in coffee on .* It's less than a day away, so it counts as a late cancel\. Reply YES/);
      await text(pat, 'no');
      expect(await lastBody(pat)).toBe("Great, you're still in!");
      await text(pat, 'cancel my spot');
      await text(pat, 'yes');
      expect(await lastBody(pat)).toBe("Done, you're out. Thanks for letting the group know.");
      const [p] = await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [id, pat.id]);
      expect(p.status).toBe('canceled');
      expect(await db.query(`select strike_type, points from user_strikes where user_id = $1`, [pat.id])).toEqual([{ strike_type: 'late_cancel', points: 1 }]);
      for (const m of [group[0], group[2], group[3]]) expect(await lastBody(m)).toMatch(/^Heads up: one person can't make coffee on .* It's still on with 3 of you\./);
      expect((await linkupRow(t.app, id)).state).toBe('locked');
    });

    it('lets the initiator call it off for everyone, without a strike a week ahead', async () => {
      const { id, group } = await lockedLinkup(24 * 7);
      await text(group[0], 'cancel linkup');
      expect(await lastBody(group[0])).toMatch(/^Call off coffee on .* for everyone\? Reply YES/);
      await text(group[0], 'YES');
      expect(await lastBody(group[0])).toBe("Done, it's called off and everyone has been told.");
      const l = await linkupRow(t.app, id);
      expect(l).toMatchObject({ state: 'canceled', canceled_reason: 'initiator' });
      for (const m of group.slice(1)) expect(await lastBody(m)).toMatch(/^Coffee on .* was called off\. Sorry!/);
      expect(await db.query(`select 1 from user_strikes where user_id = $1`, [group[0].id])).toEqual([]);
    });

    describe('a bare DROP (the "can\'t make it" word; CANCEL is an opt-out at Twilio)', () => {
      const consent = async (m: TestMember) => (await db.query(`select sms_consent from users where id = $1`, [m.id]))[0].sms_consent;
      const status = async (linkupId: string, m: TestMember) =>
        (await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [linkupId, m.id]))[0].status;

      it('from a participant of an upcoming LinkUp asks to confirm and keeps them opted in; YES cancels their spot', async () => {
        const { id, group } = await lockedLinkup(24 * 5);
        const [, pat] = group;
        await text(pat, 'DROP');
        expect(await consent(pat)).toBe(true);
        expect(await lastBody(pat)).toMatch(/^Cancel your spot in coffee on .*\? Reply YES to cancel or NO to keep it\.$/);
        expect(await mode(pat)).toEqual({ mode: 'awaiting_invite_reply', state_token: `cancel:${id}` });
        expect(await status(id, pat)).toBe('confirmed');
        await text(pat, 'yes');
        expect(await lastBody(pat)).toBe("Done, you're out. Thanks for letting the group know.");
        expect(await status(id, pat)).toBe('canceled');
        expect(await consent(pat)).toBe(true);
        expect((await mode(pat)).mode).toBe('idle');
      });

      it('from the initiator asks to call it off; NO keeps it, and DROP while confirming asks again', async () => {
        const { id, group } = await lockedLinkup(24 * 5);
        await text(group[0], 'drop.');
        expect(await lastBody(group[0])).toMatch(/^Call off coffee on .* for everyone\? Reply YES/);
        const before = (await jobsFor(t.app, group[0].id)).length;
        await text(group[0], 'Drop');
        expect((await jobsFor(t.app, group[0].id)).length).toBe(before + 1);
        expect(await lastBody(group[0])).toMatch(/^Call off coffee on .* for everyone\? Reply YES/);
        expect(await consent(group[0])).toBe(true);
        await text(group[0], 'no');
        expect(await lastBody(group[0])).toBe("Great, you're still in!");
        expect((await linkupRow(t.app, id)).state).toBe('locked');
      });

      it('from a member with an open invite asks whether they pass; NO declines it', async () => {
        const initiator = await makeMatchable(db, regionId);
        const linkupId = await makeLinkup(db, regionId, initiator.id);
        const m = await makeMatchable(db, regionId, { mode: 'awaiting_invite_reply' });
        await db.query(`update conversation_sessions set state_token = 'invite' where user_id = $1`, [m.id]);
        await makePendingInvite(db, linkupId, m.id);
        await text(m, 'drop');
        expect(await consent(m)).toBe(true);
        expect(await lastBody(m)).toMatch(/^Pass on coffee on .*\? Reply NO to pass or YES to join\.$/);
        await text(m, 'no');
        expect(await lastBody(m)).toBe('No problem, maybe next time!');
        const [invite] = await db.query(`select state from linkup_invites where invited_user_id = $1`, [m.id]);
        expect(invite.state).toBe('declined');
      });

      it('while forming drops the draft, keeping the member opted in', async () => {
        const m = await makeMatchable(db, regionId);
        await text(m, 'hike sun');
        expect((await mode(m)).mode).toBe('linkup_forming');
        await text(m, 'DROP');
        expect(await lastBody(m)).toBe('OK, dropped it. Text LINKUP any time to plan something.');
        expect(await consent(m)).toBe(true);
        expect((await mode(m)).mode).toBe('idle');
      });

      it('from a member with no LinkUp context is just text: nobody is opted out', async () => {
        const m = await makeMatchable(db, regionId);
        const past = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, { state: 'canceled' });
        await addParticipant(db, past, m.id);
        await text(m, 'DROP');
        expect(await consent(m)).toBe(true);
        expect(await lastBody(m)).not.toMatch(/Cancel your spot|Call off/);
      });

      it('during the outcome check of a LinkUp that is over is not claimed: there is nothing left to cancel', async () => {
        const m = await makeMatchable(db, regionId);
        const done = await makeLinkup(db, regionId, (await makeMatchable(db, regionId)).id, { state: 'completed' });
        await addParticipant(db, done, m.id);
        await db.query(`update conversation_sessions set mode = 'awaiting_invite_reply', state_token = $2 where user_id = $1`, [m.id, `outcome:${done}`]);
        await text(m, 'drop');
        expect(await consent(m)).toBe(true);
        expect(await lastBody(m)).not.toMatch(/Cancel your spot|Call off/);
      });

      it('a bare CANCEL in a LinkUp context opts out, as it already did at Twilio (SMS_CANCEL_IS_OPT_OUT=true)', async () => {
        const { id, group } = await lockedLinkup(24 * 5);
        await text(group[1], 'CANCEL');
        expect(await consent(group[1])).toBe(false);
        expect(await status(id, group[1])).toBe('confirmed');
        expect(await jobsFor(t.app, group[1].id)).toEqual([]);
      });

      it('STOP from a participant of an upcoming LinkUp still opts out', async () => {
        const { id, group } = await lockedLinkup(24 * 5);
        await text(group[1], 'STOP');
        expect(await consent(group[1])).toBe(false);
        expect(await status(id, group[1])).toBe('confirmed');
        expect(await jobsFor(t.app, group[1].id)).toEqual([]);
      });
    });

    it('calls a locked LinkUp off at once when a cancel leaves it under min_size too close to the event to refill', async () => {
      const { id, group } = await lockedLinkup(1.5); // inside LINKUP_LOCK_LEAD_MINUTES (2 h)
      await db.query(`update linkups set min_size = 4 where id = $1`, [id]);
      await text(group[3], 'drop out');
      await text(group[3], 'yes');
      expect(await linkupRow(t.app, id)).toMatchObject({ state: 'canceled', canceled_reason: 'not_enough' });
      for (const m of group.slice(0, 3)) expect(await lastBody(m)).toMatch(/was called off/);
    });

    it('offers a spot freed under min_size until the refill deadline, then calls the LinkUp off', async () => {
      const { id, group } = await lockedLinkup(24 * 7);
      await db.query(`update linkups set min_size = 4 where id = $1`, [id]);
      await text(group[3], 'drop out');
      await text(group[3], 'yes');
      expect(await linkupRow(t.app, id)).toMatchObject({ state: 'locked' });
      for (const m of group.slice(0, 3)) {
        expect(await lastBody(m)).toMatch(/^Heads up: one person can't make coffee on .* We're inviting someone to take the spot; if nobody can by .*, we'll call it off/);
      }
      expect((await sweeps(t.app).sendDueWaves()).invitesSent).toBeGreaterThan(0);
      const refill = await db.query(`select state, expires_at from linkup_invites where linkup_id = $1`, [id]);
      const deadline = new Date((await linkupRow(t.app, id)).event_time.getTime() - 120 * 60_000);
      for (const inv of refill) expect(new Date(inv.expires_at).getTime()).toBeLessThanOrEqual(deadline.getTime());
      // Nobody answers; at the deadline the invites expire and the group, still under 4, is called off.
      setClock(t.app, new Date(deadline.getTime() + 60_000));
      await sweeps(t.app).expireInvites();
      await sweeps(t.app).sendDueWaves();
      expect(await linkupRow(t.app, id)).toMatchObject({ state: 'canceled', canceled_reason: 'not_enough' });
      for (const m of group.slice(0, 3)) expect(await lastBody(m)).toMatch(/was called off/);
      setClock(t.app, new Date());
    });
  });

  it('puts a member on a soft hold once strikes reach 3 points in 90 days', async () => {
    const m = await makeMatchable(db, regionId);
    for (let i = 0; i < 3; i++) {
      const initiator = await makeMatchable(db, regionId);
      const id = await makeLinkup(db, regionId, initiator.id, { state: 'completed' });
      await addParticipant(db, id, m.id);
      await db.query(`update conversation_sessions set mode = 'awaiting_invite_reply', state_token = $2 where user_id = $1`, [m.id, `outcome:${id}`]);
      await text(m, 'C');
    }
    const [h] = await db.query(`select state, reason, expires_at, applied_at from safety_holds where user_id = $1`, [m.id]);
    expect(h).toMatchObject({ state: 'soft_hold', reason: 'strikes' });
    expect(new Date(h.expires_at).getTime() - new Date(h.applied_at).getTime()).toBe(14 * 86_400_000);
    await text(m, 'coffee sat');
    expect(await lastBody(m)).toBe("Your account is under review, so you can't start a LinkUp right now.");
  });
});
