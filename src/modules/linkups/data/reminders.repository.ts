import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReminderType } from '../lifecycle/linkup-state';
import { rows } from './sql';

export interface ReminderRecord {
  id: string;
  linkupId: string;
  reminderType: ReminderType;
  scheduledFor: Date;
  status: 'pending' | 'sent' | 'failed';
}

const COLUMNS = `id, linkup_id as "linkupId", reminder_type as "reminderType", scheduled_for as "scheduledFor", status`;

@Injectable()
export class RemindersRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Once per LinkUp and type (idempotency key reminder:{linkupId}:{type}).
  async schedule(linkupId: string, reminders: Array<{ type: ReminderType; at: Date }>, manager: EntityManager): Promise<void> {
    if (reminders.length === 0) return;
    await manager.query(
      `insert into linkup_reminders (linkup_id, reminder_type, scheduled_for, idempotency_key)
       select $1::uuid, r.type, r.at, 'reminder:' || $1::uuid::text || ':' || r.type from unnest($2::text[], $3::timestamptz[]) as r(type, at)
       on conflict (idempotency_key) do nothing`,
      [linkupId, reminders.map((r) => r.type), reminders.map((r) => r.at)],
    );
  }

  // Claims due reminders; another instance's claimed rows are skipped until its transaction ends,
  // and a sent reminder is never due again.
  async claimDue(now: Date, limit: number, skip: string[], manager: EntityManager): Promise<ReminderRecord[]> {
    return rows(
      manager,
      `select ${COLUMNS} from linkup_reminders where status = 'pending' and scheduled_for <= $1 and id <> all($3::uuid[])
        order by scheduled_for, id limit $2 for update skip locked`,
      [now, limit, skip],
    );
  }

  async finish(id: string, status: 'sent' | 'failed', at: Date, manager: EntityManager): Promise<void> {
    await manager.query(`update linkup_reminders set status = $2, sent_at = $3 where id = $1 and status = 'pending'`, [id, status, at]);
  }

  async listForLinkup(linkupId: string, manager?: EntityManager): Promise<ReminderRecord[]> {
    return rows(manager ?? this.dataSource.manager, `select ${COLUMNS} from linkup_reminders where linkup_id = $1 order by scheduled_for`, [linkupId]);
  }
}
