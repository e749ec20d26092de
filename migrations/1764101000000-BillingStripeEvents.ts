import { MigrationInterface, QueryRunner } from 'typeorm';

// Stripe events not processed yet (failed, or cut off), for the replay command and the admin API.
// Partial: almost every event is processed within its webhook request, so the index stays tiny
// however many events the table keeps.
export class BillingStripeEvents1764101000000 implements MigrationInterface {
  name = 'BillingStripeEvents1764101000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index stripe_events_unprocessed_idx on public.stripe_events (received_at) where processed_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists public.stripe_events_unprocessed_idx`);
  }
}
