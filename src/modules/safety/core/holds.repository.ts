import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PrefetchedPerTransaction } from '../../../database';
import type { SafetyHoldState } from '../../../database/enums';

export type HoldKind = Exclude<SafetyHoldState, 'none'>;

export interface HoldRecord {
  userId: string;
  state: SafetyHoldState;
  reason: string | null;
  appliedAt: Date | null;
  expiresAt: Date | null;
  clearedAt: Date | null;
  appliedByAdmin: string | null;
}

const COLUMNS = `user_id as "userId", state, reason, applied_at as "appliedAt", expires_at as "expiresAt",
  cleared_at as "clearedAt", applied_by_admin as "appliedByAdmin"`;

// "In force": not none, not cleared, not expired. The matching filter (linkups'
// candidates.repository) reads safety_holds with the same predicate.
export function inForce(h: HoldRecord | null, now: Date): h is HoldRecord {
  return Boolean(h && h.state !== 'none' && !h.clearedAt && (!h.expiresAt || new Date(h.expiresAt) > now));
}

// safety_holds: one row per member, rewritten by each apply and clear (domain_events keep the history).
@Injectable()
export class HoldsRepository {
  // The hold gate's answers for an inbound batch (prefetchHardHolds); every write below drops the member's.
  private readonly prefetched = new PrefetchedPerTransaction<boolean>();

  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Every write to a member's hold row comes here first: an answer prefetched for them in this
  // transaction is stale from now on.
  private changing(userId: string, manager: EntityManager): void {
    this.prefetched.forget(userId, manager);
  }

  async find(userId: string, manager?: EntityManager): Promise<HoldRecord | null> {
    const rows: HoldRecord[] = await this.m(manager).query(`select ${COLUMNS} from safety_holds where user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  // Takes the member's hold row lock (creating an empty row first), so applies and clears of one
  // member happen one after the other.
  async lock(userId: string, manager: EntityManager): Promise<HoldRecord> {
    this.changing(userId, manager);
    await manager.query(`insert into safety_holds (user_id, state) values ($1, 'none') on conflict (user_id) do nothing`, [userId]);
    const rows: HoldRecord[] = await manager.query(`select ${COLUMNS} from safety_holds where user_id = $1 for update`, [userId]);
    return rows[0];
  }

  async write(
    userId: string,
    h: { state: HoldKind; reason: string; appliedAt: Date; expiresAt: Date | null; appliedByAdmin: string | null },
    manager: EntityManager,
  ): Promise<void> {
    this.changing(userId, manager);
    await manager.query(
      `update safety_holds set state = $2, reason = $3, applied_at = $4, expires_at = $5, applied_by_admin = $6,
              cleared_at = null, updated_at = now()
        where user_id = $1`,
      [userId, h.state, h.reason, h.appliedAt, h.expiresAt, h.appliedByAdmin],
    );
  }

  async clear(userId: string, at: Date, manager: EntityManager): Promise<void> {
    this.changing(userId, manager);
    await manager.query(`update safety_holds set state = 'none', cleared_at = $2, updated_at = now() where user_id = $1`, [userId, at]);
  }

  // A hard hold in force: the conversation gate asks this for every text that reaches a session.
  async hardHoldInForce(userId: string, now: Date, manager?: EntityManager): Promise<boolean> {
    const known = this.prefetched.take(userId, manager);
    if (known) return known.value;
    return (await this.hardHeld([userId], now, this.m(manager))).has(userId);
  }

  // hardHoldInForce for every member of an inbound batch, in one statement: each answer is kept for
  // the member's first text in this transaction (PrefetchedPerTransaction).
  async prefetchHardHolds(userIds: string[], now: Date, manager: EntityManager): Promise<void> {
    const held = await this.hardHeld(userIds, now, manager);
    this.prefetched.put(manager, new Map(userIds.map((id) => [id, held.has(id)])));
  }

  // Which of these members have a hard hold in force.
  private async hardHeld(userIds: string[], now: Date, manager: EntityManager): Promise<Set<string>> {
    const rows: Array<{ userId: string }> = await manager.query(
      `select user_id as "userId" from safety_holds where user_id = any($1::uuid[]) and state = 'hard_hold' and cleared_at is null
          and (expires_at is null or expires_at > $2)`,
      [userIds, now],
    );
    return new Set(rows.map((r) => r.userId));
  }

  // The hourly sweep's claim: holds past their expiry not yet ended; rows another instance holds
  // are skipped (safety_holds_expiry_idx).
  async claimExpired(now: Date, limit: number, manager: EntityManager): Promise<HoldRecord[]> {
    return manager.query(
      `select ${COLUMNS} from safety_holds
        where state <> 'none' and cleared_at is null and expires_at <= $1
        order by expires_at limit $2
        for update skip locked`,
      [now, limit],
    );
  }
}
