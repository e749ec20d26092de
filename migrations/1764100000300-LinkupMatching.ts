import { MigrationInterface, QueryRunner } from 'typeorm';

// What the LinkUp sweeps need beyond schema.md (PRODUCT.md sections 6 and 12):
// - linkups.next_wave_at: when the next invite wave is due (null = none). A decline or an expiry
//   sets it to now; the wave sweep claims due rows with SKIP LOCKED and, when no candidate is
//   left, pushes it back instead of re-running matching every minute.
// - linkups.waves_sent and linkup_invites.wave: which wave an invite belonged to (audit, admin).
// - partial indexes for the two sweeps that scan by time: pending invites by expiry and
//   broadcasting LinkUps by next wave. Both stay small: only live rows are indexed.
export class LinkupMatching1764100000300 implements MigrationInterface {
  name = 'LinkupMatching1764100000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table public.linkups
      add column next_wave_at timestamptz,
      add column waves_sent int not null default 0`);
    await queryRunner.query(`alter table public.linkup_invites add column wave int not null default 1`);
    await queryRunner.query(
      `create index linkups_next_wave_idx on public.linkups(next_wave_at) where state = 'broadcasting'`,
    );
    await queryRunner.query(
      `create index linkup_invites_pending_expiry_idx on public.linkup_invites(expires_at) where state = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`drop index public.linkup_invites_pending_expiry_idx`);
    await queryRunner.query(`drop index public.linkups_next_wave_idx`);
    await queryRunner.query(`alter table public.linkup_invites drop column wave`);
    await queryRunner.query(`alter table public.linkups drop column waves_sent, drop column next_wave_at`);
  }
}
