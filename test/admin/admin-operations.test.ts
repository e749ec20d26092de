import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { adminCall, type AdminCaller, adminToken, auditCount, auditRows } from '../support/admin';
import { jobsFor } from '../support/linkups-app';
import { addParticipant, makeLinkup, makeMatchable, makePendingInvite, makeRegion } from '../support/linkups-factories';

// Regions, LinkUps, safety cases, Stripe events and the audit log, through the admin API.
describe('operations in the admin API', () => {
  let t: TestApp;
  let db: DataSource;
  let regionId: string;
  let support: AdminCaller;
  let ops: AdminCaller;
  let engineering: AdminCaller;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
    [support, ops, engineering] = [await adminToken(t.app, 'support'), await adminToken(t.app, 'ops'), await adminToken(t.app, 'engineering')];
  });
  afterAll(() => t.close());

  const one = async (sql: string, params: unknown[]) => (await db.query(sql, params))[0];

  describe('regions', () => {
    const body = (over: Record<string, unknown> = {}) => ({
      slug: `oak-${randomUUID().slice(0, 6)}`, displayName: 'Oakland', geometry: { zips: ['94601', '94602'] },
      rules: { timezone: 'America/Los_Angeles', venues: { coffee: ['Awaken Cafe'] } }, reason: 'Launch plan Q3', ...over,
    });

    it('refuses bad rules and geometry with every problem listed, and a taken slug with 409, auditing nothing', async () => {
      const before = await auditCount(t.app);
      const bad = await adminCall(t.app, ops, 'post', '/admin/v1/regions', body({ geometry: { zips: ['94601', '94601', 'bad zip!'] }, rules: { timezone: 'Nowhere/Place', min_density: -1 } })).expect(422);
      expect(bad.body.code).toBe('invalid_json_shape');
      expect(bad.body.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['$.zips[1]', '$.zips[2]']));
      const badRules = await adminCall(t.app, ops, 'post', '/admin/v1/regions', body({ rules: { timezone: 'Nowhere/Place', min_density: -1 } })).expect(422);
      expect(badRules.body.problems.map((p: { path: string }) => p.path)).toEqual(['$.timezone', '$.min_density']);
      const notObject = await adminCall(t.app, ops, 'post', '/admin/v1/regions', body({ geometry: ['94601'] })).expect(422);
      expect(notObject.body.fields).toEqual([expect.objectContaining({ field: 'geometry' })]);
      const first = body();
      await adminCall(t.app, ops, 'post', '/admin/v1/regions', first).expect(201);
      expect((await adminCall(t.app, ops, 'post', '/admin/v1/regions', { ...first, displayName: 'Again' }).expect(409)).body.code).toBe('region_slug_taken');
      expect(await auditCount(t.app)).toBe(before + 1);
    });

    it('opening tells each waitlisted member once, those of the catch-all waitlist in its ZIPs too; opening again tells nobody', async () => {
      const created = (await adminCall(t.app, ops, 'post', '/admin/v1/regions', body({ displayName: 'East Bay' })).expect(201)).body;
      const waiting = [await makeMatchable(db, created.id, { membership: 'waitlisted' }), await makeMatchable(db, created.id, { membership: 'waitlisted' })];
      // Someone on the catch-all waitlist whose ZIP the new region covers.
      await db.query(`insert into regions (slug, display_name, state, geometry, rules) values ('waitlist', 'Waitlist', 'waitlisted', '{"zips":[]}', '{"timezone":"UTC"}') on conflict (slug) do nothing`);
      const catchAll = (await one(`select id from regions where slug = 'waitlist'`, [])).id;
      const far = await makeMatchable(db, catchAll, { membership: 'waitlisted' });
      await db.query(`insert into user_postal_codes (user_id, postal_code, country_code) values ($1, '94602', 'US')`, [far.id]);

      const opened = await adminCall(t.app, ops, 'post', `/admin/v1/regions/${created.id}/open`, { reason: 'Launch day' }).expect(200);
      expect(opened.body).toEqual({ regionId: created.id, wasOpen: false, moved: 1, activated: 3, notified: 3 });
      for (const m of [...waiting, far]) {
        expect((await jobsFor(t.app, m.id)).map((j) => j.body)).toEqual(['Good news: JOSH is now open in East Bay! You\'re off the waitlist. We\'ll text you when there\'s a LinkUp that fits you.']);
        expect(await one(`select status from region_memberships where user_id = $1`, [m.id])).toEqual({ status: 'active' });
      }
      expect((await one(`select region_id from users where id = $1`, [far.id])).region_id).toBe(created.id);

      const again = await adminCall(t.app, ops, 'post', `/admin/v1/regions/${created.id}/open`, { reason: 'Launch day, clicked twice' }).expect(200);
      expect(again.body).toMatchObject({ wasOpen: true, activated: 0, notified: 0 });
      for (const m of waiting) expect(await jobsFor(t.app, m.id)).toHaveLength(1);
      expect((await auditRows(t.app, { targetId: created.id })).map((r) => [r.action, r.payload.notified ?? null])).toEqual([
        ['region.created', null], ['region.opened', 3], ['region.opened', 0],
      ]);

      const closed = await adminCall(t.app, ops, 'post', `/admin/v1/regions/${created.id}/close`, { reason: 'Pausing' }).expect(200);
      expect(closed.body).toMatchObject({ changed: true, region: { id: created.id, state: 'closed' } });
      expect((await adminCall(t.app, ops, 'post', `/admin/v1/regions/${created.id}/close`, { reason: 'Pausing' }).expect(200)).body.changed).toBe(false);
      expect((await adminCall(t.app, ops, 'post', `/admin/v1/regions/${catchAll}/open`, { reason: 'Oops' }).expect(409)).body.code).toBe('region_waitlist_not_openable');
    });
  });

  describe('LinkUps', () => {
    it('cancel calls it off: every confirmed member told once by SMS, the pending invite closed; again changes nothing', async () => {
      const group = [await makeMatchable(db, regionId, { firstName: 'Ana' }), await makeMatchable(db, regionId, { firstName: 'Bo' }),
        await makeMatchable(db, regionId, { firstName: 'Cy' })];
      const linkupId = await makeLinkup(db, regionId, group[0].id, { state: 'locked', eventTime: new Date(Date.now() + 2 * 86_400_000) });
      for (const m of group.slice(1)) await addParticipant(db, linkupId, m.id);
      const invitee = await makeMatchable(db, regionId, { firstName: 'Di' });
      await makePendingInvite(db, linkupId, invitee.id);

      const res = await adminCall(t.app, support, 'post', `/admin/v1/linkups/${linkupId}/cancel`, { reason: 'Venue closed for a private event' }).expect(200);
      expect(res.body).toEqual({ changed: true, state: 'canceled', notified: 3 });
      for (const m of group) {
        expect((await jobsFor(t.app, m.id)).map((j) => j.body)).toEqual([expect.stringMatching(/^Coffee on .* was called off\. Sorry! Text LINKUP to plan another\.$/)]);
      }
      expect(await one(`select state from linkup_invites where linkup_id = $1`, [linkupId])).toEqual({ state: 'closed' });
      expect(await one(`select canceled_reason from linkups where id = $1`, [linkupId])).toEqual({ canceled_reason: 'support' });

      const again = await adminCall(t.app, support, 'post', `/admin/v1/linkups/${linkupId}/cancel`, { reason: 'Double click' }).expect(200);
      expect(again.body).toEqual({ changed: false, state: 'canceled', notified: 0 });
      for (const m of group) expect(await jobsFor(t.app, m.id)).toHaveLength(1);

      const detail = (await adminCall(t.app, support, 'get', `/admin/v1/linkups/${linkupId}`).expect(200)).body;
      expect(detail.participants.map((p: { firstName: string; status: string }) => [p.firstName, p.status])).toEqual([['Ana', 'confirmed'], ['Bo', 'confirmed'], ['Cy', 'confirmed']]);
      expect(detail.invites).toEqual([expect.objectContaining({ invitedUserId: invitee.id, state: 'closed', explainability: expect.any(Object) })]);
      expect(detail.events.map((e: { eventType: string }) => e.eventType)).toEqual(expect.arrayContaining(['linkup.canceled', 'invite.closed']));
      expect(detail.linkup).not.toHaveProperty('linkupCreateKey');
    });

    it('lists by region and state, newest first, in pages', async () => {
      const region = await makeRegion(db);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await makeLinkup(db, region, (await makeMatchable(db, region)).id));
      await makeLinkup(db, region, (await makeMatchable(db, region)).id, { state: 'expired' });
      const first = (await adminCall(t.app, support, 'get', `/admin/v1/linkups?regionId=${region}&state=broadcasting&limit=2`).expect(200)).body;
      const second = (await adminCall(t.app, support, 'get', `/admin/v1/linkups?regionId=${region}&state=broadcasting&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
      expect([...first.items, ...second.items].map((l: { id: string }) => l.id)).toEqual([...ids].reverse());
      expect(second.nextCursor).toBeNull();
      expect(first.items[0]).toMatchObject({ activityKey: 'coffee', confirmed: 1, state: 'broadcasting' });
      expect((await adminCall(t.app, support, 'get', '/admin/v1/linkups?state=melted').expect(422)).body.fields[0].field).toBe('state');
    });
  });

  describe('reports and incidents', () => {
    it('upholding a report strikes the reported member (3 points: a soft hold); a second decision the other way is 409', async () => {
      const [reporter, reported] = [await makeMatchable(db, regionId), await makeMatchable(db, regionId)];
      const { id } = await one(`insert into safety_reports (reporter_user_id, reported_user_id, report_type, details) values ($1, $2, 'member_report', '{"text":"no-show and rude"}') returning id`, [reporter.id, reported.id]);
      const listed = (await adminCall(t.app, support, 'get', '/admin/v1/reports?status=open&limit=100').expect(200)).body.items;
      expect(listed.map((r: { id: string }) => r.id)).toContain(id);
      expect((await adminCall(t.app, support, 'patch', `/admin/v1/reports/${id}`, { status: 'reviewing', uphold: true, reason: 'x y z' }).expect(422)).body.fields[0].field).toBe('uphold');

      const upheld = await adminCall(t.app, support, 'patch', `/admin/v1/reports/${id}`, { status: 'resolved', uphold: true, reason: 'Confirmed with the venue' }).expect(200);
      expect(upheld.body).toMatchObject({ changed: true, report: { id, status: 'resolved', details: { resolution: 'upheld' } } });
      const summary = (await adminCall(t.app, support, 'get', `/admin/v1/users/${reported.id}`).expect(200)).body;
      expect(summary).toMatchObject({ strikePoints: 3, hold: { state: 'soft_hold', inForce: true } });
      const before = await auditCount(t.app);
      expect((await adminCall(t.app, support, 'patch', `/admin/v1/reports/${id}`, { status: 'resolved', reason: 'Changed my mind' }).expect(409)).body.code).toBe('safety_report_already_resolved');
      expect(await auditCount(t.app)).toBe(before);
      expect((await auditRows(t.app, { targetId: id })).map((r) => r.action)).toEqual(['safety_report.upheld']);
    });

    it('moves an incident through its statuses and lists by status', async () => {
      const m = await makeMatchable(db, regionId);
      const { id } = await one(`insert into safety_incidents (user_id, incident_type, severity) values ($1, 'severe_report', 4) returning id`, [m.id]);
      await adminCall(t.app, support, 'patch', `/admin/v1/incidents/${id}`, { status: 'reviewing', reason: 'Calling both members' }).expect(200);
      const reviewing = (await adminCall(t.app, support, 'get', '/admin/v1/incidents?status=reviewing').expect(200)).body.items;
      expect(reviewing.map((i: { id: string }) => i.id)).toContain(id);
      const same = await adminCall(t.app, support, 'patch', `/admin/v1/incidents/${id}`, { status: 'reviewing', reason: 'Still calling' }).expect(200);
      expect(same.body.changed).toBe(false);
      expect((await adminCall(t.app, support, 'patch', `/admin/v1/incidents/${id}`, { status: 'closed', reason: 'Done here' }).expect(422)).body.fields[0].field).toBe('status');
    });
  });

  describe('Stripe events', () => {
    async function storeEvent(type: string, object: Record<string, unknown>): Promise<string> {
      const id = `evt_test_${randomUUID().replace(/-/g, '')}`;
      await db.query(`insert into stripe_events (stripe_event_id, event_type, payload) values ($1, $2, $3)`, [id, type, JSON.stringify({ id, type, created: 1, data: { object } })]);
      return id;
    }

    it('a replay that fails again keeps processing_error, answers 500 and audits nothing; a processed one is left alone', async () => {
      const m = await makeMatchable(db, regionId);
      // Free mode: syncing a subscription from Stripe fails (there is no Stripe), like an outage would.
      const failing = await storeEvent('customer.subscription.updated', { id: 'sub_x', customer: 'cus_x', metadata: { user_id: m.id } });
      const before = await auditCount(t.app);
      const res = await adminCall(t.app, engineering, 'post', `/admin/v1/stripe-events/${failing}/replay`, { reason: 'Stripe outage is over' }).expect(500);
      expect(res.body).toEqual({ code: 'stripe_event_failed', message: expect.any(String), stripeEventId: failing, correlationId: expect.any(String) });
      expect(await one(`select processed_at, processing_error from stripe_events where stripe_event_id = $1`, [failing]))
        .toEqual({ processed_at: null, processing_error: expect.stringMatching(/free mode/) });
      expect(await auditCount(t.app)).toBe(before);
      const failed = (await adminCall(t.app, engineering, 'get', '/admin/v1/stripe-events?failed=true&limit=100').expect(200)).body.items;
      expect(failed).toEqual(expect.arrayContaining([expect.objectContaining({ stripeEventId: failing, processingError: expect.stringMatching(/free mode/) })]));

      const fine = await storeEvent('customer.created', { id: 'cus_y' });
      expect((await adminCall(t.app, engineering, 'post', `/admin/v1/stripe-events/${fine}/replay`, { reason: 'Retry' }).expect(200)).body).toEqual({ stripeEventId: fine, outcome: 'processed' });
      expect((await adminCall(t.app, engineering, 'post', `/admin/v1/stripe-events/${fine}/replay`, { reason: 'Retry' }).expect(200)).body.outcome).toBe('already_processed');
      const { id: rowId } = await one(`select id from stripe_events where stripe_event_id = $1`, [fine]);
      expect((await auditRows(t.app, { targetId: rowId })).map((r) => [r.action, r.payload.outcome, r.payload.stripeEventId])).toEqual([
        ['stripe_event.replayed', 'processed', fine], ['stripe_event.replayed', 'already_processed', fine],
      ]);
      expect((await adminCall(t.app, engineering, 'post', '/admin/v1/stripe-events/not-an-event/replay', { reason: 'Retry' }).expect(422)).body.fields[0].field).toBe('id');
    });
  });

  describe('the audit log', () => {
    it('filters by admin, target and action, newest first, in pages', async () => {
      const m = await makeMatchable(db, regionId);
      for (const reason of ['first', 'second', 'third']) {
        await adminCall(t.app, ops, 'post', `/admin/v1/users/${m.id}/suspend`, { reason: `Ticket ${reason}` }).expect(200);
      }
      const page1 = (await adminCall(t.app, ops, 'get', `/admin/v1/audit-log?targetId=${m.id}&limit=2`).expect(200)).body;
      const page2 = (await adminCall(t.app, ops, 'get', `/admin/v1/audit-log?targetId=${m.id}&limit=2&cursor=${page1.nextCursor}`).expect(200)).body;
      expect([...page1.items, ...page2.items].map((r: { reason: string }) => r.reason)).toEqual(['Ticket third', 'Ticket second', 'Ticket first']);
      expect(page2.nextCursor).toBeNull();
      const byAdmin = (await adminCall(t.app, ops, 'get', `/admin/v1/audit-log?adminId=${ops.adminId}&action=user.suspended&limit=100`).expect(200)).body.items;
      expect(byAdmin.length).toBeGreaterThanOrEqual(3);
      expect(byAdmin.every((r: { adminUserId: string; action: string }) => r.adminUserId === ops.adminId && r.action === 'user.suspended')).toBe(true);
      expect((await adminCall(t.app, ops, 'get', `/admin/v1/audit-log?action=${encodeURIComponent("x'; drop table users")}`).expect(422)).body.fields[0].field).toBe('action');
      expect((await adminCall(t.app, ops, 'get', '/admin/v1/audit-log?adminId=42').expect(422)).body.fields[0].field).toBe('adminId');
    });
  });
});
