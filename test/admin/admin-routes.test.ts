import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ADMIN_ROLES, type AdminRole } from '../../src/modules/admin';
import { startTestApp, type TestApp } from '../support/app';
import { adminCall, type AdminCaller, adminToken, auditCount, auditRows, type Method } from '../support/admin';
import { hold, makeLinkup, makeMatchable, makeRegion } from '../support/linkups-factories';

// Every /admin/v1 route, table-driven from the OpenAPI document: each declares its role, and each
// has a case below (a route added without one fails the first test). For every route: 401 without
// a token (and with an unknown or revoked one), 403 one role below, and the call working for its
// role. For every change: 422 without a reason, the audit row written with the change, and no audit
// row when the change fails.

interface Call {
  path: string;
  body?: Record<string, unknown>;
}

interface RouteCase {
  role: AdminRole;
  status?: number; // of the working call (default 200)
  call: () => Promise<Call>;
  // What the working call did (the change itself, or what a read returned).
  verify: (res: request.Response, call: Call) => Promise<void>;
  // Changes only: the audit row the working call wrote, and a call whose change fails.
  audit?: { action: string; targetType: string; targetId: (res: request.Response, call: Call) => string | null };
  fail?: () => Promise<Call & { status: number }>;
}

const REASON = 'Ticket 1234: checked with the member';
const idIn = (path: string) => path.split('/')[4];

let t: TestApp;
let db: DataSource;
let regionId: string;
const callers = {} as Record<AdminRole, AdminCaller>;

const member = async (o: Parameters<typeof makeMatchable>[2] = {}) => makeMatchable(db, regionId, o);
const one = async (sql: string, params: unknown[]) => (await db.query(sql, params))[0];

async function report(): Promise<string> {
  const [a, b] = [await member(), await member()];
  return (await one(`insert into safety_reports (reporter_user_id, reported_user_id, report_type, details) values ($1, $2, 'member_report', '{"text":"rude"}') returning id`, [a.id, b.id])).id;
}

async function incident(): Promise<string> {
  const m = await member();
  return (await one(`insert into safety_incidents (user_id, incident_type, severity) values ($1, 'severe_report', 4) returning id`, [m.id])).id;
}

async function stripeEvent(type: string, object: Record<string, unknown> = {}): Promise<string> {
  const id = `evt_test_${randomUUID().replace(/-/g, '')}`;
  await db.query(`insert into stripe_events (stripe_event_id, event_type, payload) values ($1, $2, $3)`, [
    id, type, JSON.stringify({ id, type, created: 1, data: { object } }),
  ]);
  return id;
}

async function region(state: 'open' | 'waitlisted' | 'closed'): Promise<string> {
  return makeRegion(db, { state });
}

const ROUTES: Record<string, RouteCase> = {
  'GET /admin/v1/users': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/users?phone=${encodeURIComponent((await member()).phone)}` }),
    verify: async (res) => {
      expect(res.body.items).toHaveLength(1);
      expect(res.body.nextCursor).toBeNull();
    },
  },
  'GET /admin/v1/users/{id}': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/users/${(await member()).id}` }),
    verify: async (res, c) => expect(res.body.id).toBe(idIn(c.path)),
  },
  'POST /admin/v1/users/{id}/holds': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/users/${(await member()).id}/holds`, body: { state: 'soft_hold', reason: REASON } }),
    verify: async (_res, c) => {
      const h = await one(`select state, applied_by_admin from safety_holds where user_id = $1`, [idIn(c.path)]);
      expect(h).toEqual({ state: 'soft_hold', applied_by_admin: callers.support.adminId });
    },
    audit: { action: 'user.hold_applied', targetType: 'user', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/users/${randomUUID()}/holds`, body: { state: 'soft_hold', reason: REASON }, status: 404 }),
  },
  'POST /admin/v1/users/{id}/holds/clear': {
    role: 'support',
    call: async () => {
      const m = await member();
      await hold(db, m.id, 'soft_hold');
      return { path: `/admin/v1/users/${m.id}/holds/clear`, body: { reason: REASON } };
    },
    verify: async (res, c) => {
      expect(res.body.change).toBe('cleared');
      expect((await one(`select cleared_at from safety_holds where user_id = $1`, [idIn(c.path)])).cleared_at).not.toBeNull();
    },
    audit: { action: 'user.hold_cleared', targetType: 'user', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/users/${randomUUID()}/holds/clear`, body: { reason: REASON }, status: 404 }),
  },
  'POST /admin/v1/users/{id}/suspend': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/users/${(await member()).id}/suspend`, body: { reason: REASON } }),
    verify: async (_res, c) => expect((await one(`select state from users where id = $1`, [idIn(c.path)])).state).toBe('suspended'),
    audit: { action: 'user.suspended', targetType: 'user', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/users/${randomUUID()}/suspend`, body: { reason: REASON }, status: 404 }),
  },
  'POST /admin/v1/users/{id}/unsuspend': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/users/${(await member({ state: 'suspended' })).id}/unsuspend`, body: { reason: REASON } }),
    verify: async (_res, c) => expect((await one(`select state from users where id = $1`, [idIn(c.path)])).state).toBe('verified'),
    audit: { action: 'user.unsuspended', targetType: 'user', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/users/${randomUUID()}/unsuspend`, body: { reason: REASON }, status: 404 }),
  },
  'POST /admin/v1/users/{id}/delete': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/users/${(await member()).id}/delete`, body: { reason: REASON } }),
    verify: async (res, c) => {
      expect(res.body).toEqual({ deleted: true });
      expect(await one(`select state, first_name from users where id = $1`, [idIn(c.path)])).toEqual({ state: 'deleted', first_name: '' });
    },
    audit: { action: 'user.deleted', targetType: 'user', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/users/${randomUUID()}/delete`, body: { reason: REASON }, status: 404 }),
  },
  'POST /admin/v1/users/{id}/entitlements': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/users/${(await member({ entitled: false })).id}/entitlements`, body: { participate: true, initiate: false, reason: REASON } }),
    verify: async (res, c) => {
      expect(res.body).toEqual({ participate: true, initiate: false, source: 'admin', expiresAt: null });
      expect(await one(`select eligible_to_participate, eligible_to_initiate, source from entitlements where user_id = $1`, [idIn(c.path)]))
        .toEqual({ eligible_to_participate: true, eligible_to_initiate: false, source: 'admin' });
    },
    audit: { action: 'user.entitlements_granted', targetType: 'user', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/users/${randomUUID()}/entitlements`, body: { participate: true, initiate: true, reason: REASON }, status: 404 }),
  },
  'GET /admin/v1/users/{id}/messages': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/users/${(await member()).id}/messages` }),
    verify: async (res) => expect(res.body).toEqual({ items: [], nextCursor: null }),
  },
  'GET /admin/v1/reports': {
    role: 'support',
    call: async () => {
      await report();
      return { path: '/admin/v1/reports?status=open' };
    },
    verify: async (res) => expect(res.body.items.length).toBeGreaterThan(0),
  },
  'PATCH /admin/v1/reports/{id}': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/reports/${await report()}`, body: { status: 'reviewing', reason: REASON } }),
    verify: async (res, c) => {
      expect(res.body.changed).toBe(true);
      expect((await one(`select status from safety_reports where id = $1`, [idIn(c.path)])).status).toBe('reviewing');
    },
    audit: { action: 'safety_report.status_changed', targetType: 'safety_report', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/reports/${randomUUID()}`, body: { status: 'reviewing', reason: REASON }, status: 404 }),
  },
  'GET /admin/v1/incidents': {
    role: 'support',
    call: async () => {
      await incident();
      return { path: '/admin/v1/incidents?status=open' };
    },
    verify: async (res) => expect(res.body.items.length).toBeGreaterThan(0),
  },
  'PATCH /admin/v1/incidents/{id}': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/incidents/${await incident()}`, body: { status: 'resolved', reason: REASON } }),
    verify: async (_res, c) => expect((await one(`select status from safety_incidents where id = $1`, [idIn(c.path)])).status).toBe('resolved'),
    audit: { action: 'safety_incident.status_changed', targetType: 'safety_incident', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/incidents/${randomUUID()}`, body: { status: 'resolved', reason: REASON }, status: 404 }),
  },
  'GET /admin/v1/linkups': {
    role: 'support',
    call: async () => {
      await makeLinkup(db, regionId, (await member()).id);
      return { path: `/admin/v1/linkups?regionId=${regionId}&state=broadcasting` };
    },
    verify: async (res) => expect(res.body.items.length).toBeGreaterThan(0),
  },
  'GET /admin/v1/linkups/{id}': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/linkups/${await makeLinkup(db, regionId, (await member()).id)}` }),
    verify: async (res, c) => {
      expect(res.body.linkup.id).toBe(idIn(c.path));
      expect(res.body.participants).toHaveLength(1);
    },
  },
  'POST /admin/v1/linkups/{id}/cancel': {
    role: 'support',
    call: async () => ({ path: `/admin/v1/linkups/${await makeLinkup(db, regionId, (await member()).id)}/cancel`, body: { reason: REASON } }),
    verify: async (_res, c) => expect((await one(`select state from linkups where id = $1`, [idIn(c.path)])).state).toBe('canceled'),
    audit: { action: 'linkup.canceled', targetType: 'linkup', targetId: (_r, c) => idIn(c.path) },
    fail: async () => {
      const done = await makeLinkup(db, regionId, (await member()).id, { state: 'completed', eventTime: new Date(Date.now() - 86_400_000) });
      return { path: `/admin/v1/linkups/${done}/cancel`, body: { reason: REASON }, status: 409 };
    },
  },
  'GET /admin/v1/regions': {
    role: 'ops',
    call: async () => {
      for (let i = 0; i < 3; i++) await region('waitlisted');
      return { path: '/admin/v1/regions?limit=2' };
    },
    verify: async (res) => {
      expect(res.body.items).toHaveLength(2);
      expect(res.body.nextCursor).toEqual(expect.any(String));
    },
  },
  'POST /admin/v1/regions': {
    role: 'ops',
    status: 201,
    call: async () => ({
      path: '/admin/v1/regions',
      body: { slug: `r-${randomUUID().slice(0, 8)}`, displayName: 'Oakland', geometry: { zips: ['94601'] }, rules: { timezone: 'America/Los_Angeles' }, reason: REASON },
    }),
    verify: async (res, c) => {
      expect(res.body).toMatchObject({ slug: c.body!.slug, state: 'waitlisted', zipCount: 1 });
      expect((await one(`select state from regions where id = $1`, [res.body.id])).state).toBe('waitlisted');
    },
    audit: { action: 'region.created', targetType: 'region', targetId: (res) => res.body.id },
    fail: async () => ({
      path: '/admin/v1/regions',
      body: { slug: `r-${randomUUID().slice(0, 8)}`, displayName: 'Nowhere', geometry: { zips: ['nope!'] }, rules: { timezone: 'Mars/Olympus' }, reason: REASON },
      status: 422,
    }),
  },
  'POST /admin/v1/regions/{id}/open': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/regions/${await region('waitlisted')}/open`, body: { reason: REASON } }),
    verify: async (_res, c) => expect((await one(`select state from regions where id = $1`, [idIn(c.path)])).state).toBe('open'),
    audit: { action: 'region.opened', targetType: 'region', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/regions/${randomUUID()}/open`, body: { reason: REASON }, status: 404 }),
  },
  'POST /admin/v1/regions/{id}/close': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/regions/${await region('open')}/close`, body: { reason: REASON } }),
    verify: async (_res, c) => expect((await one(`select state from regions where id = $1`, [idIn(c.path)])).state).toBe('closed'),
    audit: { action: 'region.closed', targetType: 'region', targetId: (_r, c) => idIn(c.path) },
    fail: async () => ({ path: `/admin/v1/regions/${randomUUID()}/close`, body: { reason: REASON }, status: 404 }),
  },
  'GET /admin/v1/stripe-events': {
    role: 'engineering',
    call: async () => {
      await stripeEvent('customer.created');
      return { path: '/admin/v1/stripe-events?failed=true' };
    },
    verify: async (res) => expect(res.body.items.length).toBeGreaterThan(0),
  },
  'POST /admin/v1/stripe-events/{id}/replay': {
    role: 'engineering',
    call: async () => ({ path: `/admin/v1/stripe-events/${await stripeEvent('customer.created')}/replay`, body: { reason: REASON } }),
    verify: async (res, c) => {
      expect(res.body.outcome).toBe('processed');
      expect((await one(`select processed_at from stripe_events where stripe_event_id = $1`, [idIn(c.path)])).processed_at).not.toBeNull();
    },
    audit: { action: 'stripe_event.replayed', targetType: 'stripe_event', targetId: () => null },
    fail: async () => ({ path: `/admin/v1/stripe-events/evt_${randomUUID().slice(0, 8)}/replay`, body: { reason: REASON }, status: 404 }),
  },
  'GET /admin/v1/audit-log': {
    role: 'ops',
    call: async () => ({ path: `/admin/v1/audit-log?adminId=${callers.support.adminId}` }),
    verify: async (res) => expect(res.body).toHaveProperty('items'),
  },
};

const below = (role: AdminRole): AdminRole | null => ADMIN_ROLES[ADMIN_ROLES.indexOf(role) - 1] ?? null;
const entries = Object.entries(ROUTES);
const send = (caller: AdminCaller | null, key: string, c: Call) => adminCall(t.app, caller, key.split(' ')[0].toLowerCase() as Method, c.path, c.body);

describe('the admin API, route by route', () => {
  let docs: { paths: Record<string, Record<string, Record<string, any>>> };

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    regionId = await makeRegion(db);
    for (const role of ADMIN_ROLES) callers[role] = await adminToken(t.app, role);
    docs = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('every /admin/v1 route in /docs-json declares its role and the bearer scheme, and has a case in this table', () => {
    const documented = new Map<string, Record<string, any>>();
    for (const [path, ops] of Object.entries(docs.paths)) {
      if (!path.startsWith('/admin/')) continue;
      for (const [method, op] of Object.entries(ops)) documented.set(`${method.toUpperCase()} ${path}`, op);
    }
    expect([...documented.keys()].sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [key, op] of documented) {
      const c = ROUTES[key];
      expect({ key, role: op['x-required-role'] }).toEqual({ key, role: c.role });
      expect(op.description).toContain(`Role: ${c.role} or higher.`);
      expect(op.security).toEqual([{ admin: [] }]);
      expect({ key, audited: op['x-audited'] === true }).toEqual({ key, audited: c.audit !== undefined });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining([String(c.status ?? 200), '401', '403', '422', '429']));
      expect(op.responses[String(c.status ?? 200)].content['application/json'].schema).toBeDefined();
      if (c.audit) {
        // The request body's schema, with its reason (3-500 characters) required.
        const ref: string = op.requestBody.content['application/json'].schema.$ref;
        const schema = (docs as any).components.schemas[ref.split('/').pop()!];
        expect({ key, required: schema.required }).toEqual({ key, required: expect.arrayContaining(['reason']) });
        expect(schema.properties.reason).toMatchObject({ minLength: 3, maxLength: 500 });
      }
    }
    expect(Object.keys((docs as any).components.securitySchemes)).toContain('admin');
  });

  describe.each(entries)('%s', (key, c) => {
    it('401 without a token, with an unknown one and with a revoked one: the same answer', async () => {
      const call = await c.call();
      const none = await send(null, key, call).expect(401);
      expect(none.body).toEqual({ code: 'unauthorized', message: expect.any(String), correlationId: expect.any(String) });
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      const forged = { ...callers.engineering, token: callers.engineering.token.slice(0, -4) + 'AAAA' };
      const unknown = await send(forged, key, call).expect(401);
      const revoked = await adminToken(t.app, 'engineering');
      await db.query(`update admin_api_tokens set revoked_at = now() where id = $1`, [revoked.tokenId]);
      const gone = await send(revoked, key, call).expect(401);
      for (const res of [unknown, gone]) expect({ ...res.body, correlationId: 'x' }).toEqual({ ...none.body, correlationId: 'x' });
    });

    it(`works for its role (${c.role})${c.audit ? ', writing its audit row with the change' : ''}`, async () => {
      const call = await c.call();
      const before = await auditCount(t.app);
      const res = await send(callers[c.role], key, call);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: c.status ?? 200 });
      await c.verify(res, call);
      if (!c.audit) return expect(await auditCount(t.app)).toBe(before);
      expect(await auditCount(t.app)).toBe(before + 1);
      const [row] = (await auditRows(t.app, { action: c.audit.action })).slice(-1);
      expect(row).toMatchObject({ admin_user_id: callers[c.role].adminId, target_type: c.audit.targetType, reason: REASON });
      const target = c.audit.targetId(res, call);
      if (target) expect(row.target_id).toBe(target);
      expect(row.payload).toMatchObject({ tokenId: callers[c.role].tokenId, correlationId: res.headers['x-request-id'] });
    });

    if (!c.audit) {
      it('422 for an unknown query parameter', async () => {
        const call = await c.call();
        const res = await send(callers[c.role], key, { path: `${call.path}${call.path.includes('?') ? '&' : '?'}sneaky=1` }).expect(422);
        expect(res.body.fields).toEqual([expect.objectContaining({ field: 'sneaky', code: 'unknown_field' })]);
      });
    }

    if (c.audit) {
      it('422 without a reason (nothing changed, no audit row), and 422 for an unknown field', async () => {
        const call = await c.call();
        const { reason: _r, ...withoutReason } = call.body!;
        const before = await auditCount(t.app);
        const res = await send(callers[c.role], key, { ...call, body: withoutReason }).expect(422);
        expect(res.body).toMatchObject({ code: 'validation_failed', correlationId: expect.any(String) });
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('reason');
        const short = await send(callers[c.role], key, { ...call, body: { ...call.body, reason: ' ok ' } }).expect(422);
        expect(short.body.fields).toEqual([expect.objectContaining({ field: 'reason', code: 'isLength' })]);
        const extra = await send(callers[c.role], key, { ...call, body: { ...call.body, sneaky: true } }).expect(422);
        expect(extra.body.fields).toEqual([expect.objectContaining({ field: 'sneaky', code: 'unknown_field' })]);
        expect(await auditCount(t.app)).toBe(before);
      });

      it('writes no audit row when the change fails', async () => {
        const { status, ...call } = await c.fail!();
        const before = await auditCount(t.app);
        const res = await send(callers.engineering, key, call);
        expect({ status: res.status, code: res.body.code }).toMatchObject({ status });
        expect(res.body).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), correlationId: expect.any(String) }));
        expect(await auditCount(t.app)).toBe(before);
      });
    }
  });

  describe.each(entries.filter(([, c]) => below(c.role) !== null))('%s', (key, c) => {
    it(`403 for ${below(c.role)}, one role below ${c.role}`, async () => {
      const call = await c.call();
      const before = await auditCount(t.app);
      const res = await send(callers[below(c.role)!], key, call).expect(403);
      expect(res.body).toEqual({ code: 'forbidden', message: expect.stringContaining(c.role), correlationId: expect.any(String) });
      expect(await auditCount(t.app)).toBe(before);
    });
  });
});
