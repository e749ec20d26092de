import { MigrationInterface, QueryRunner } from 'typeorm';

// The whole schema of docs/schema.md, in the order of its Implementation Checklist.
// Every constraint is named explicitly so the entities can carry the same names and
// the drift check (`npm run migration:check`) compares like with like.
// Naming: `<table>_pkey`, `<table>_<column>_fkey`, `<table>_<column>_key` (inline unique),
// `<table>_<column>_check` (inline check); named constraints and indexes as schema.md gives them.

// All 30 tables in creation order; `down` drops them in reverse.
const TABLES = [
  'users',
  'otp_sessions',
  'regions',
  'region_memberships',
  'conversation_sessions',
  'sms_messages',
  'sms_outbound_jobs',
  'message_events',
  'profiles',
  'profile_events',
  'linkups',
  'linkup_invites',
  'linkup_participants',
  'linkup_reminders',
  'linkup_outcomes',
  'contact_exchange_choices',
  'contact_exchanges',
  'stripe_customers',
  'subscriptions',
  'entitlements',
  'stripe_events',
  'safety_holds',
  'safety_incidents',
  'safety_reports',
  'user_blocks',
  'user_strikes',
  'admin_users',
  'admin_audit_log',
  'domain_events',
  'magic_links',
] as const;

// Tables with an `updated_at` column, kept current by public.set_updated_at().
const UPDATED_AT_TABLES = [
  'users',
  'otp_sessions',
  'regions',
  'region_memberships',
  'conversation_sessions',
  'sms_messages',
  'sms_outbound_jobs',
  'profiles',
  'linkups',
  'linkup_invites',
  'linkup_participants',
  'linkup_reminders',
  'linkup_outcomes',
  'contact_exchange_choices',
  'contact_exchanges',
  'stripe_customers',
  'subscriptions',
  'entitlements',
  'safety_holds',
  'safety_incidents',
  'safety_reports',
  'admin_users',
] as const;

const ENUMS: Array<[string, string[]]> = [
  ['user_state', ['unverified', 'verified', 'interviewing', 'active', 'suspended', 'deleted']],
  ['profile_state', ['empty', 'partial', 'complete_mvp', 'complete_full', 'stale']],
  ['conversation_mode', ['idle', 'interviewing', 'linkup_forming', 'awaiting_invite_reply', 'safety_hold']],
  ['linkup_state', ['draft', 'broadcasting', 'locked', 'completed', 'expired', 'canceled']],
  ['invite_state', ['pending', 'accepted', 'declined', 'expired', 'closed']],
  ['subscription_state', ['none', 'trialing', 'active', 'past_due', 'canceled', 'unpaid']],
  ['safety_hold_state', ['none', 'soft_hold', 'hard_hold']],
  ['region_state', ['open', 'waitlisted', 'closed']],
];

const TABLE_DDL: string[] = [
  // ---- Identity ----
  `create table public.users (
    id uuid not null default gen_random_uuid(),
    phone_e164 text not null,
    phone_hash text not null,
    first_name text not null,
    last_name text not null,
    birthday date not null,
    email citext,
    state public.user_state not null default 'unverified',
    sms_consent boolean not null,
    age_consent boolean not null,
    terms_consent boolean not null,
    privacy_consent boolean not null,
    region_id uuid,
    suspended_at timestamptz,
    deleted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_pkey primary key (id),
    constraint users_phone_hash_uniq unique (phone_hash),
    constraint users_phone_e164_uniq unique (phone_e164)
  )`,
  `create index users_region_idx on public.users(region_id)`,
  `create index users_state_idx on public.users(state)`,

  `create table public.otp_sessions (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    otp_hash text not null,
    expires_at timestamptz not null,
    verified_at timestamptz,
    attempts int not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint otp_sessions_pkey primary key (id),
    constraint otp_sessions_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint otp_one_active_per_user unique (user_id, verified_at)
  )`,
  `create index otp_sessions_user_idx on public.otp_sessions(user_id)`,
  `create index otp_sessions_expires_idx on public.otp_sessions(expires_at)`,

  // ---- Regions ----
  `create table public.regions (
    id uuid not null default gen_random_uuid(),
    slug text not null,
    display_name text not null,
    state public.region_state not null default 'waitlisted',
    geometry jsonb not null,
    rules jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint regions_pkey primary key (id),
    constraint regions_slug_key unique (slug)
  )`,
  `create index regions_state_idx on public.regions(state)`,
  // schema.md leaves users.region_id without a foreign key (users is created before
  // regions). We add one now that regions exists: a dangling region id would silently
  // drop a member out of matching, and "set null" keeps deleting a region possible.
  `alter table public.users
    add constraint users_region_id_fkey foreign key (region_id) references public.regions(id) on delete set null`,

  `create table public.region_memberships (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    region_id uuid not null,
    status text not null,
    joined_at timestamptz not null default now(),
    released_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint region_memberships_pkey primary key (id),
    constraint region_memberships_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint region_memberships_region_id_fkey foreign key (region_id) references public.regions(id) on delete restrict,
    constraint region_memberships_status_check check (status in ('active', 'waitlisted')),
    constraint region_membership_one_active unique (user_id, status)
  )`,
  `create index region_memberships_region_idx on public.region_memberships(region_id)`,
  `create index region_memberships_user_idx on public.region_memberships(user_id)`,

  // ---- Conversation and messaging ----
  `create table public.conversation_sessions (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    mode public.conversation_mode not null default 'idle',
    state_token text not null default 'idle',
    expires_at timestamptz,
    last_inbound_message_sid text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint conversation_sessions_pkey primary key (id),
    constraint conversation_sessions_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint conversation_one_per_user unique (user_id)
  )`,
  `create index conversation_sessions_mode_idx on public.conversation_sessions(mode)`,

  `create table public.sms_messages (
    id uuid not null default gen_random_uuid(),
    user_id uuid,
    direction text not null,
    from_e164 text not null,
    to_e164 text not null,
    twilio_message_sid text not null,
    body_ciphertext bytea,
    body_iv bytea,
    body_tag bytea,
    key_version int not null default 1,
    media_count int not null default 0,
    status text,
    last_status_at timestamptz,
    correlation_id uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint sms_messages_pkey primary key (id),
    constraint sms_messages_user_id_fkey foreign key (user_id) references public.users(id) on delete set null,
    constraint sms_messages_direction_check check (direction in ('in', 'out')),
    constraint sms_messages_twilio_sid_uniq unique (twilio_message_sid)
  )`,
  `create index sms_messages_user_idx on public.sms_messages(user_id)`,
  `create index sms_messages_created_idx on public.sms_messages(created_at)`,
  `create index sms_messages_direction_idx on public.sms_messages(direction)`,

  `create table public.sms_outbound_jobs (
    id uuid not null default gen_random_uuid(),
    user_id uuid,
    to_e164 text not null,
    body_ciphertext bytea,
    body_iv bytea,
    body_tag bytea,
    key_version int not null default 1,
    purpose text not null,
    status text not null default 'pending',
    twilio_message_sid text,
    attempts int not null default 0,
    last_error text,
    correlation_id uuid,
    idempotency_key text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint sms_outbound_jobs_pkey primary key (id),
    constraint sms_outbound_jobs_user_id_fkey foreign key (user_id) references public.users(id) on delete set null,
    constraint sms_outbound_jobs_status_check check (status in ('pending', 'sent', 'failed')),
    constraint sms_outbound_idem_uniq unique (idempotency_key)
  )`,
  `create index sms_outbound_jobs_status_idx on public.sms_outbound_jobs(status)`,
  `create index sms_outbound_jobs_user_idx on public.sms_outbound_jobs(user_id)`,

  // user_id has no foreign key in schema.md: audit rows outlive the user they mention.
  `create table public.message_events (
    id uuid not null default gen_random_uuid(),
    user_id uuid,
    event_type text not null,
    payload jsonb not null,
    correlation_id uuid,
    created_at timestamptz not null default now(),
    constraint message_events_pkey primary key (id)
  )`,
  `create index message_events_user_idx on public.message_events(user_id)`,
  `create index message_events_type_idx on public.message_events(event_type)`,
  `create index message_events_created_idx on public.message_events(created_at)`,

  // ---- Profile ----
  `create table public.profiles (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    state public.profile_state not null default 'empty',
    fingerprint jsonb not null default '{}'::jsonb,
    activity_patterns jsonb not null default '[]'::jsonb,
    boundaries jsonb not null default '{}'::jsonb,
    preferences jsonb not null default '{}'::jsonb,
    active_intent jsonb,
    last_interview_step text,
    completed_at timestamptz,
    stale_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint profiles_pkey primary key (id),
    constraint profiles_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint profiles_user_uniq unique (user_id)
  )`,
  `create index profiles_state_idx on public.profiles(state)`,
  `create index profiles_user_idx on public.profiles(user_id)`,

  `create table public.profile_events (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    event_type text not null,
    source text not null,
    payload jsonb not null,
    idempotency_key text not null,
    correlation_id uuid,
    created_at timestamptz not null default now(),
    constraint profile_events_pkey primary key (id),
    constraint profile_events_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint profile_events_idem_uniq unique (idempotency_key)
  )`,
  `create index profile_events_user_idx on public.profile_events(user_id)`,
  `create index profile_events_type_idx on public.profile_events(event_type)`,

  // ---- LinkUps ----
  `create table public.linkups (
    id uuid not null default gen_random_uuid(),
    initiator_user_id uuid not null,
    region_id uuid not null,
    state public.linkup_state not null default 'draft',
    brief jsonb not null,
    acceptance_window_ends_at timestamptz,
    event_time timestamptz,
    venue jsonb,
    min_size int not null default 2,
    max_size int not null default 6,
    lock_version int not null default 0,
    locked_at timestamptz,
    canceled_reason text,
    correlation_id uuid,
    linkup_create_key text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint linkups_pkey primary key (id),
    constraint linkups_initiator_user_id_fkey foreign key (initiator_user_id) references public.users(id) on delete restrict,
    constraint linkups_region_id_fkey foreign key (region_id) references public.regions(id) on delete restrict,
    constraint linkups_create_key_uniq unique (linkup_create_key)
  )`,
  `create index linkups_region_state_idx on public.linkups(region_id, state)`,
  `create index linkups_initiator_idx on public.linkups(initiator_user_id)`,
  `create index linkups_window_idx on public.linkups(acceptance_window_ends_at)`,
  `create index linkups_state_window_idx on public.linkups(state, acceptance_window_ends_at)`,

  `create table public.linkup_invites (
    id uuid not null default gen_random_uuid(),
    linkup_id uuid not null,
    invited_user_id uuid not null,
    state public.invite_state not null default 'pending',
    offered_options jsonb,
    selected_option text,
    sent_at timestamptz,
    responded_at timestamptz,
    expires_at timestamptz,
    closed_at timestamptz,
    response_message_sid text,
    idempotency_key text not null,
    explainability jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint linkup_invites_pkey primary key (id),
    constraint linkup_invites_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint linkup_invites_invited_user_id_fkey foreign key (invited_user_id) references public.users(id) on delete cascade,
    constraint linkup_invites_once unique (linkup_id, invited_user_id),
    constraint linkup_invites_idem_uniq unique (idempotency_key)
  )`,
  `create index linkup_invites_user_state_idx on public.linkup_invites(invited_user_id, state)`,
  `create index linkup_invites_linkup_idx on public.linkup_invites(linkup_id)`,
  `create index invites_linkup_state_idx on public.linkup_invites(linkup_id, state)`,

  `create table public.linkup_participants (
    id uuid not null default gen_random_uuid(),
    linkup_id uuid not null,
    user_id uuid not null,
    role text not null,
    status text not null default 'confirmed',
    joined_at timestamptz not null default now(),
    left_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint linkup_participants_pkey primary key (id),
    constraint linkup_participants_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint linkup_participants_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint linkup_participants_role_check check (role in ('initiator', 'participant')),
    constraint linkup_participants_status_check check (status in ('confirmed', 'canceled', 'no_show', 'attended')),
    constraint linkup_participants_once unique (linkup_id, user_id)
  )`,
  `create index linkup_participants_linkup_idx on public.linkup_participants(linkup_id)`,
  `create index linkup_participants_user_idx on public.linkup_participants(user_id)`,
  `create index participants_linkup_status_idx on public.linkup_participants(linkup_id, status)`,

  `create table public.linkup_reminders (
    id uuid not null default gen_random_uuid(),
    linkup_id uuid not null,
    reminder_type text not null,
    scheduled_for timestamptz not null,
    sent_at timestamptz,
    status text not null default 'pending',
    idempotency_key text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint linkup_reminders_pkey primary key (id),
    constraint linkup_reminders_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint linkup_reminders_status_check check (status in ('pending', 'sent', 'failed')),
    constraint linkup_reminders_idem_uniq unique (idempotency_key)
  )`,
  `create index linkup_reminders_sched_idx on public.linkup_reminders(scheduled_for)`,

  `create table public.linkup_outcomes (
    id uuid not null default gen_random_uuid(),
    linkup_id uuid not null,
    user_id uuid not null,
    attendance_response text,
    do_again boolean,
    feedback text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint linkup_outcomes_pkey primary key (id),
    constraint linkup_outcomes_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint linkup_outcomes_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint linkup_outcomes_attendance_response_check check (attendance_response in ('attended', 'no_show', 'unsure')),
    constraint linkup_outcomes_once unique (linkup_id, user_id)
  )`,
  `create index linkup_outcomes_linkup_idx on public.linkup_outcomes(linkup_id)`,

  // ---- Contact exchange ----
  `create table public.contact_exchange_choices (
    id uuid not null default gen_random_uuid(),
    linkup_id uuid not null,
    chooser_user_id uuid not null,
    target_user_id uuid not null,
    choice boolean not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint contact_exchange_choices_pkey primary key (id),
    constraint contact_exchange_choices_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint contact_exchange_choices_chooser_user_id_fkey foreign key (chooser_user_id) references public.users(id) on delete cascade,
    constraint contact_exchange_choices_target_user_id_fkey foreign key (target_user_id) references public.users(id) on delete cascade,
    constraint contact_choice_once unique (linkup_id, chooser_user_id, target_user_id)
  )`,
  `create index contact_choices_chooser_idx on public.contact_exchange_choices(chooser_user_id)`,

  `create table public.contact_exchanges (
    id uuid not null default gen_random_uuid(),
    linkup_id uuid not null,
    user_a_id uuid not null,
    user_b_id uuid not null,
    revealed_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint contact_exchanges_pkey primary key (id),
    constraint contact_exchanges_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint contact_exchanges_user_a_id_fkey foreign key (user_a_id) references public.users(id) on delete cascade,
    constraint contact_exchanges_user_b_id_fkey foreign key (user_b_id) references public.users(id) on delete cascade,
    constraint contact_exchange_pair_once unique (linkup_id, user_a_id, user_b_id)
  )`,

  // ---- Billing ----
  `create table public.stripe_customers (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    stripe_customer_id text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint stripe_customers_pkey primary key (id),
    constraint stripe_customers_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint stripe_customers_user_uniq unique (user_id),
    constraint stripe_customers_cust_uniq unique (stripe_customer_id)
  )`,

  `create table public.subscriptions (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    stripe_subscription_id text,
    state public.subscription_state not null default 'none',
    current_period_end timestamptz,
    cancel_at_period_end boolean not null default false,
    grace_until timestamptz,
    last_stripe_event_id text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint subscriptions_pkey primary key (id),
    constraint subscriptions_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint subscriptions_user_uniq unique (user_id)
  )`,
  `create index subscriptions_state_idx on public.subscriptions(state)`,

  `create table public.entitlements (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    eligible_to_participate boolean not null default false,
    eligible_to_initiate boolean not null default false,
    source text not null default 'stripe',
    effective_at timestamptz not null default now(),
    expires_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint entitlements_pkey primary key (id),
    constraint entitlements_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint entitlements_user_uniq unique (user_id)
  )`,
  `create index entitlements_participate_idx on public.entitlements(eligible_to_participate)`,

  `create table public.stripe_events (
    id uuid not null default gen_random_uuid(),
    stripe_event_id text not null,
    event_type text not null,
    payload jsonb not null,
    received_at timestamptz not null default now(),
    processed_at timestamptz,
    processing_error text,
    constraint stripe_events_pkey primary key (id),
    constraint stripe_events_event_uniq unique (stripe_event_id)
  )`,
  `create index stripe_events_type_idx on public.stripe_events(event_type)`,

  // ---- Safety ----
  // applied_by_admin has no foreign key in schema.md; kept as is (audit value survives admin removal).
  `create table public.safety_holds (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    state public.safety_hold_state not null default 'none',
    reason text,
    applied_at timestamptz,
    expires_at timestamptz,
    cleared_at timestamptz,
    applied_by_admin uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint safety_holds_pkey primary key (id),
    constraint safety_holds_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint safety_holds_user_uniq unique (user_id)
  )`,
  `create index safety_holds_state_idx on public.safety_holds(state)`,

  `create table public.safety_incidents (
    id uuid not null default gen_random_uuid(),
    user_id uuid,
    reporter_user_id uuid,
    reporter_phone_hash text,
    incident_type text not null,
    severity int not null,
    details jsonb not null default '{}'::jsonb,
    status text not null default 'open',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint safety_incidents_pkey primary key (id),
    constraint safety_incidents_user_id_fkey foreign key (user_id) references public.users(id) on delete set null,
    constraint safety_incidents_reporter_user_id_fkey foreign key (reporter_user_id) references public.users(id) on delete set null,
    constraint safety_incidents_status_check check (status in ('open', 'reviewing', 'resolved'))
  )`,
  `create index safety_incidents_status_idx on public.safety_incidents(status)`,
  `create index safety_incidents_user_idx on public.safety_incidents(user_id)`,

  `create table public.safety_reports (
    id uuid not null default gen_random_uuid(),
    reporter_user_id uuid,
    reported_user_id uuid,
    reporter_phone_hash text,
    report_type text not null,
    details jsonb not null default '{}'::jsonb,
    status text not null default 'open',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint safety_reports_pkey primary key (id),
    constraint safety_reports_reporter_user_id_fkey foreign key (reporter_user_id) references public.users(id) on delete set null,
    constraint safety_reports_reported_user_id_fkey foreign key (reported_user_id) references public.users(id) on delete set null,
    constraint safety_reports_status_check check (status in ('open', 'reviewing', 'resolved'))
  )`,
  `create index safety_reports_status_idx on public.safety_reports(status)`,

  `create table public.user_blocks (
    id uuid not null default gen_random_uuid(),
    blocker_user_id uuid not null,
    blocked_user_id uuid not null,
    created_at timestamptz not null default now(),
    constraint user_blocks_pkey primary key (id),
    constraint user_blocks_blocker_user_id_fkey foreign key (blocker_user_id) references public.users(id) on delete cascade,
    constraint user_blocks_blocked_user_id_fkey foreign key (blocked_user_id) references public.users(id) on delete cascade,
    constraint user_blocks_once unique (blocker_user_id, blocked_user_id)
  )`,

  `create table public.user_strikes (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    strike_type text not null,
    points int not null,
    reason text,
    window_start timestamptz not null,
    window_end timestamptz not null,
    created_at timestamptz not null default now(),
    constraint user_strikes_pkey primary key (id),
    constraint user_strikes_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade
  )`,
  `create index user_strikes_user_idx on public.user_strikes(user_id)`,

  // ---- Admin and audit ----
  `create table public.admin_users (
    id uuid not null default gen_random_uuid(),
    email citext not null,
    role text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint admin_users_pkey primary key (id),
    constraint admin_users_email_key unique (email),
    constraint admin_users_role_check check (role in ('support', 'ops', 'engineering'))
  )`,

  `create table public.admin_audit_log (
    id uuid not null default gen_random_uuid(),
    admin_user_id uuid,
    action text not null,
    target_type text not null,
    target_id uuid,
    reason text,
    payload jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    constraint admin_audit_log_pkey primary key (id),
    constraint admin_audit_log_admin_user_id_fkey foreign key (admin_user_id) references public.admin_users(id) on delete set null
  )`,
  `create index admin_audit_action_idx on public.admin_audit_log(action)`,
  `create index admin_audit_target_idx on public.admin_audit_log(target_type, target_id)`,

  `create table public.domain_events (
    id uuid not null default gen_random_uuid(),
    entity_type text not null,
    entity_id uuid not null,
    event_type text not null,
    from_state text,
    to_state text,
    idempotency_key text,
    correlation_id uuid,
    payload jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    constraint domain_events_pkey primary key (id),
    constraint domain_events_idem_uniq unique (idempotency_key)
  )`,
  `create index domain_events_entity_idx on public.domain_events(entity_type, entity_id)`,
  `create index domain_events_created_idx on public.domain_events(created_at)`,

  // ---- Magic links ----
  `create table public.magic_links (
    id uuid not null default gen_random_uuid(),
    user_id uuid not null,
    token_hash text not null,
    purpose text not null,
    linkup_id uuid,
    expires_at timestamptz not null,
    consumed_at timestamptz,
    created_at timestamptz not null default now(),
    constraint magic_links_pkey primary key (id),
    constraint magic_links_user_id_fkey foreign key (user_id) references public.users(id) on delete cascade,
    constraint magic_links_linkup_id_fkey foreign key (linkup_id) references public.linkups(id) on delete cascade,
    constraint magic_links_token_uniq unique (token_hash)
  )`,
  `create index magic_links_user_idx on public.magic_links(user_id)`,
  `create index magic_links_expires_idx on public.magic_links(expires_at)`,
];

// Supabase compatibility. On Supabase the auth schema, auth.uid() and the three roles
// already exist and are left untouched; on plain PostgreSQL we create stand-ins so the
// RLS policies below compile and can be exercised in tests (set request.jwt.claim.sub).
const SUPABASE_COMPAT: string[] = [
  `create schema if not exists auth`,
  `do $do$
  begin
    if not exists (
      select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'auth' and p.proname = 'uid'
    ) then
      create function auth.uid() returns uuid
      language sql stable
      as $fn$
        select coalesce(
          nullif(current_setting('request.jwt.claim.sub', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
      $fn$;
    end if;
  end
  $do$`,
  // Roles are cluster-wide: several test databases may be migrated at once, so a
  // concurrent creator winning the race is not an error.
  `do $do$
  begin
    if not exists (select 1 from pg_roles where rolname = 'anon') then
      begin create role anon nologin noinherit; exception when duplicate_object then null; end;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticated') then
      begin create role authenticated nologin noinherit; exception when duplicate_object then null; end;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'service_role') then
      begin create role service_role nologin noinherit bypassrls; exception when duplicate_object then null; end;
    end if;
  end
  $do$`,
];

// Only members' own rows are ever visible to a member; the app itself connects as the
// table owner, which bypasses RLS, so none of this changes what the server can do.
//
// RLS is enabled on all 30 tables. Tables holding a member's rows (users, otp_sessions,
// region_memberships, conversation_sessions, sms_messages, sms_outbound_jobs, profiles,
// profile_events, linkups, linkup_invites, linkup_participants, linkup_outcomes,
// contact_exchange_choices, contact_exchanges, stripe_customers, subscriptions,
// entitlements, safety_holds, safety_incidents, safety_reports, user_blocks, user_strikes,
// magic_links) get the policies below where a member may plausibly read or act.
// Deliberately WITHOUT member policies (service role only):
// - otp_sessions, magic_links: hold OTP / token hashes (secrets).
// - sms_messages, sms_outbound_jobs: encrypted bodies and delivery internals.
// - safety_holds, safety_incidents, user_strikes: moderation records (reasons may
//   identify a reporter).
// - regions, linkup_reminders, stripe_events, admin_users, admin_audit_log,
//   domain_events, message_events: no member-owned rows (system, admin or audit data).
const RLS_POLICIES: string[] = [
  // Breaks the linkups <-> linkup_participants policy cycle: a security definer function
  // reads both tables as their owner, so RLS is not re-entered.
  `create function public.is_linkup_member(linkup uuid) returns boolean
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
  $fn$`,

  // users is keyed by auth.uid() (public.users.id = auth user id). No insert: registration
  // runs server-side with consent validation. update_own covers every column (incl. state);
  // restrict with column grants before any client writes are introduced.
  `create policy users_select_own on public.users for select using (id = auth.uid())`,
  `create policy users_update_own on public.users for update using (id = auth.uid()) with check (id = auth.uid())`,

  `create policy region_memberships_select_own on public.region_memberships for select using (user_id = auth.uid())`,

  `create policy conversation_sessions_select_own on public.conversation_sessions for select using (user_id = auth.uid())`,
  `create policy conversation_sessions_insert_own on public.conversation_sessions for insert with check (user_id = auth.uid())`,
  `create policy conversation_sessions_update_own on public.conversation_sessions for update using (user_id = auth.uid()) with check (user_id = auth.uid())`,

  `create policy profiles_select_own on public.profiles for select using (user_id = auth.uid())`,
  `create policy profiles_insert_own on public.profiles for insert with check (user_id = auth.uid())`,
  `create policy profiles_update_own on public.profiles for update using (user_id = auth.uid()) with check (user_id = auth.uid())`,

  // Audit trail: readable by its member, written only by the server.
  `create policy profile_events_select_own on public.profile_events for select using (user_id = auth.uid())`,

  // As schema.md: initiator, participant, or invitee.
  `create policy linkups_select_member on public.linkups for select using (
    exists (
      select 1 from public.linkup_participants p
      where p.linkup_id = linkups.id and p.user_id = auth.uid()
    )
    or exists (
      select 1 from public.linkup_invites i
      where i.linkup_id = linkups.id and i.invited_user_id = auth.uid()
    )
    or linkups.initiator_user_id = auth.uid()
  )`,
  `create policy linkup_invites_select_own on public.linkup_invites for select using (invited_user_id = auth.uid())`,
  `create policy linkup_participants_select_member on public.linkup_participants for select using (public.is_linkup_member(linkup_id))`,

  `create policy linkup_outcomes_select_own on public.linkup_outcomes for select using (user_id = auth.uid())`,
  `create policy linkup_outcomes_insert_own on public.linkup_outcomes for insert with check (user_id = auth.uid())`,
  `create policy linkup_outcomes_update_own on public.linkup_outcomes for update using (user_id = auth.uid()) with check (user_id = auth.uid())`,

  `create policy contact_exchange_choices_select_own on public.contact_exchange_choices for select using (chooser_user_id = auth.uid())`,
  `create policy contact_exchange_choices_insert_own on public.contact_exchange_choices for insert with check (chooser_user_id = auth.uid())`,
  `create policy contact_exchange_choices_update_own on public.contact_exchange_choices for update using (chooser_user_id = auth.uid()) with check (chooser_user_id = auth.uid())`,

  `create policy contact_exchanges_select_pair on public.contact_exchanges for select using (user_a_id = auth.uid() or user_b_id = auth.uid())`,

  // Billing state: read-only for the member; Stripe webhooks write it.
  `create policy stripe_customers_select_own on public.stripe_customers for select using (user_id = auth.uid())`,
  `create policy subscriptions_select_own on public.subscriptions for select using (user_id = auth.uid())`,
  `create policy entitlements_select_own on public.entitlements for select using (user_id = auth.uid())`,

  // A reporter may file and read their own reports, never reports about them.
  `create policy safety_reports_select_own on public.safety_reports for select using (reporter_user_id = auth.uid())`,
  `create policy safety_reports_insert_own on public.safety_reports for insert with check (reporter_user_id = auth.uid())`,

  // Blocking and unblocking are the blocker's own acts.
  `create policy user_blocks_select_own on public.user_blocks for select using (blocker_user_id = auth.uid())`,
  `create policy user_blocks_insert_own on public.user_blocks for insert with check (blocker_user_id = auth.uid())`,
  `create policy user_blocks_delete_own on public.user_blocks for delete using (blocker_user_id = auth.uid())`,
];

// On Supabase the auth schema belongs to the platform and these grants already exist;
// granting again there would only warn, so grant only what is missing.
const GRANT_AUTH_ACCESS = `do $do$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not has_schema_privilege(r, 'auth', 'usage') then
      execute format('grant usage on schema auth to %I', r);
    end if;
    if not has_function_privilege(r, 'auth.uid()', 'execute') then
      execute format('grant execute on function auth.uid() to %I', r);
    end if;
  end loop;
end
$do$`;

const tableList = TABLES.map((t) => `public.${t}`).join(', ');

export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create extension if not exists pgcrypto`);
    await queryRunner.query(`create extension if not exists citext`);
    for (const sql of SUPABASE_COMPAT) await queryRunner.query(sql);

    for (const [name, labels] of ENUMS) {
      await queryRunner.query(`create type public.${name} as enum (${labels.map((l) => `'${l}'`).join(', ')})`);
    }

    for (const sql of TABLE_DDL) await queryRunner.query(sql);

    await queryRunner.query(`create or replace function public.set_updated_at()
returns trigger language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end $$`);
    for (const table of UPDATED_AT_TABLES) {
      await queryRunner.query(
        `create trigger ${table}_set_updated_at before update on public.${table} for each row execute function public.set_updated_at()`,
      );
    }

    for (const table of TABLES) {
      await queryRunner.query(`alter table public.${table} enable row level security`);
    }
    for (const sql of RLS_POLICIES) await queryRunner.query(sql);

    // Grants on the tables we created only (not typeorm_migrations). anon gets select too,
    // so that RLS, not a missing grant, is what keeps it out.
    await queryRunner.query(`grant usage on schema public to anon, authenticated, service_role`);
    await queryRunner.query(`grant select on ${tableList} to anon`);
    await queryRunner.query(`grant select, insert, update, delete on ${tableList} to authenticated, service_role`);
    await queryRunner.query(GRANT_AUTH_ACCESS);
    await queryRunner.query(`grant execute on function public.is_linkup_member(uuid) to anon, authenticated, service_role`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // linkups_select_member reads linkup_participants and linkup_invites, so it must go
    // before they do. Tables take the rest (indexes, constraints, triggers, policies, grants).
    await queryRunner.query(`drop policy linkups_select_member on public.linkups`);
    // users (created first) points at regions (created later): undo that link first.
    await queryRunner.query(`alter table public.users drop constraint users_region_id_fkey`);
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`drop table public.${table}`);
    }
    await queryRunner.query(`drop function public.is_linkup_member(uuid)`);
    await queryRunner.query(`drop function public.set_updated_at()`);
    for (const [name] of [...ENUMS].reverse()) {
      await queryRunner.query(`drop type public.${name}`);
    }
    // Left in place on purpose: the pgcrypto/citext extensions, the auth schema with
    // auth.uid(), the anon/authenticated/service_role roles and their schema usage
    // grants. On Supabase these belong to the platform and other schemas depend on them;
    // we cannot tell here whether we created them, and they are harmless if kept.
  }
}
