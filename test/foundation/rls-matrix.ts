import { randomBytes } from 'node:crypto';
import { insert, Row, uniq } from '../support/sql-factories';
import type { World } from './rls-world';

// What a member (role `authenticated`, JWT subject = member A of rls-world.ts) may do to each
// table of `public`, column by column. `anon` may do nothing anywhere. rls-matrix.test.ts tries
// every table x column x verb against this and names the table/column that differs.
//
// ONE ENTRY PER TABLE. The test lists the tables from pg_catalog, so a table without an entry
// fails it. To add a table (see docs/security.md):
//   my_table: { seed: (w) => pair(w, 'my_table', (u) => ({ user_id: u.id, ... })) },
// That is a table members cannot touch at all. Add `select` / `update` / `insert` / `delete`
// only for what the migration grants, with the labels of the seeded rows A may reach.

export interface TableAccess {
  // The column that identifies a row (default 'id').
  key?: string;
  // Rows of A and of others, by label ('A' is member A's row, 'B' member B's).
  seed: (w: World) => Promise<Record<string, Row>>;
  // Columns A may read, and exactly the rows A sees.
  select?: { columns: string[]; rows: string[] };
  // Columns A may change, and the rows an UPDATE reaches.
  update?: { columns: string[]; rows: string[] };
  // Rows A may delete.
  delete?: { rows: string[] };
  // Columns A may write on insert; a row A may insert (exactly those columns) and rows A must
  // not insert (refused by a policy), each named for the attack.
  insert?: { columns: string[]; allowed: (w: World) => Row; refused: (w: World) => Record<string, Row> };
}

const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const json = (v: unknown) => JSON.stringify(v);

// One row for member A ('A') and one for member B ('B').
async function pair(w: World, table: string, row: (u: Row) => Row): Promise<Record<string, Row>> {
  return { A: await insert(w.db, table, row(w.a)), B: await insert(w.db, table, row(w.b)) };
}

const TIMESTAMPS = ['created_at', 'updated_at'];

export const RLS_MATRIX: Record<string, TableAccess> = {
  users: {
    seed: async (w) => ({ A: w.a, B: w.b, C: w.c, D: w.d, E: w.e }),
    select: {
      columns: [
        'id', 'phone_e164', 'first_name', 'last_name', 'birthday', 'email', 'state', 'sms_consent', 'age_consent',
        'terms_consent', 'privacy_consent', 'region_id', 'suspended_at', 'deleted_at', ...TIMESTAMPS,
      ],
      rows: ['A'],
    },
    update: { columns: ['email'], rows: ['A'] },
  },
  otp_sessions: {
    seed: (w) => pair(w, 'otp_sessions', (u) => ({ user_id: u.id, otp_hash: randomBytes(8).toString('hex'), expires_at: at(1) })),
  },
  regions: {
    seed: async (w) => ({ R: w.region }),
  },
  region_memberships: {
    seed: (w) => pair(w, 'region_memberships', (u) => ({ user_id: u.id, region_id: w.region.id, status: 'active' })),
    select: { columns: ['id', 'user_id', 'region_id', 'status', 'joined_at', 'released_at', ...TIMESTAMPS], rows: ['A'] },
  },
  conversation_sessions: {
    seed: (w) => pair(w, 'conversation_sessions', (u) => ({ user_id: u.id, mode: 'safety_hold', state_token: 'hold' })),
    select: { columns: ['id', 'user_id', 'mode', 'expires_at', ...TIMESTAMPS], rows: ['A'] },
  },
  sms_messages: {
    seed: (w) =>
      pair(w, 'sms_messages', (u) => ({
        user_id: u.id, direction: 'in', from_e164: u.phone_e164, to_e164: '+15550000000', twilio_message_sid: uniq('SM'),
      })),
  },
  sms_outbound_jobs: {
    seed: (w) =>
      pair(w, 'sms_outbound_jobs', (u) => ({ user_id: u.id, to_e164: u.phone_e164, purpose: 'otp', idempotency_key: uniq('job-') })),
  },
  sms_opt_outs: {
    key: 'phone_hash',
    seed: (w) =>
      pair(w, 'sms_opt_outs', (u) => ({ phone_hash: u.phone_hash, opted_out_at: at(-1), opt_out_source: 'keyword' })),
  },
  sms_sender_states: {
    key: 'sender',
    seed: async (w) => ({ S: await insert(w.db, 'sms_sender_states', { sender: uniq('+1555') }) }),
  },
  sms_early_status_callbacks: {
    key: 'twilio_message_sid',
    seed: async (w) => ({
      S: await insert(w.db, 'sms_early_status_callbacks', { twilio_message_sid: uniq('SM'), status: 'delivered' }),
    }),
  },
  message_events: {
    seed: (w) => pair(w, 'message_events', (u) => ({ user_id: u.id, event_type: 'inbound', payload: json({}) })),
  },
  profiles: {
    seed: (w) => pair(w, 'profiles', (u) => ({ user_id: u.id, state: 'partial' })),
    select: {
      columns: [
        'id', 'user_id', 'state', 'fingerprint', 'activity_patterns', 'boundaries', 'preferences', 'active_intent',
        'last_interview_step', 'completed_at', 'stale_at', ...TIMESTAMPS,
      ],
      rows: ['A'],
    },
  },
  profile_events: {
    seed: (w) =>
      pair(w, 'profile_events', (u) => ({
        user_id: u.id, event_type: 'answer', source: 'interview', payload: json({}), idempotency_key: uniq('pe-'),
      })),
    select: { columns: ['id', 'user_id', 'event_type', 'source', 'payload', 'created_at'], rows: ['A'] },
  },
  linkups: {
    seed: async (w) => ({ ...w.linkups }),
    select: {
      columns: [
        'id', 'initiator_user_id', 'region_id', 'state', 'brief', 'acceptance_window_ends_at', 'event_time', 'venue',
        'min_size', 'max_size', 'locked_at', 'canceled_reason', ...TIMESTAMPS,
      ],
      // Not `theirs` (A declined the invite) nor `left` (A canceled).
      rows: ['shared', 'done2', 'invited', 'upcoming'],
    },
  },
  linkup_invites: {
    seed: async (w) => ({ ...w.invites }),
    select: {
      columns: [
        'id', 'linkup_id', 'invited_user_id', 'state', 'offered_options', 'selected_option', 'sent_at', 'responded_at',
        'expires_at', 'closed_at', ...TIMESTAMPS,
      ],
      rows: ['a_pending', 'a_declined'],
    },
  },
  linkup_participants: {
    seed: async (w) => ({ ...w.participants }),
    select: {
      columns: ['id', 'linkup_id', 'user_id', 'role', 'status', 'joined_at', 'left_at', ...TIMESTAMPS],
      // Everyone in A's LinkUps, and A's own row where A canceled; not who is in `left` or `theirs`,
      // nor who confirmed `invited` (A is only invited there).
      rows: ['shared:a', 'shared:b', 'done2:c', 'done2:a', 'done2:b', 'done2:d', 'upcoming:b', 'upcoming:a', 'left:a'],
    },
  },
  linkup_reminders: {
    seed: async (w) => ({
      A: await insert(w.db, 'linkup_reminders', {
        linkup_id: w.linkups.shared.id, reminder_type: 'day_before', scheduled_for: at(-48), idempotency_key: uniq('rem-'),
      }),
      B: await insert(w.db, 'linkup_reminders', {
        linkup_id: w.linkups.theirs.id, reminder_type: 'day_before', scheduled_for: at(-48), idempotency_key: uniq('rem-'),
      }),
    }),
  },
  linkup_outcomes: {
    seed: (w) => pair(w, 'linkup_outcomes', (u) => ({ linkup_id: w.linkups.shared.id, user_id: u.id, attendance_response: 'attended' })),
    select: { columns: ['id', 'linkup_id', 'user_id', 'attendance_response', 'do_again', 'feedback', ...TIMESTAMPS], rows: ['A'] },
    update: { columns: ['attendance_response', 'do_again', 'feedback'], rows: ['A'] },
    insert: {
      columns: ['linkup_id', 'user_id', 'attendance_response', 'do_again', 'feedback'],
      allowed: (w) => ({ linkup_id: w.linkups.done2.id, user_id: w.a.id, attendance_response: 'attended', do_again: true, feedback: 'fun' }),
      refused: (w) => ({
        'for a LinkUp A was never in': { linkup_id: w.linkups.theirs.id, user_id: w.a.id, attendance_response: 'attended' },
        'for a LinkUp A left': { linkup_id: w.linkups.left.id, user_id: w.a.id, attendance_response: 'attended' },
        'for a LinkUp A is only invited to': { linkup_id: w.linkups.invited.id, user_id: w.a.id, attendance_response: 'attended' },
        'for a LinkUp that has not happened': { linkup_id: w.linkups.upcoming.id, user_id: w.a.id, attendance_response: 'attended' },
        "in B's name": { linkup_id: w.linkups.done2.id, user_id: w.b.id, attendance_response: 'no_show' },
      }),
    },
  },
  contact_exchange_choices: {
    seed: async (w) => ({
      A: await insert(w.db, 'contact_exchange_choices', { linkup_id: w.linkups.shared.id, chooser_user_id: w.a.id, target_user_id: w.b.id, choice: true }),
      // B's answer about A: never shown to A (a no is never revealed).
      B: await insert(w.db, 'contact_exchange_choices', { linkup_id: w.linkups.shared.id, chooser_user_id: w.b.id, target_user_id: w.a.id, choice: false }),
    }),
    select: { columns: ['id', 'linkup_id', 'chooser_user_id', 'target_user_id', 'choice', ...TIMESTAMPS], rows: ['A'] },
    update: { columns: ['choice'], rows: ['A'] },
    insert: {
      columns: ['linkup_id', 'chooser_user_id', 'target_user_id', 'choice'],
      allowed: (w) => ({ linkup_id: w.linkups.done2.id, chooser_user_id: w.a.id, target_user_id: w.c.id, choice: true }),
      refused: (w) => {
        const choose = (linkup: Row, chooser: Row, target: Row) => ({
          linkup_id: linkup.id, chooser_user_id: chooser.id, target_user_id: target.id, choice: true,
        });
        return {
          'a target who was not in the LinkUp': choose(w.linkups.done2, w.a, w.e),
          'a target who canceled': choose(w.linkups.done2, w.a, w.d),
          'in a LinkUp A was never in': choose(w.linkups.theirs, w.a, w.c),
          'in a LinkUp A left': choose(w.linkups.left, w.a, w.c),
          'in a LinkUp not completed': choose(w.linkups.upcoming, w.a, w.b),
          "in B's name": choose(w.linkups.done2, w.b, w.c),
        };
      },
    },
  },
  contact_exchanges: {
    seed: async (w) => {
      const ordered = (x: Row, y: Row) => (String(x.id) < String(y.id) ? [x.id, y.id] : [y.id, x.id]);
      const [a1, b1] = ordered(w.a, w.b);
      const [b2, c2] = ordered(w.b, w.c);
      return {
        A: await insert(w.db, 'contact_exchanges', { linkup_id: w.linkups.shared.id, user_a_id: a1, user_b_id: b1 }),
        B: await insert(w.db, 'contact_exchanges', { linkup_id: w.linkups.theirs.id, user_a_id: b2, user_b_id: c2 }),
      };
    },
    select: { columns: ['id', 'linkup_id', 'user_a_id', 'user_b_id', 'revealed_at', ...TIMESTAMPS], rows: ['A'] },
  },
  stripe_customers: {
    seed: (w) => pair(w, 'stripe_customers', (u) => ({ user_id: u.id, stripe_customer_id: uniq('cus_') })),
    select: { columns: ['id', 'user_id', 'stripe_customer_id', ...TIMESTAMPS], rows: ['A'] },
  },
  subscriptions: {
    seed: (w) => pair(w, 'subscriptions', (u) => ({ user_id: u.id, state: 'active', last_stripe_event_id: uniq('evt_') })),
    select: {
      columns: [
        'id', 'user_id', 'stripe_subscription_id', 'state', 'current_period_end', 'cancel_at_period_end', 'grace_until', ...TIMESTAMPS,
      ],
      rows: ['A'],
    },
  },
  entitlements: {
    seed: (w) => pair(w, 'entitlements', (u) => ({ user_id: u.id, eligible_to_participate: true })),
    select: {
      columns: ['id', 'user_id', 'eligible_to_participate', 'eligible_to_initiate', 'source', 'effective_at', 'expires_at', ...TIMESTAMPS],
      rows: ['A'],
    },
  },
  stripe_events: {
    seed: async (w) => ({
      E1: await insert(w.db, 'stripe_events', { stripe_event_id: uniq('evt_'), event_type: 'customer.created', payload: json({}) }),
    }),
  },
  safety_holds: {
    seed: (w) => pair(w, 'safety_holds', (u) => ({ user_id: u.id, state: 'soft_hold', reason: 'strikes' })),
  },
  safety_incidents: {
    seed: (w) => pair(w, 'safety_incidents', (u) => ({ user_id: u.id, incident_type: 'report', severity: 3 })),
  },
  safety_reports: {
    seed: async (w) => ({
      A: await insert(w.db, 'safety_reports', { reporter_user_id: w.a.id, reported_user_id: w.b.id, report_type: 'rude' }),
      // B reported A: A must not learn it.
      B: await insert(w.db, 'safety_reports', { reporter_user_id: w.b.id, reported_user_id: w.a.id, report_type: 'rude' }),
    }),
    select: {
      columns: ['id', 'reporter_user_id', 'reported_user_id', 'report_type', 'details', 'status', ...TIMESTAMPS],
      rows: ['A'],
    },
  },
  user_blocks: {
    seed: async (w) => ({
      A: await insert(w.db, 'user_blocks', { blocker_user_id: w.a.id, blocked_user_id: w.c.id }),
      // B blocked A: A must not learn it.
      B: await insert(w.db, 'user_blocks', { blocker_user_id: w.b.id, blocked_user_id: w.a.id }),
    }),
    select: { columns: ['id', 'blocker_user_id', 'blocked_user_id', 'created_at'], rows: ['A'] },
    delete: { rows: ['A'] },
    insert: {
      columns: ['blocker_user_id', 'blocked_user_id'],
      allowed: (w) => ({ blocker_user_id: w.a.id, blocked_user_id: w.d.id }),
      refused: (w) => ({ "in B's name": { blocker_user_id: w.b.id, blocked_user_id: w.d.id } }),
    },
  },
  user_strikes: {
    seed: (w) =>
      pair(w, 'user_strikes', (u) => ({ user_id: u.id, strike_type: 'no_show', points: 1, window_start: at(-1), window_end: at(2000) })),
  },
  admin_users: {
    seed: async (w) => ({ S: await insert(w.db, 'admin_users', { email: `${uniq('ops')}@josh.test`, role: 'ops' }) }),
  },
  admin_api_tokens: {
    seed: async (w) => {
      const admin = await insert(w.db, 'admin_users', { email: `${uniq('support')}@josh.test`, role: 'support' });
      return { T: await insert(w.db, 'admin_api_tokens', { admin_user_id: admin.id, token_hash: randomBytes(32).toString('hex') }) };
    },
  },
  admin_audit_log: {
    seed: (w) => pair(w, 'admin_audit_log', (u) => ({ action: 'view', target_type: 'user', target_id: u.id })),
  },
  domain_events: {
    seed: (w) => pair(w, 'domain_events', (u) => ({ entity_type: 'user', entity_id: u.id, event_type: 'verified' })),
  },
  page_sessions: {
    seed: (w) =>
      pair(w, 'page_sessions', (u) => ({
        user_id: u.id, id_hash: randomBytes(16).toString('hex'), created_at: at(0), last_seen_at: at(0), expires_at: at(1),
      })),
  },
  rate_limit_counters: {
    key: 'key',
    seed: async (w) => ({
      K: await insert(w.db, 'rate_limit_counters', { key: uniq('ip:registration:'), window_start: at(0), hits: 1, expires_at: at(1) }),
    }),
  },
  // Pending registration details and wrong-code counts (issue 18): nobody's to read but the server's.
  registration_verifications: {
    seed: async (w) => {
      const session = async (u: Row) => insert(w.db, 'otp_sessions', { user_id: u.id, otp_hash: randomBytes(8).toString('hex'), expires_at: at(2), verified_at: at(-1) });
      const row = async (u: Row) => insert(w.db, 'registration_verifications', {
        otp_session_id: (await session(u)).id, user_id: u.id, first_name: 'Pending', last_name: 'Member', birthday: '1990-01-01',
        postal_code: '94110', postal_country: 'US',
      });
      return { A: await row(w.a), B: await row(w.b) };
    },
  },
  sweep_runs: {
    seed: async (w) => ({
      S: await insert(w.db, 'sweep_runs', { sweep: 'x', instance: 'h:1:ab', started_at: at(0), finished_at: at(0), outcome: 'ok' }),
    }),
  },
  magic_links: {
    seed: (w) =>
      pair(w, 'magic_links', (u) => ({ user_id: u.id, token_hash: randomBytes(16).toString('hex'), purpose: 'linkup', expires_at: at(1) })),
  },
  user_postal_codes: {
    key: 'user_id',
    seed: (w) => pair(w, 'user_postal_codes', (u) => ({ user_id: u.id, postal_code: '94110', country_code: 'US' })),
    select: { columns: ['user_id', 'postal_code', 'country_code', ...TIMESTAMPS], rows: ['A'] },
  },
  // The migrations table: the migrations' own rows, nobody's to touch but the owner's.
  typeorm_migrations: {
    seed: async (w) => {
      const { rows } = await w.db.query('select * from public.typeorm_migrations order by id limit 1');
      return { first: rows[0] };
    },
  },
};

// Security definer functions members may call (from policies); anon and PUBLIC may call none.
export const MEMBER_FUNCTIONS = [
  'auth_member_in_good_standing',
  'is_linkup_member',
  'auth_can_see_linkup',
  'auth_took_part',
  'auth_can_choose_contact',
];
