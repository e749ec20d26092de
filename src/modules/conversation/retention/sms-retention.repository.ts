import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../sql';

export type BodyTable = 'sms_messages' | 'sms_outbound_jobs';

// Pending jobs keep their bodies whatever their age: they still have to be sent.
const EXTRA_FILTER: Record<BodyTable, string> = {
  sms_messages: '',
  sms_outbound_jobs: `and status <> 'pending'`,
};

@Injectable()
export class SmsRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Nulls the bodies (ciphertext, IV, tag) of up to `limit` rows older than `days`; metadata stays.
  // SKIP LOCKED: two instances sweeping at once take different rows.
  async nullBodiesOlderThan(table: BodyTable, days: number, limit: number): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `with batch as (
         select id from ${table}
          where created_at < now() - make_interval(days => $1::int)
            and (body_ciphertext is not null or body_iv is not null or body_tag is not null) ${EXTRA_FILTER[table]}
          limit $2
          for update skip locked
       )
       update ${table} t set body_ciphertext = null, body_iv = null, body_tag = null, updated_at = now()
         from batch where t.id = batch.id
       returning t.id`,
      [days, limit],
    );
    return rows.length;
  }
}
