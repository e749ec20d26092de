import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OptOutSource } from '../entities/sms-opt-out.entity';

export interface SmsStatusRow {
  phoneHash: string;
  optedOutAt: Date | null;
  optOutSource: OptOutSource | null;
  undeliverableAt: Date | null;
  undeliverableCode: string | null;
}

const COLUMNS = `phone_hash as "phoneHash", opted_out_at as "optedOutAt", opt_out_source as "optOutSource",
  undeliverable_at as "undeliverableAt", undeliverable_code as "undeliverableCode"`;

// sms_opt_outs, and the users.sms_consent mirror, written together in the caller's statement.
@Injectable()
export class SmsConsentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async find(phoneHash: string, manager?: EntityManager): Promise<SmsStatusRow | null> {
    const rows: SmsStatusRow[] = await this.m(manager).query(`select ${COLUMNS} from sms_opt_outs where phone_hash = $1`, [phoneHash]);
    return rows[0] ?? null;
  }

  // Opts the number out (keeping the first time and source of a standing opt-out) and clears the
  // member's sms_consent. Returns true when the number was not opted out before.
  async optOut(phoneHash: string, source: OptOutSource, manager?: EntityManager): Promise<boolean> {
    const rows: Array<{ changed: boolean }> = await this.m(manager).query(
      `with prev as (select opted_out_at from sms_opt_outs where phone_hash = $1),
       up as (
         insert into sms_opt_outs (phone_hash, opted_out_at, opt_out_source) values ($1, now(), $2)
         on conflict (phone_hash) do update
           set opted_out_at = coalesce(sms_opt_outs.opted_out_at, now()),
               opt_out_source = coalesce(sms_opt_outs.opt_out_source, excluded.opt_out_source),
               updated_at = now()
         returning phone_hash
       ),
       u as (update users set sms_consent = false, updated_at = now() where phone_hash = $1 and sms_consent returning id)
       select (select opted_out_at from prev) is null as changed from up`,
      [phoneHash, source],
    );
    return rows[0]?.changed ?? false;
  }

  // START/UNSTOP: clears the opt-out (and an undeliverable mark: the number just texted us) and
  // restores the member's sms_consent. Returns true when the number was opted out before.
  async optIn(phoneHash: string, manager?: EntityManager): Promise<boolean> {
    const rows: Array<{ changed: boolean }> = await this.m(manager).query(
      `with prev as (select opted_out_at from sms_opt_outs where phone_hash = $1),
       up as (
         update sms_opt_outs set opted_out_at = null, opt_out_source = null, undeliverable_at = null,
                                 undeliverable_code = null, updated_at = now()
          where phone_hash = $1 returning phone_hash
       ),
       u as (update users set sms_consent = true, updated_at = now() where phone_hash = $1 and not sms_consent returning id)
       select (select opted_out_at from prev) is not null or exists (select 1 from u) as changed`,
      [phoneHash],
    );
    return rows[0]?.changed ?? false;
  }

  async markUndeliverable(phoneHash: string, code: string, manager?: EntityManager): Promise<void> {
    await this.m(manager).query(
      `insert into sms_opt_outs (phone_hash, undeliverable_at, undeliverable_code) values ($1, now(), $2)
       on conflict (phone_hash) do update
         set undeliverable_at = coalesce(sms_opt_outs.undeliverable_at, now()),
             undeliverable_code = coalesce(sms_opt_outs.undeliverable_code, excluded.undeliverable_code),
             updated_at = now()`,
      [phoneHash, code],
    );
  }

  async clearUndeliverable(phoneHash: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      `with u as (update sms_opt_outs set undeliverable_at = null, undeliverable_code = null, updated_at = now()
                   where phone_hash = $1 and undeliverable_at is not null returning phone_hash)
       select phone_hash from u`,
      [phoneHash],
    );
    return rows.length > 0;
  }
}
