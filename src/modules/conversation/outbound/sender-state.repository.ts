import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../sql';

export interface SenderState {
  nextSendAt: Date;
  pausedAt: Date | null;
  pausedCode: string | null;
  // The database's clock when the row was read (the pacing never mixes clocks).
  now: Date;
}

// sms_sender_states: the pacing slot and the pause of each sender, shared by every instance.
@Injectable()
export class SenderStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Locks the sender's row for the claim transaction (creating it), so two instances never spend
  // the same slot.
  async lock(sender: string, manager: EntityManager): Promise<SenderState> {
    await manager.query(`insert into sms_sender_states (sender) values ($1) on conflict (sender) do nothing`, [sender]);
    const rows = await queryRows<SenderState>(
      manager,
      `select next_send_at as "nextSendAt", paused_at as "pausedAt", paused_code as "pausedCode", clock_timestamp() as now
         from sms_sender_states where sender = $1 for update`,
      [sender],
    );
    return rows[0];
  }

  async setNextSendAt(sender: string, at: Date, manager: EntityManager): Promise<void> {
    await manager.query(`update sms_sender_states set next_send_at = $2, updated_at = now() where sender = $1`, [sender, at]);
  }

  async find(sender: string): Promise<Omit<SenderState, 'now'> | null> {
    const rows = await queryRows<Omit<SenderState, 'now'>>(
      this.dataSource.manager,
      `select next_send_at as "nextSendAt", paused_at as "pausedAt", paused_code as "pausedCode" from sms_sender_states where sender = $1`,
      [sender],
    );
    return rows[0] ?? null;
  }

  // True when the sender was not paused before (the first alarm pauses; later ones change nothing).
  async pause(sender: string, code: string): Promise<boolean> {
    const rows = await queryRows<{ sender: string }>(
      this.dataSource.manager,
      `insert into sms_sender_states (sender, paused_at, paused_code) values ($1, now(), $2)
       on conflict (sender) do update set paused_at = now(), paused_code = excluded.paused_code, updated_at = now()
         where sms_sender_states.paused_at is null
       returning sender`,
      [sender, code],
    );
    return rows.length > 0;
  }

  // True when the sender was paused.
  async resume(sender: string): Promise<boolean> {
    const rows = await queryRows<{ sender: string }>(
      this.dataSource.manager,
      `update sms_sender_states set paused_at = null, paused_code = null, updated_at = now()
        where sender = $1 and paused_at is not null returning sender`,
      [sender],
    );
    return rows.length > 0;
  }
}
