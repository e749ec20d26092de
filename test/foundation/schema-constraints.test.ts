import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { connect, insert, makeLinkup, makeRegion, makeUser, Row, uniq } from '../support/sql-factories';

// Fixtures shared by the tables below: a few users, a region, a LinkUp, an admin.
interface World {
  u1: Row; u2: Row; u3: Row; region: Row; linkup: Row; linkup2: Row; admin: Row;
}

type Build = (w: World) => { table: string; row: Row; again?: Row };

// Each unique constraint: inserting `row` then `again` (default: the same row) must fail on it.
const UNIQUES: Record<string, Build> = {
  users_phone_hash_uniq: () => ({ table: 'users', row: userRow({ phone_hash: 'same-hash' }), again: userRow({ phone_hash: 'same-hash' }) }),
  users_phone_e164_uniq: () => ({ table: 'users', row: userRow({ phone_e164: '+15550009999' }), again: userRow({ phone_e164: '+15550009999' }) }),
  otp_one_active_per_user: (w) => ({ table: 'otp_sessions', row: { user_id: w.u1.id, otp_hash: 'h', expires_at: '2030-01-01', verified_at: '2026-01-01T00:00:00Z' } }),
  otp_sessions_one_active_idx: (w) => ({ table: 'otp_sessions', row: { user_id: w.u1.id, otp_hash: 'h1', expires_at: '2030-01-01' }, again: { user_id: w.u1.id, otp_hash: 'h2', expires_at: '2030-01-01' } }),
  regions_slug_key: () => ({ table: 'regions', row: { slug: 'dup-slug', display_name: 'A', geometry: '{}' } }),
  region_membership_one_active: (w) => ({ table: 'region_memberships', row: { user_id: w.u1.id, region_id: w.region.id, status: 'active' } }),
  conversation_one_per_user: (w) => ({ table: 'conversation_sessions', row: { user_id: w.u1.id } }),
  sms_messages_twilio_sid_uniq: () => ({ table: 'sms_messages', row: { direction: 'in', from_e164: '+15550001111', to_e164: '+15550002222', twilio_message_sid: 'SMdup' } }),
  sms_outbound_idem_uniq: () => ({ table: 'sms_outbound_jobs', row: { to_e164: '+15550001111', purpose: 'reply', idempotency_key: 'reply:dup' } }),
  profiles_user_uniq: (w) => ({ table: 'profiles', row: { user_id: w.u1.id } }),
  profile_events_idem_uniq: (w) => ({ table: 'profile_events', row: { user_id: w.u1.id, event_type: 'x', source: 'test', payload: '{}', idempotency_key: 'interview:SMdup' } }),
  linkups_create_key_uniq: (w) => ({ table: 'linkups', row: { initiator_user_id: w.u1.id, region_id: w.region.id, brief: '{}', linkup_create_key: 'create:dup' } }),
  linkup_invites_once: (w) => ({
    table: 'linkup_invites',
    row: { linkup_id: w.linkup.id, invited_user_id: w.u2.id, state: 'declined', idempotency_key: 'inv-a' },
    again: { linkup_id: w.linkup.id, invited_user_id: w.u2.id, state: 'declined', idempotency_key: 'inv-b' },
  }),
  linkup_invites_idem_uniq: (w) => ({
    table: 'linkup_invites',
    row: { linkup_id: w.linkup.id, invited_user_id: w.u2.id, state: 'declined', idempotency_key: 'inv-same' },
    again: { linkup_id: w.linkup2.id, invited_user_id: w.u3.id, state: 'declined', idempotency_key: 'inv-same' },
  }),
  linkup_invites_one_pending_idx: (w) => ({
    table: 'linkup_invites',
    row: { linkup_id: w.linkup.id, invited_user_id: w.u2.id, state: 'pending', idempotency_key: 'p-1' },
    again: { linkup_id: w.linkup2.id, invited_user_id: w.u2.id, state: 'pending', idempotency_key: 'p-2' },
  }),
  linkup_participants_once: (w) => ({ table: 'linkup_participants', row: { linkup_id: w.linkup.id, user_id: w.u2.id, role: 'participant' } }),
  linkup_reminders_idem_uniq: (w) => ({ table: 'linkup_reminders', row: { linkup_id: w.linkup.id, reminder_type: '24h', scheduled_for: '2030-01-01', idempotency_key: 'rem:dup' } }),
  linkup_outcomes_once: (w) => ({ table: 'linkup_outcomes', row: { linkup_id: w.linkup.id, user_id: w.u2.id } }),
  contact_choice_once: (w) => ({ table: 'contact_exchange_choices', row: { linkup_id: w.linkup.id, chooser_user_id: w.u1.id, target_user_id: w.u2.id, choice: true } }),
  contact_exchange_pair_once: (w) => ({ table: 'contact_exchanges', row: { linkup_id: w.linkup.id, ...orderedPair(w.u1, w.u2) } }),
  stripe_customers_user_uniq: (w) => ({ table: 'stripe_customers', row: { user_id: w.u1.id, stripe_customer_id: 'cus_a' }, again: { user_id: w.u1.id, stripe_customer_id: 'cus_b' } }),
  stripe_customers_cust_uniq: (w) => ({ table: 'stripe_customers', row: { user_id: w.u1.id, stripe_customer_id: 'cus_same' }, again: { user_id: w.u2.id, stripe_customer_id: 'cus_same' } }),
  subscriptions_user_uniq: (w) => ({ table: 'subscriptions', row: { user_id: w.u1.id } }),
  entitlements_user_uniq: (w) => ({ table: 'entitlements', row: { user_id: w.u1.id } }),
  stripe_events_event_uniq: () => ({ table: 'stripe_events', row: { stripe_event_id: 'evt_dup', event_type: 'x', payload: '{}' } }),
  safety_holds_user_uniq: (w) => ({ table: 'safety_holds', row: { user_id: w.u1.id } }),
  user_blocks_once: (w) => ({ table: 'user_blocks', row: { blocker_user_id: w.u1.id, blocked_user_id: w.u2.id } }),
  admin_users_email_key: () => ({ table: 'admin_users', row: { email: 'Ops@Example.com', role: 'ops' }, again: { email: 'ops@example.COM', role: 'support' } }),
  domain_events_idem_uniq: (w) => ({ table: 'domain_events', row: { entity_type: 'linkup', entity_id: w.linkup.id, event_type: 'locked', idempotency_key: 'lock:dup' } }),
  magic_links_token_uniq: (w) => ({ table: 'magic_links', row: { user_id: w.u1.id, token_hash: 'tok', purpose: 'linkup', expires_at: '2030-01-01' } }),
  page_sessions_id_hash_uniq: (w) => ({
    table: 'page_sessions',
    row: { user_id: w.u1.id, id_hash: 'same', created_at: '2030-01-01', last_seen_at: '2030-01-01', expires_at: '2030-01-01' },
    again: { user_id: w.u2.id, id_hash: 'same', created_at: '2030-01-01', last_seen_at: '2030-01-01', expires_at: '2030-01-01' },
  }),
  rate_limit_counters_pkey: () => ({ table: 'rate_limit_counters', row: { key: 'ip:x', window_start: '2030-01-01', hits: 1, expires_at: '2030-01-02' } }),
  admin_api_tokens_hash_uniq: (w) => ({ table: 'admin_api_tokens', row: { admin_user_id: w.admin.id, token_hash: 'a'.repeat(64) } }),
};

// Each check constraint: this row must be refused by it.
const CHECKS: Record<string, Build> = {
  otp_sessions_attempts_chk: (w) => ({ table: 'otp_sessions', row: { user_id: w.u1.id, otp_hash: 'h', expires_at: '2030-01-01', attempts: -1 } }),
  registration_verifications_attempts_chk: (w) => ({
    table: 'registration_verifications',
    row: { otp_session_id: '00000000-0000-4000-8000-000000000000', user_id: w.u1.id, first_name: 'A', last_name: 'B', birthday: '1990-01-01', postal_code: '94110', postal_country: 'US', attempts: -1 },
  }),
  region_memberships_status_check: (w) => ({ table: 'region_memberships', row: { user_id: w.u1.id, region_id: w.region.id, status: 'pending' } }),
  sms_messages_media_count_chk: () => ({ table: 'sms_messages', row: { direction: 'in', from_e164: 'a', to_e164: 'b', twilio_message_sid: uniq('SM'), media_count: -1 } }),
  sms_messages_direction_check: () => ({ table: 'sms_messages', row: { direction: 'sideways', from_e164: 'a', to_e164: 'b', twilio_message_sid: uniq('SM') } }),
  sms_outbound_jobs_attempts_chk: () => ({ table: 'sms_outbound_jobs', row: { to_e164: 'a', purpose: 'x', idempotency_key: uniq(), attempts: -1 } }),
  sms_outbound_jobs_status_check: () => ({ table: 'sms_outbound_jobs', row: { to_e164: 'a', purpose: 'x', idempotency_key: uniq(), status: 'queued' } }),
  linkups_size_chk: (w) => ({ table: 'linkups', row: { initiator_user_id: w.u1.id, region_id: w.region.id, brief: '{}', linkup_create_key: uniq(), min_size: 2, max_size: 7 } }),
  linkup_participants_status_check: (w) => ({ table: 'linkup_participants', row: { linkup_id: w.linkup.id, user_id: w.u3.id, role: 'participant', status: 'maybe' } }),
  linkup_participants_role_check: (w) => ({ table: 'linkup_participants', row: { linkup_id: w.linkup.id, user_id: w.u3.id, role: 'host' } }),
  linkup_reminders_status_check: (w) => ({ table: 'linkup_reminders', row: { linkup_id: w.linkup.id, reminder_type: '2h', scheduled_for: '2030-01-01', idempotency_key: uniq(), status: 'queued' } }),
  linkup_outcomes_attendance_response_check: (w) => ({ table: 'linkup_outcomes', row: { linkup_id: w.linkup.id, user_id: w.u3.id, attendance_response: 'late' } }),
  contact_choices_no_self_chk: (w) => ({ table: 'contact_exchange_choices', row: { linkup_id: w.linkup.id, chooser_user_id: w.u1.id, target_user_id: w.u1.id, choice: true } }),
  contact_exchanges_pair_order_chk: (w) => {
    const { user_a_id, user_b_id } = orderedPair(w.u1, w.u2);
    return { table: 'contact_exchanges', row: { linkup_id: w.linkup.id, user_a_id: user_b_id, user_b_id: user_a_id } };
  },
  safety_incidents_status_check: () => ({ table: 'safety_incidents', row: { incident_type: 'x', severity: 3, status: 'closed' } }),
  safety_incidents_severity_chk: () => ({ table: 'safety_incidents', row: { incident_type: 'x', severity: 6 } }),
  safety_reports_status_check: () => ({ table: 'safety_reports', row: { report_type: 'x', status: 'closed' } }),
  user_blocks_no_self_chk: (w) => ({ table: 'user_blocks', row: { blocker_user_id: w.u1.id, blocked_user_id: w.u1.id } }),
  user_strikes_window_chk: (w) => ({ table: 'user_strikes', row: { user_id: w.u1.id, strike_type: 'no_show', points: 1, window_start: '2026-02-01', window_end: '2026-01-01' } }),
  user_strikes_points_chk: (w) => ({ table: 'user_strikes', row: { user_id: w.u1.id, strike_type: 'no_show', points: 0, window_start: '2026-01-01', window_end: '2026-02-01' } }),
  admin_users_role_check: () => ({ table: 'admin_users', row: { email: `${uniq()}@example.com`, role: 'root' } }),
  sms_opt_outs_source_check: () => ({ table: 'sms_opt_outs', row: { phone_hash: uniq('h-'), opted_out_at: '2026-01-01', opt_out_source: 'pigeon' } }),
  sms_opt_outs_source_chk: () => ({ table: 'sms_opt_outs', row: { phone_hash: uniq('h-'), opted_out_at: '2026-01-01' } }),
  sms_opt_outs_undeliverable_chk: () => ({ table: 'sms_opt_outs', row: { phone_hash: uniq('h-'), undeliverable_at: '2026-01-01' } }),
  sms_sender_states_pause_chk: () => ({ table: 'sms_sender_states', row: { sender: uniq('+1'), paused_code: '30034' } }),
  // A SHA-256 in lower-case hex, never the token itself.
  admin_api_tokens_hash_chk: (w) => ({ table: 'admin_api_tokens', row: { admin_user_id: w.admin.id, token_hash: 'josh_admin_plaintext' } }),
  sweep_runs_outcome_check: () => ({ table: 'sweep_runs', row: { sweep: 'x', instance: 'h:1', started_at: '2026-01-01', finished_at: '2026-01-01', outcome: 'maybe' } }),
  sweep_runs_items_chk: () => ({ table: 'sweep_runs', row: { sweep: 'x', instance: 'h:1', started_at: '2026-01-01', finished_at: '2026-01-01', outcome: 'ok', items: -1 } }),
};

// Each enum column: an unknown label is refused; the labels are schema.md's, in its order.
const ENUMS: Record<string, { labels: string[]; table: string; column: string; row: (w: World) => Row }> = {
  user_state: { labels: ['unverified', 'verified', 'interviewing', 'active', 'suspended', 'deleted'], table: 'users', column: 'state', row: () => userRow({}) },
  profile_state: { labels: ['empty', 'partial', 'complete_mvp', 'complete_full', 'stale'], table: 'profiles', column: 'state', row: (w) => ({ user_id: w.u3.id }) },
  conversation_mode: { labels: ['idle', 'interviewing', 'linkup_forming', 'awaiting_invite_reply', 'safety_hold'], table: 'conversation_sessions', column: 'mode', row: (w) => ({ user_id: w.u3.id }) },
  linkup_state: { labels: ['draft', 'broadcasting', 'locked', 'completed', 'expired', 'canceled'], table: 'linkups', column: 'state', row: (w) => ({ initiator_user_id: w.u1.id, region_id: w.region.id, brief: '{}', linkup_create_key: uniq() }) },
  invite_state: { labels: ['pending', 'accepted', 'declined', 'expired', 'closed'], table: 'linkup_invites', column: 'state', row: (w) => ({ linkup_id: w.linkup2.id, invited_user_id: w.u3.id, idempotency_key: uniq() }) },
  subscription_state: { labels: ['none', 'trialing', 'active', 'past_due', 'canceled', 'unpaid'], table: 'subscriptions', column: 'state', row: (w) => ({ user_id: w.u3.id }) },
  safety_hold_state: { labels: ['none', 'soft_hold', 'hard_hold'], table: 'safety_holds', column: 'state', row: (w) => ({ user_id: w.u3.id }) },
  region_state: { labels: ['open', 'waitlisted', 'closed'], table: 'regions', column: 'state', row: () => ({ slug: uniq(), display_name: 'x', geometry: '{}' }) },
};

let phoneSeq = 0;
function userRow(over: Row): Row {
  phoneSeq += 1;
  return {
    phone_e164: `+1555777${String(phoneSeq).padStart(4, '0')}`,
    phone_hash: uniq('hash-'),
    first_name: 'A', last_name: 'B', birthday: '1990-01-01',
    sms_consent: true, age_consent: true, terms_consent: true, privacy_consent: true,
    ...over,
  };
}

function orderedPair(a: Row, b: Row): { user_a_id: unknown; user_b_id: unknown } {
  const [x, y] = [String(a.id), String(b.id)].sort();
  return { user_a_id: x, user_b_id: y };
}

async function violation(db: Client, fn: () => Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  await db.query('savepoint t');
  try {
    await fn();
  } catch (err) {
    await db.query('rollback to savepoint t');
    const e = err as { code?: string; constraint?: string };
    return { code: e.code, constraint: e.constraint };
  }
  await db.query('rollback to savepoint t');
  return {};
}

describe('schema constraints (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let db: Client;
  let w: World;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = await connect(tdb.url);
    const [u1, u2, u3] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    const region = await makeRegion(db);
    const admin = await insert(db, 'admin_users', { email: `${uniq()}@josh.test`, role: 'support' });
    w = { u1, u2, u3, region, linkup: await makeLinkup(db, u1.id, region.id), linkup2: await makeLinkup(db, u2.id, region.id), admin };
    await db.query('begin');
  });

  afterAll(async () => {
    await db?.query('rollback').catch(() => undefined);
    await db?.end();
    await tdb?.drop();
  });

  it.each(Object.keys(UNIQUES))('unique %s rejects a duplicate', async (name) => {
    const { table, row, again } = UNIQUES[name](w);
    const result = await violation(db, async () => {
      await insert(db, table, row);
      await insert(db, table, again ?? row);
    });
    expect(result).toEqual({ code: '23505', constraint: name });
  });

  it.each(Object.keys(CHECKS))('check %s rejects a bad value', async (name) => {
    const { table, row } = CHECKS[name](w);
    expect(await violation(db, () => insert(db, table, row))).toEqual({ code: '23514', constraint: name });
  });

  it.each(Object.keys(ENUMS))('enum %s has the documented labels and rejects an unknown one', async (name) => {
    const spec = ENUMS[name];
    const { rows } = await db.query(
      `select array_agg(e.enumlabel::text order by e.enumsortorder) as labels
         from pg_enum e join pg_type t on t.oid = e.enumtypid
        where t.typname = $1 and t.typnamespace = 'public'::regnamespace`,
      [name],
    );
    expect(rows[0].labels).toEqual(spec.labels);
    const bad = await violation(db, () => insert(db, spec.table, { ...spec.row(w), [spec.column]: 'no_such_label' }));
    expect(bad.code).toBe('22P02'); // invalid input value for enum
    const good = await violation(db, () => insert(db, spec.table, { ...spec.row(w), [spec.column]: spec.labels[spec.labels.length - 1] }));
    expect(good).toEqual({});
  });

  it('covers every unique and check constraint of the schema tables', async () => {
    const { rows } = await db.query(
      `select conname from pg_constraint c join pg_class t on t.oid = c.conrelid
        where c.connamespace = 'public'::regnamespace and c.contype in ('u','c') and t.relname = any($1)
       union
       select i.relname from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        where i.relnamespace = 'public'::regnamespace and x.indisunique and not x.indisprimary and t.relname = any($1)
          and not exists (select 1 from pg_constraint where conindid = x.indexrelid)`,
      [SCHEMA_TABLES],
    );
    const tested = new Set([...Object.keys(UNIQUES), ...Object.keys(CHECKS)]);
    expect(rows.map((r) => r.conname).filter((n: string) => !tested.has(n)).sort()).toEqual([]);
  });

  it('keeps updated_at current through the trigger on every table that has it', async () => {
    const { rows: tables } = await db.query(
      `select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'updated_at' and table_name = any($1) order by 1`,
      [SCHEMA_TABLES],
    );
    expect(tables.length).toBe(22);
    const { rows: triggers } = await db.query(
      `select c.relname from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_proc p on p.oid = g.tgfoid
        where not g.tgisinternal and p.proname = 'set_updated_at' and c.relname = any($1)`,
      [SCHEMA_TABLES],
    );
    expect(triggers.map((r) => r.relname).sort()).toEqual(tables.map((r) => r.table_name).sort());
    // And it moves: now() is the transaction start, so commit between the two writes.
    await db.query('rollback');
    const user = await makeUser(db);
    const before = (await db.query('select updated_at from users where id = $1', [user.id])).rows[0].updated_at as Date;
    await new Promise((r) => setTimeout(r, 20));
    await db.query(`update users set first_name = 'Changed', updated_at = $2 where id = $1`, [user.id, before]);
    const after = (await db.query('select updated_at from users where id = $1', [user.id])).rows[0].updated_at as Date;
    // The trigger wins even over an explicit attempt to keep the old value.
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    await db.query('begin');
  });
});

const SCHEMA_TABLES = [
  'users', 'otp_sessions', 'regions', 'region_memberships', 'conversation_sessions', 'sms_messages',
  'sms_outbound_jobs', 'message_events', 'profiles', 'profile_events', 'linkups', 'linkup_invites',
  'linkup_participants', 'linkup_reminders', 'linkup_outcomes', 'contact_exchange_choices', 'contact_exchanges',
  'stripe_customers', 'subscriptions', 'entitlements', 'stripe_events', 'safety_holds', 'safety_incidents',
  'safety_reports', 'user_blocks', 'user_strikes', 'admin_users', 'admin_audit_log', 'domain_events', 'magic_links',
  'page_sessions', 'rate_limit_counters', 'admin_api_tokens',
];
