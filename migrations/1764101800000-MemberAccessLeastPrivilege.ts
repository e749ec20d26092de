import { MigrationInterface, QueryRunner } from 'typeorm';

// Least privilege for Supabase clients (roles `anon` and `authenticated`). Until now RLS only
// checked ownership: a member could rewrite any column of their own row (a suspended member could
// set `state = 'active'`), and `anon` held SELECT on every table. Now:
// - anon and authenticated lose every privilege on every table of `public` (including
//   typeorm_migrations and tables added by earlier migrations of other issues); authenticated
//   gets back only the column grants below. New columns are therefore never readable or writable
//   by members until a migration grants them.
// - RLS is enabled on every table of `public`, typeorm_migrations included. The app connects as
//   the tables' owner, which RLS does not apply to, so migrations and the app are unaffected.
// - Write policies require a member in good standing, and rows that name a LinkUp are checked
//   against the member's part in it (security definer helpers below).
// docs/security.md has the matrix; test/foundation/rls-matrix.ts enforces it per table and column.

// What `authenticated` may touch, column by column. Tables not listed: nothing.
const MEMBER_GRANTS: Record<string, { select?: string[]; insert?: string[]; update?: string[]; delete?: true }> = {
  users: {
    // Not phone_hash (a peppered HMAC, of no use to the member).
    select: [
      'id', 'phone_e164', 'first_name', 'last_name', 'birthday', 'email', 'state', 'sms_consent', 'age_consent',
      'terms_consent', 'privacy_consent', 'region_id', 'suspended_at', 'deleted_at', 'created_at', 'updated_at',
    ],
    // Names reach other members in SMS and consents/state/phone drive the service: those change
    // only through validated server routes. The email is the member's own business.
    update: ['email'],
  },
  region_memberships: {
    select: ['id', 'user_id', 'region_id', 'status', 'joined_at', 'released_at', 'created_at', 'updated_at'],
  },
  // The conversation state machine is the server's: read the mode, never write it (a member
  // leaving `safety_hold` by an UPDATE was possible).
  conversation_sessions: { select: ['id', 'user_id', 'mode', 'expires_at', 'created_at', 'updated_at'] },
  // Profiles are derived by the interview and matching reads them: read-only for the member.
  profiles: {
    select: [
      'id', 'user_id', 'state', 'fingerprint', 'activity_patterns', 'boundaries', 'preferences', 'active_intent',
      'last_interview_step', 'completed_at', 'stale_at', 'created_at', 'updated_at',
    ],
  },
  profile_events: { select: ['id', 'user_id', 'event_type', 'source', 'payload', 'created_at'] },
  // Not the plumbing (lock_version, create key, correlation id, wave schedule).
  linkups: {
    select: [
      'id', 'initiator_user_id', 'region_id', 'state', 'brief', 'acceptance_window_ends_at', 'event_time', 'venue',
      'min_size', 'max_size', 'locked_at', 'canceled_reason', 'created_at', 'updated_at',
    ],
  },
  // Not why matching chose them (explainability), nor idempotency keys and message SIDs.
  linkup_invites: {
    select: [
      'id', 'linkup_id', 'invited_user_id', 'state', 'offered_options', 'selected_option', 'sent_at', 'responded_at',
      'expires_at', 'closed_at', 'created_at', 'updated_at',
    ],
  },
  linkup_participants: {
    select: ['id', 'linkup_id', 'user_id', 'role', 'status', 'joined_at', 'left_at', 'created_at', 'updated_at'],
  },
  linkup_outcomes: {
    select: ['id', 'linkup_id', 'user_id', 'attendance_response', 'do_again', 'feedback', 'created_at', 'updated_at'],
    insert: ['linkup_id', 'user_id', 'attendance_response', 'do_again', 'feedback'],
    update: ['attendance_response', 'do_again', 'feedback'],
  },
  contact_exchange_choices: {
    select: ['id', 'linkup_id', 'chooser_user_id', 'target_user_id', 'choice', 'created_at', 'updated_at'],
    insert: ['linkup_id', 'chooser_user_id', 'target_user_id', 'choice'],
    update: ['choice'],
  },
  contact_exchanges: { select: ['id', 'linkup_id', 'user_a_id', 'user_b_id', 'revealed_at', 'created_at', 'updated_at'] },
  stripe_customers: { select: ['id', 'user_id', 'stripe_customer_id', 'created_at', 'updated_at'] },
  subscriptions: {
    select: [
      'id', 'user_id', 'stripe_subscription_id', 'state', 'current_period_end', 'cancel_at_period_end', 'grace_until',
      'created_at', 'updated_at',
    ],
  },
  entitlements: {
    select: [
      'id', 'user_id', 'eligible_to_participate', 'eligible_to_initiate', 'source', 'effective_at', 'expires_at',
      'created_at', 'updated_at',
    ],
  },
  // Reports are filed by SMS (REPORT), which also raises incidents and holds; a row inserted
  // directly would do neither, so members only read their own.
  safety_reports: {
    select: ['id', 'reporter_user_id', 'reported_user_id', 'report_type', 'details', 'status', 'created_at', 'updated_at'],
  },
  user_blocks: {
    select: ['id', 'blocker_user_id', 'blocked_user_id', 'created_at'],
    insert: ['blocker_user_id', 'blocked_user_id'],
    delete: true,
  },
  user_postal_codes: { select: ['user_id', 'postal_code', 'country_code', 'created_at', 'updated_at'] },
};

// Security definer: they read users/linkups/participants as the owner, so policies neither
// re-enter RLS nor need column grants the member does not have. Each asks only about the caller
// (auth.uid()), so calling one directly reveals nothing the member cannot already see.
const HELPERS: Array<[string, string]> = [
  [
    'auth_member_in_good_standing()',
    `select exists (
      select 1 from public.users u
      where u.id = auth.uid() and u.state in ('verified', 'interviewing', 'active')
        and u.suspended_at is null and u.deleted_at is null
    )`,
  ],
  // Replaces the InitialSchema version: a participant who canceled is no longer a member.
  [
    'is_linkup_member(linkup uuid)',
    `select exists (select 1 from public.linkups l where l.id = linkup and l.initiator_user_id = auth.uid())
      or exists (
        select 1 from public.linkup_participants p
        where p.linkup_id = linkup and p.user_id = auth.uid() and p.status <> 'canceled'
      )`,
  ],
  // schema.md's read rule, with "invitee" meaning a pending invite (not a declined or expired one).
  [
    'auth_can_see_linkup(linkup uuid)',
    `select public.is_linkup_member(linkup) or exists (
      select 1 from public.linkup_invites i
      where i.linkup_id = linkup and i.invited_user_id = auth.uid() and i.state = 'pending'
    )`,
  ],
  // An outcome: the caller was in a LinkUp that took place (locked or completed, event passed).
  [
    'auth_took_part(linkup uuid)',
    `select exists (
      select 1 from public.linkups l
      join public.linkup_participants p on p.linkup_id = l.id and p.user_id = auth.uid()
      where l.id = linkup and p.status in ('confirmed', 'attended', 'no_show')
        and l.state in ('locked', 'completed') and l.event_time <= now()
    )`,
  ],
  // A contact choice: the caller attended the completed LinkUp and the target is another
  // participant of it who did not cancel or miss it.
  [
    'auth_can_choose_contact(linkup uuid, target uuid)',
    `select exists (
      select 1 from public.linkups l
      join public.linkup_participants me on me.linkup_id = l.id and me.user_id = auth.uid() and me.status = 'attended'
      join public.linkup_participants them on them.linkup_id = l.id and them.user_id = target
        and them.status in ('confirmed', 'attended')
      where l.id = linkup and l.state = 'completed' and target <> auth.uid()
    )`,
  ],
];

const NEW_HELPERS = ['auth_member_in_good_standing()', 'auth_can_see_linkup(uuid)', 'auth_took_part(uuid)', 'auth_can_choose_contact(uuid, uuid)'];

const GOOD = 'public.auth_member_in_good_standing()';
const OUTCOME_RULE = `user_id = auth.uid() and ${GOOD} and public.auth_took_part(linkup_id)`;
const CHOICE_RULE = `chooser_user_id = auth.uid() and ${GOOD} and public.auth_can_choose_contact(linkup_id, target_user_id)`;

// Policies replaced or dropped; every other InitialSchema policy stays as it was.
const NEW_POLICIES: string[] = [
  `create policy users_update_own on public.users for update
    using (id = auth.uid() and ${GOOD}) with check (id = auth.uid() and ${GOOD})`,
  `create policy linkups_select_member on public.linkups for select using (public.auth_can_see_linkup(id))`,
  `create policy linkup_participants_select_member on public.linkup_participants for select
    using (user_id = auth.uid() or public.is_linkup_member(linkup_id))`,
  `create policy linkup_outcomes_insert_own on public.linkup_outcomes for insert with check (${OUTCOME_RULE})`,
  `create policy linkup_outcomes_update_own on public.linkup_outcomes for update using (${OUTCOME_RULE}) with check (${OUTCOME_RULE})`,
  `create policy contact_exchange_choices_insert_own on public.contact_exchange_choices for insert with check (${CHOICE_RULE})`,
  `create policy contact_exchange_choices_update_own on public.contact_exchange_choices for update
    using (${CHOICE_RULE}) with check (${CHOICE_RULE})`,
];

const REPLACED_POLICIES: Array<[string, string]> = [
  ['users_update_own', 'users'],
  ['linkups_select_member', 'linkups'],
  ['linkup_participants_select_member', 'linkup_participants'],
  ['linkup_outcomes_insert_own', 'linkup_outcomes'],
  ['linkup_outcomes_update_own', 'linkup_outcomes'],
  ['contact_exchange_choices_insert_own', 'contact_exchange_choices'],
  ['contact_exchange_choices_update_own', 'contact_exchange_choices'],
];

// Writes members no longer have a grant for; without the grant the policy is dead weight.
const DROPPED_POLICIES: Array<[string, string]> = [
  ['conversation_sessions_insert_own', 'conversation_sessions'],
  ['conversation_sessions_update_own', 'conversation_sessions'],
  ['profiles_insert_own', 'profiles'],
  ['profiles_update_own', 'profiles'],
  ['safety_reports_insert_own', 'safety_reports'],
];

// Every table of public not owned by an extension (tables of other issues' migrations included).
const ENABLE_RLS_EVERYWHERE = `do $do$
declare r record;
begin
  for r in
    select c.oid::regclass as tbl from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
      and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  loop
    execute format('alter table %s enable row level security', r.tbl);
  end loop;
end
$do$`;

function grantStatements(): string[] {
  const out: string[] = [];
  for (const [table, g] of Object.entries(MEMBER_GRANTS)) {
    if (g.select) out.push(`grant select (${g.select.join(', ')}) on public.${table} to authenticated`);
    if (g.insert) out.push(`grant insert (${g.insert.join(', ')}) on public.${table} to authenticated`);
    if (g.update) out.push(`grant update (${g.update.join(', ')}) on public.${table} to authenticated`);
    if (g.delete) out.push(`grant delete on public.${table} to authenticated`);
  }
  return out;
}

// ---- down: InitialSchema's and RegistrationSupport's state, exactly ----
const INITIAL_TABLES = [
  'users', 'otp_sessions', 'regions', 'region_memberships', 'conversation_sessions', 'sms_messages',
  'sms_outbound_jobs', 'message_events', 'profiles', 'profile_events', 'linkups', 'linkup_invites',
  'linkup_participants', 'linkup_reminders', 'linkup_outcomes', 'contact_exchange_choices', 'contact_exchanges',
  'stripe_customers', 'subscriptions', 'entitlements', 'stripe_events', 'safety_holds', 'safety_incidents',
  'safety_reports', 'user_blocks', 'user_strikes', 'admin_users', 'admin_audit_log', 'domain_events', 'magic_links',
  'user_postal_codes',
];

const OLD_POLICIES: string[] = [
  `create policy users_update_own on public.users for update using (id = auth.uid()) with check (id = auth.uid())`,
  `create policy conversation_sessions_insert_own on public.conversation_sessions for insert with check (user_id = auth.uid())`,
  `create policy conversation_sessions_update_own on public.conversation_sessions for update using (user_id = auth.uid()) with check (user_id = auth.uid())`,
  `create policy profiles_insert_own on public.profiles for insert with check (user_id = auth.uid())`,
  `create policy profiles_update_own on public.profiles for update using (user_id = auth.uid()) with check (user_id = auth.uid())`,
  `create policy linkups_select_member on public.linkups for select using (
    exists (select 1 from public.linkup_participants p where p.linkup_id = linkups.id and p.user_id = auth.uid())
    or exists (select 1 from public.linkup_invites i where i.linkup_id = linkups.id and i.invited_user_id = auth.uid())
    or linkups.initiator_user_id = auth.uid()
  )`,
  `create policy linkup_participants_select_member on public.linkup_participants for select using (public.is_linkup_member(linkup_id))`,
  `create policy linkup_outcomes_insert_own on public.linkup_outcomes for insert with check (user_id = auth.uid())`,
  `create policy linkup_outcomes_update_own on public.linkup_outcomes for update using (user_id = auth.uid()) with check (user_id = auth.uid())`,
  `create policy contact_exchange_choices_insert_own on public.contact_exchange_choices for insert with check (chooser_user_id = auth.uid())`,
  `create policy contact_exchange_choices_update_own on public.contact_exchange_choices for update using (chooser_user_id = auth.uid()) with check (chooser_user_id = auth.uid())`,
  `create policy safety_reports_insert_own on public.safety_reports for insert with check (reporter_user_id = auth.uid())`,
];

const OLD_IS_LINKUP_MEMBER = `create or replace function public.is_linkup_member(linkup uuid) returns boolean
  language sql stable security definer
  set search_path = public
  as $fn$
    select exists (
      select 1 from public.linkups l
      where l.id = linkup and l.initiator_user_id = auth.uid()
    ) or exists (
      select 1 from public.linkup_participants p
      where p.linkup_id = linkup and p.user_id = auth.uid()
    )
  $fn$`;

export class MemberAccessLeastPrivilege1764101800000 implements MigrationInterface {
  name = 'MemberAccessLeastPrivilege1764101800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`revoke all on all tables in schema public from anon, authenticated`);
    await q.query(`revoke all on all sequences in schema public from anon, authenticated`);
    // Supabase grants every new table to anon and authenticated by default: tables this role
    // creates from now on start with nothing for them (a no-op on plain PostgreSQL).
    await q.query(`alter default privileges in schema public revoke all on tables from anon, authenticated`);
    await q.query(`alter default privileges in schema public revoke all on sequences from anon, authenticated`);
    await q.query(ENABLE_RLS_EVERYWHERE);

    for (const [signature, body] of HELPERS) {
      await q.query(`create or replace function public.${signature} returns boolean
        language sql stable security definer set search_path = ''
        as $fn$ ${body} $fn$`);
    }
    // Functions are executable by PUBLIC by default; only members (and the service role) need these.
    for (const fn of ['is_linkup_member(uuid)', ...NEW_HELPERS]) {
      await q.query(`revoke execute on function public.${fn} from public, anon`);
      await q.query(`grant execute on function public.${fn} to authenticated, service_role`);
    }

    for (const [name, table] of [...REPLACED_POLICIES, ...DROPPED_POLICIES]) {
      await q.query(`drop policy ${name} on public.${table}`);
    }
    for (const sql of NEW_POLICIES) await q.query(sql);
    for (const sql of grantStatements()) await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Privileges on tables added by other issues' migrations are not restored (we cannot know
    // them), nor Supabase's default privileges: both stay least-privilege.
    await q.query(`revoke all on all tables in schema public from anon, authenticated`);
    for (const [name, table] of REPLACED_POLICIES) await q.query(`drop policy ${name} on public.${table}`);
    for (const sql of OLD_POLICIES) await q.query(sql);
    for (const fn of NEW_HELPERS) await q.query(`drop function public.${fn}`);
    await q.query(OLD_IS_LINKUP_MEMBER);
    await q.query(`grant execute on function public.is_linkup_member(uuid) to public, anon, authenticated, service_role`);
    await q.query(`alter table public.typeorm_migrations disable row level security`);
    const tables = INITIAL_TABLES.map((t) => `public.${t}`).join(', ');
    await q.query(`grant select on ${tables} to anon`);
    await q.query(`grant select, insert, update, delete on ${tables} to authenticated`);
  }
}
