import { MigrationInterface, QueryRunner } from 'typeorm';

// Indexes for the SMS pipeline's own scans.
export class ConversationIndexes1764100000150 implements MigrationInterface {
  name = 'ConversationIndexes1764100000150';

  async up(q: QueryRunner): Promise<void> {
    // The inbound recovery sweep looks for messages stored but not yet handled; the partial
    // index stays tiny because almost every row moves on to 'handled' within milliseconds.
    await q.query(`create index sms_messages_unhandled_idx on public.sms_messages (created_at)
                   where direction = 'in' and status = 'received'`);
    // The retention sweep nulls old job bodies by age.
    await q.query(`create index sms_outbound_jobs_created_idx on public.sms_outbound_jobs (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists public.sms_outbound_jobs_created_idx`);
    await q.query(`drop index if exists public.sms_messages_unhandled_idx`);
  }
}
