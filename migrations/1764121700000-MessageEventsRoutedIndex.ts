import { MigrationInterface, QueryRunner } from 'typeorm';

// The router's miss streak ("two misses in a row, then MENU") is the `miss` of the member's last
// `inbound.routed` event, read for every sender of an inbound batch. With only message_events_user_idx
// that read sorted all of the member's events, more with every text they ever sent; this partial
// index makes it one probe at the end of (user_id, created_at).
export class MessageEventsRoutedIndex1764121700000 implements MigrationInterface {
  name = 'MessageEventsRoutedIndex1764121700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index message_events_routed_idx on public.message_events (user_id, created_at) where event_type = 'inbound.routed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists public.message_events_routed_idx`);
  }
}
