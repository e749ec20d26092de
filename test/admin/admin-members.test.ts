import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmsConsentService } from '../../src/modules/identity';
import { startTestApp, type TestApp } from '../support/app';
import { adminCall, type AdminCaller, adminToken, auditRows } from '../support/admin';
import { flushOutbound, textAs } from '../support/conversation-sms';
import { jobsFor, lastJob } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makeRegion, type TestMember } from '../support/linkups-factories';

// Members as support sees them: lookup by a number in any format, the redacted summary (opted out
// and undeliverable numbers included), suspension, deletion, entitlements, and the SMS history
// (metadata for all; decrypted bodies for engineering only, audited as a read).
describe('members in the admin API', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  let support: AdminCaller;
  let ops: AdminCaller;
  let engineering: AdminCaller;
  let ada: TestMember;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db, { venues: { coffee: ['Blue Door Cafe'] } });
    [support, ops, engineering] = [await adminToken(t.app, 'support'), await adminToken(t.app, 'ops'), await adminToken(t.app, 'engineering')];
    ada = await makeMatchable(db, regionId, { firstName: 'Ada', phone: '+14155550134' });
  });
  afterAll(() => t.close());

  const get = (caller: AdminCaller, path: string) => adminCall(t.app, caller, 'get', path);

  describe('lookup by phone', () => {
    it.each([
      '(415) 555-0134', '415.555.0134', '415-555-0134', '+1 415 555 0134', '1-415-555-0134', '4155550134', '+14155550134', '+1 (415) 555-0134',
    ])('finds the member by %s', async (phone) => {
      const res = await get(support, `/admin/v1/users?phone=${encodeURIComponent(phone)}`).expect(200);
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([ada.id]);
    });

    it('reads an unencoded + (which a query string turns into a space) as +', async () => {
      const res = await get(support, '/admin/v1/users?phone=+14155550134').expect(200);
      expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([ada.id]);
    });

    it('answers an empty list for a number nobody has, and 422 for something that is not a number', async () => {
      expect((await get(support, `/admin/v1/users?phone=${encodeURIComponent('(415) 555-0199')}`).expect(200)).body).toEqual({ items: [], nextCursor: null });
      const bad = await get(support, '/admin/v1/users?phone=hello').expect(422);
      expect(bad.body).toMatchObject({ code: 'admin_invalid_phone', fields: [{ field: 'phone', code: 'invalid_phone' }] });
      const missing = await get(support, '/admin/v1/users').expect(422);
      expect(missing.body.fields.map((f: { field: string }) => f.field)).toContain('phone');
    });
  });

  describe('the summary', () => {
    it('masks the number and carries state, region, profile, hold, strikes, entitlement, subscription and LinkUps', async () => {
      const linkupId = await makeLinkup(db, regionId, ada.id);
      await db.query(
        `insert into user_strikes (user_id, strike_type, points, reason, window_start, window_end) values ($1, 'no_show', 1, 'linkup_no_show', now() - interval '1 day', now() + interval '89 days')`,
        [ada.id],
      );
      const res = await get(support, `/admin/v1/users/${ada.id}`).expect(200);
      expect(res.body).toMatchObject({
        id: ada.id, firstName: 'Ada', phoneMasked: '+***34', state: 'active', deletedAt: null,
        sms: { consent: true, optedOut: false, undeliverable: false },
        region: { id: regionId, state: 'open', membership: 'active' },
        profile: { state: 'complete_mvp', stepsTotal: 11 },
        hold: null,
        strikePoints: 1,
        entitlement: { participate: true, initiate: true, source: 'free', expiresAt: null },
        subscription: { status: 'free', entitled: true },
        recentLinkups: [{ id: linkupId, state: 'broadcasting', activityKey: 'coffee', role: 'initiator', status: 'confirmed' }],
      });
      expect(res.body.profile.stepsDone).toBeGreaterThanOrEqual(6);
      expect(JSON.stringify(res.body)).not.toMatch(/555.?0134|4155550134/);
    });

    it('says when the number is opted out or undeliverable (issue 17)', async () => {
      const eve = await makeMatchable(db, regionId, { firstName: 'Eve' });
      const fay = await makeMatchable(db, regionId, { firstName: 'Fay' });
      const consent = t.app.get(SmsConsentService);
      await consent.recordOptOut({ e164: eve.phone }, 'keyword');
      await consent.markUndeliverable({ e164: fay.phone }, '30006');
      const e = (await get(support, `/admin/v1/users/${eve.id}`).expect(200)).body;
      expect(e.sms).toMatchObject({ optedOut: true, optOutSource: 'keyword', optedOutAt: expect.any(String), undeliverable: false });
      const f = (await get(support, `/admin/v1/users/${fay.id}`).expect(200)).body;
      expect(f.sms).toMatchObject({ optedOut: false, undeliverable: true, undeliverableCode: '30006' });
    });

    it('404 for nobody, 422 for an id that is not a UUID', async () => {
      expect((await get(support, '/admin/v1/users/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('admin_member_not_found');
      expect((await get(support, '/admin/v1/users/nope').expect(422)).body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'id' }] });
    });
  });

  describe('suspension', () => {
    it('suspends (out of every LinkUp ahead, texts answered with the notice), and unsuspends back to the state before', async () => {
      const group = [await makeMatchable(db, regionId, { firstName: 'Gus' }), await makeMatchable(db, regionId, { firstName: 'Hana' }),
        await makeMatchable(db, regionId, { firstName: 'Ike' })];
      const sam = await makeMatchable(db, regionId, { firstName: 'Sam' });
      const linkupId = await makeLinkup(db, regionId, group[0].id, { state: 'locked', minSize: 2, eventTime: new Date(Date.now() + 4 * 86_400_000) });
      for (const m of [...group.slice(1), sam]) await addParticipant(db, linkupId, m.id);

      const res = await adminCall(t.app, ops, 'post', `/admin/v1/users/${sam.id}/suspend`, { reason: 'Ticket 9: abusive texts' }).expect(200);
      expect(res.body).toEqual({ changed: true, state: 'suspended', linkupsLeft: 1 });
      const [p] = await db.query(`select status from linkup_participants where linkup_id = $1 and user_id = $2`, [linkupId, sam.id]);
      expect(p.status).toBe('canceled');
      expect((await lastJob(t.app, group[1].id))?.body).toMatch(/^Heads up: one person can't make coffee/);
      await textAs(t.app, sam.phone, 'coffee saturday');
      expect((await lastJob(t.app, sam.id))?.body).toMatch(/^Your JOSH account is paused/);

      const again = await adminCall(t.app, ops, 'post', `/admin/v1/users/${sam.id}/suspend`, { reason: 'Ticket 9: double click' }).expect(200);
      expect(again.body).toEqual({ changed: false, state: 'suspended', linkupsLeft: 0 });
      const back = await adminCall(t.app, ops, 'post', `/admin/v1/users/${sam.id}/unsuspend`, { reason: 'Ticket 9: appeal accepted' }).expect(200);
      expect(back.body).toEqual({ changed: true, state: 'active', linkupsLeft: 0 });
      expect((await db.query(`select state, suspended_at from users where id = $1`, [sam.id]))[0]).toEqual({ state: 'active', suspended_at: null });
      expect((await auditRows(t.app, { targetId: sam.id })).map((r) => r.action)).toEqual(['user.suspended', 'user.suspended', 'user.unsuspended']);
    });
  });

  it('deletes a member (the scrub), and the audit payload holds neither their name nor their number', async () => {
    const del = await makeMatchable(db, regionId, { firstName: 'Delia', phone: '+14155550177' });
    await adminCall(t.app, ops, 'post', `/admin/v1/users/${del.id}/delete`, { reason: 'Member asked by email from +1 (415) 555-0177' }).expect(200);
    const [u] = await db.query(`select state, first_name, phone_e164 from users where id = $1`, [del.id]);
    expect(u).toEqual({ state: 'deleted', first_name: '', phone_e164: `deleted:${del.id}` });
    const [row] = await auditRows(t.app, { targetId: del.id });
    expect(row.reason).toBe('Member asked by email from +***77');
    expect(JSON.stringify(row)).not.toMatch(/Delia|555.?0177|4155550177/);
    const summary = (await get(support, `/admin/v1/users/${del.id}`).expect(200)).body;
    expect(summary).toMatchObject({ state: 'deleted', firstName: '', phoneMasked: null, subscription: null });
    // The number still finds the tombstone (its phone hash stays).
    expect((await get(support, '/admin/v1/users?phone=4155550177').expect(200)).body.items.map((m: { id: string }) => m.id)).toEqual([del.id]);
  });

  it('grants entitlements with source admin, and refuses an expiry in the past', async () => {
    const gil = await makeMatchable(db, regionId, { entitled: false });
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await adminCall(t.app, ops, 'post', `/admin/v1/users/${gil.id}/entitlements`, { participate: true, initiate: true, expiresAt: until, reason: 'Goodwill after an outage' }).expect(200);
    expect(res.body).toEqual({ participate: true, initiate: true, source: 'admin', expiresAt: until });
    const past = await adminCall(t.app, ops, 'post', `/admin/v1/users/${gil.id}/entitlements`, { participate: true, initiate: true, expiresAt: '2001-01-01T00:00:00Z', reason: 'Goodwill' }).expect(422);
    expect(past.body.fields).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
    const notDate = await adminCall(t.app, ops, 'post', `/admin/v1/users/${gil.id}/entitlements`, { participate: 'yes', initiate: true, expiresAt: 'soon', reason: 'Goodwill' }).expect(422);
    expect(notDate.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['expiresAt', 'participate']);
    expect((await auditRows(t.app, { targetId: gil.id })).length).toBe(1);
  });

  describe('messages', () => {
    let max: TestMember;

    beforeAll(async () => {
      max = await makeMatchable(db, regionId, { firstName: 'Max' });
      await textAs(t.app, max.phone, 'STATUS');
      await textAs(t.app, max.phone, 'HELP');
      await flushOutbound(t.app);
    });

    it('lists metadata both ways, newest first, in pages, without bodies', async () => {
      const all = (await get(support, `/admin/v1/users/${max.id}/messages`).expect(200)).body;
      expect(all.items.length).toBe(2 + (await jobsFor(t.app, max.id)).length);
      expect(all.items.map((m: { direction: string }) => m.direction)).toContain('in');
      for (const m of all.items) {
        expect(Object.keys(m).sort()).toEqual(['at', 'direction', 'error', 'id', 'purpose', 'segments', 'status']);
        expect(m.segments).toBeGreaterThanOrEqual(1);
      }
      const outbound = all.items.find((m: { direction: string }) => m.direction === 'out');
      expect(outbound).toMatchObject({ status: expect.stringMatching(/sent|delivered|queued/), purpose: 'reply' });
      const times = all.items.map((m: { at: string }) => Date.parse(m.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: string }>; nextCursor: string | null } = (
          await get(support, `/admin/v1/users/${max.id}/messages?limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200)
        ).body;
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.items.map((m: { id: string }) => m.id));
      expect((await get(support, `/admin/v1/users/${max.id}/messages?cursor=bm90LWEtY3Vyc29y`).expect(422)).body.code).toBe('invalid_cursor');
      expect((await get(support, `/admin/v1/users/${max.id}/messages?limit=101`).expect(422)).body.fields[0].field).toBe('limit');
      expect(await auditRows(t.app, { targetId: max.id })).toEqual([]);
    });

    it('bodies: 403 for ops, 422 without a reason, decrypted for engineering with the read in the audit log', async () => {
      const path = `/admin/v1/users/${max.id}/messages?includeBodies=true`;
      const forOps = await get(ops, `${path}&reason=${encodeURIComponent('Debugging a reply')}`).expect(403);
      expect(forOps.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('engineering') });
      expect((await get(engineering, path).expect(422)).body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect(await auditRows(t.app, { targetId: max.id })).toEqual([]);

      const res = await get(engineering, `${path}&reason=${encodeURIComponent('Ticket 31: member says HELP got no answer')}`).expect(200);
      const bodies = res.body.items.map((m: { direction: string; body: string }) => [m.direction, m.body]);
      expect(bodies).toEqual(expect.arrayContaining([['in', 'STATUS'], ['in', 'HELP']]));
      const sent = (await jobsFor(t.app, max.id)).map((j) => j.body);
      expect(bodies.filter(([d]: string[]) => d === 'out').map(([, b]: string[]) => b).sort()).toEqual(sent.sort());

      const reads = await auditRows(t.app, { targetId: max.id, action: 'user.messages_read' });
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ admin_user_id: engineering.adminId, target_type: 'user', reason: 'Ticket 31: member says HELP got no answer' });
      expect(reads[0].payload.messageIds).toEqual(res.body.items.map((m: { id: string }) => m.id));
      expect(JSON.stringify(reads[0].payload)).not.toMatch(/STATUS|HELP/);
    });
  });

  it('keeps the docs role of every route it called (a sanity check of the document itself)', async () => {
    const docs = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(docs.paths['/admin/v1/users/{id}/messages'].get['x-required-role']).toBe('support');
    expect(docs.paths['/admin/v1/users/{id}/messages'].get.description).toMatch(/engineering/);
  });
});
