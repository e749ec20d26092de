import { MigrationInterface, QueryRunner } from 'typeorm';

// Indexes for safety (issue 11) and the refill of locked LinkUps:
// - linkups_refill_due_idx: the wave sweep's look for locked LinkUps with a refill wave due (a spot
//   freed after the lock); only those with next_wave_at set are indexed.
// - safety_holds_expiry_idx: the hourly sweep's look for holds past their expiry, not yet ended.
// - safety_reports_reported_idx: the reports about a member, for support.
// - user_blocks_blocked_idx: blocks from the blocked side (matching checks both directions; the
//   unique user_blocks_once already serves the blocker side).
export class SafetyAndRefill1764101100000 implements MigrationInterface {
  name = 'SafetyAndRefill1764101100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `create index linkups_refill_due_idx on public.linkups(next_wave_at) where state = 'locked' and next_wave_at is not null`,
    );
    await queryRunner.query(
      `create index safety_holds_expiry_idx on public.safety_holds(expires_at) where state <> 'none' and cleared_at is null`,
    );
    await queryRunner.query(`create index safety_reports_reported_idx on public.safety_reports(reported_user_id)`);
    await queryRunner.query(`create index user_blocks_blocked_idx on public.user_blocks(blocked_user_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index public.user_blocks_blocked_idx`);
    await queryRunner.query(`drop index public.safety_reports_reported_idx`);
    await queryRunner.query(`drop index public.safety_holds_expiry_idx`);
    await queryRunner.query(`drop index public.linkups_refill_due_idx`);
  }
}
