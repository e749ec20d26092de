import { MigrationInterface, QueryRunner } from 'typeorm';

// Invariants schema.md states in prose (or leaves to the application) enforced in the
// database, plus the dispatcher columns the outbound queue needs (PRODUCT.md section 4).
export class SchemaGaps1764100000001 implements MigrationInterface {
  name = 'SchemaGaps1764100000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // One active OTP session per user. The table's unique (user_id, verified_at) cannot
    // do it: NULLs are distinct, so any number of unverified sessions would pass.
    await queryRunner.query(
      `create unique index otp_sessions_one_active_idx on public.otp_sessions(user_id) where verified_at is null`,
    );
    // A member answers one invite at a time (a bare "YES" must be unambiguous).
    await queryRunner.query(
      `create unique index linkup_invites_one_pending_idx on public.linkup_invites(invited_user_id) where state = 'pending'`,
    );
    // Pairs stored in canonical order, so (a,b) and (b,a) cannot both exist and
    // contact_exchange_pair_once really means once per pair.
    await queryRunner.query(
      `alter table public.contact_exchanges add constraint contact_exchanges_pair_order_chk check (user_a_id < user_b_id)`,
    );
    // Blocking or choosing oneself is meaningless and would poison matching filters.
    await queryRunner.query(
      `alter table public.user_blocks add constraint user_blocks_no_self_chk check (blocker_user_id <> blocked_user_id)`,
    );
    await queryRunner.query(
      `alter table public.contact_exchange_choices add constraint contact_choices_no_self_chk check (chooser_user_id <> target_user_id)`,
    );
    // Value ranges the product relies on: severity scale 1-5, strike points 1-10,
    // a strike window that moves forward in time, LinkUps of 2-6 people.
    await queryRunner.query(
      `alter table public.safety_incidents add constraint safety_incidents_severity_chk check (severity between 1 and 5)`,
    );
    await queryRunner.query(
      `alter table public.user_strikes add constraint user_strikes_points_chk check (points between 1 and 10)`,
    );
    await queryRunner.query(
      `alter table public.user_strikes add constraint user_strikes_window_chk check (window_end > window_start)`,
    );
    await queryRunner.query(
      `alter table public.linkups add constraint linkups_size_chk check (min_size >= 2 and max_size <= 6 and min_size <= max_size)`,
    );
    // Counters never go negative.
    await queryRunner.query(`alter table public.otp_sessions add constraint otp_sessions_attempts_chk check (attempts >= 0)`);
    await queryRunner.query(
      `alter table public.sms_outbound_jobs add constraint sms_outbound_jobs_attempts_chk check (attempts >= 0)`,
    );
    await queryRunner.query(
      `alter table public.sms_messages add constraint sms_messages_media_count_chk check (media_count >= 0)`,
    );

    // Dispatcher columns (PRODUCT.md section 4):
    // - priority: OTP codes and lock confirmations go out before bulk invites (lower first).
    // - run_after: exponential backoff schedules the next try instead of hot-looping.
    // - locked_until/locked_by: lease-based claims with FOR UPDATE SKIP LOCKED; a worker
    //   that dies mid-send loses its lease and the job becomes claimable again.
    // - expires_at: validity period; a stale message (e.g. an invite whose window closed)
    //   is dropped, not delivered late.
    await queryRunner.query(`alter table public.sms_outbound_jobs
      add column priority int not null default 100,
      add column run_after timestamptz not null default now(),
      add column locked_until timestamptz,
      add column locked_by text,
      add column expires_at timestamptz`);
    // The claim query's access path: due pending jobs in priority order.
    await queryRunner.query(
      `create index sms_outbound_jobs_due_idx on public.sms_outbound_jobs(status, priority, run_after) where status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index public.sms_outbound_jobs_due_idx`);
    await queryRunner.query(`alter table public.sms_outbound_jobs
      drop column expires_at,
      drop column locked_by,
      drop column locked_until,
      drop column run_after,
      drop column priority`);
    await queryRunner.query(`alter table public.sms_messages drop constraint sms_messages_media_count_chk`);
    await queryRunner.query(`alter table public.sms_outbound_jobs drop constraint sms_outbound_jobs_attempts_chk`);
    await queryRunner.query(`alter table public.otp_sessions drop constraint otp_sessions_attempts_chk`);
    await queryRunner.query(`alter table public.linkups drop constraint linkups_size_chk`);
    await queryRunner.query(`alter table public.user_strikes drop constraint user_strikes_window_chk`);
    await queryRunner.query(`alter table public.user_strikes drop constraint user_strikes_points_chk`);
    await queryRunner.query(`alter table public.safety_incidents drop constraint safety_incidents_severity_chk`);
    await queryRunner.query(`alter table public.contact_exchange_choices drop constraint contact_choices_no_self_chk`);
    await queryRunner.query(`alter table public.user_blocks drop constraint user_blocks_no_self_chk`);
    await queryRunner.query(`alter table public.contact_exchanges drop constraint contact_exchanges_pair_order_chk`);
    await queryRunner.query(`drop index public.linkup_invites_one_pending_idx`);
    await queryRunner.query(`drop index public.otp_sessions_one_active_idx`);
  }
}
