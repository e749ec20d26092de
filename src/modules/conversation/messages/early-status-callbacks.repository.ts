import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../sql';

export interface EarlyStatusCallback {
  messageSid: string;
  status: string;
  errorCode: string | null;
}

// Status callbacks that arrived before their outbound row: kept (the most advanced status of a sid)
// and taken once, atomically, when the row appears.
@Injectable()
export class EarlyStatusCallbacksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async keep(cb: EarlyStatusCallback, ranks: ReadonlyMap<string, number>): Promise<void> {
    await this.dataSource.query(
      `insert into sms_early_status_callbacks (twilio_message_sid, status, error_code) values ($1, $2, $3)
       on conflict (twilio_message_sid) do update
         set status = excluded.status, error_code = coalesce(excluded.error_code, sms_early_status_callbacks.error_code)
         where coalesce((select r from unnest($4::text[], $5::int[]) as t(s, r) where s = sms_early_status_callbacks.status), 0)
             < coalesce((select r from unnest($4::text[], $5::int[]) as t(s, r) where s = excluded.status), 0)`,
      [cb.messageSid, cb.status, cb.errorCode, [...ranks.keys()], [...ranks.values()]],
    );
  }

  // Removes and returns the kept callback of `sid`: only one caller ever gets it.
  async take(messageSid: string): Promise<EarlyStatusCallback | null> {
    const rows = await queryRows<EarlyStatusCallback>(
      this.dataSource.manager,
      `with d as (delete from sms_early_status_callbacks where twilio_message_sid = $1
                  returning twilio_message_sid, status, error_code)
       select twilio_message_sid as "messageSid", status, error_code as "errorCode" from d`,
      [messageSid],
    );
    return rows[0] ?? null;
  }

  // Callbacks whose message never appeared (a send that failed after all) are dropped after a day.
  async purgeOlderThan(hours: number): Promise<number> {
    const rows = await queryRows<{ n: number }>(
      this.dataSource.manager,
      `with d as (delete from sms_early_status_callbacks where received_at < now() - make_interval(hours => $1::int) returning 1)
       select count(*)::int as n from d`,
      [hours],
    );
    return rows[0].n;
  }
}
