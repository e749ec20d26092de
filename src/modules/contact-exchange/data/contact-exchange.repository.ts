import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

export interface StoredChoice {
  targetUserId: string;
  choice: boolean;
}

// The two members of a pair in canonical order (contact_exchanges stores user_a_id < user_b_id).
export function canonicalPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

// contact_exchange_choices and contact_exchanges.
@Injectable()
export class ContactExchangeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async rows<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T[]> {
    return rowsOf<T>(await (manager ?? this.dataSource.manager).query(sql, params));
  }

  // Serialises everything about one pair in one LinkUp until the transaction ends: of two members
  // saying yes to each other at the same moment, the second sees the first's yes. Callers lock
  // their pairs in ascending key order, so two transactions never wait on each other in a cycle.
  async lockPairs(linkupId: string, pairKeys: string[], manager: EntityManager): Promise<void> {
    for (const key of [...pairKeys].sort()) {
      await manager.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`contact-pair:${linkupId}:${key}`]);
    }
  }

  async upsertChoice(linkupId: string, chooserId: string, targetId: string, choice: boolean, manager: EntityManager): Promise<void> {
    await manager.query(
      `insert into contact_exchange_choices (linkup_id, chooser_user_id, target_user_id, choice) values ($1, $2, $3, $4)
       on conflict (linkup_id, chooser_user_id, target_user_id) do update set choice = excluded.choice
        where contact_exchange_choices.choice is distinct from excluded.choice`,
      [linkupId, chooserId, targetId, choice],
    );
  }

  async choiceOf(linkupId: string, chooserId: string, targetId: string, manager?: EntityManager): Promise<boolean | null> {
    const [row] = await this.rows<{ choice: boolean }>(
      `select choice from contact_exchange_choices where linkup_id = $1 and chooser_user_id = $2 and target_user_id = $3`,
      [linkupId, chooserId, targetId],
      manager,
    );
    return row ? row.choice : null;
  }

  async choicesBy(linkupId: string, chooserId: string, manager?: EntityManager): Promise<StoredChoice[]> {
    return this.rows(
      `select target_user_id as "targetUserId", choice from contact_exchange_choices where linkup_id = $1 and chooser_user_id = $2`,
      [linkupId, chooserId],
      manager,
    );
  }

  // Once per pair (contact_exchange_pair_once): the id when this call created it, null otherwise.
  async insertExchange(linkupId: string, a: string, b: string, at: Date, manager: EntityManager): Promise<string | null> {
    const [row] = await this.rows<{ id: string }>(
      `insert into contact_exchanges (linkup_id, user_a_id, user_b_id, revealed_at) values ($1, $2, $3, $4)
       on conflict (linkup_id, user_a_id, user_b_id) do nothing returning id`,
      [linkupId, a, b, at],
      manager,
    );
    return row?.id ?? null;
  }

  // The other member of each exchange this member is in, for one LinkUp.
  async partnersOf(linkupId: string, userId: string, manager?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ partner: string }>(
      `select case when user_a_id = $2 then user_b_id else user_a_id end as partner
         from contact_exchanges where linkup_id = $1 and (user_a_id = $2 or user_b_id = $2)`,
      [linkupId, userId],
      manager,
    );
    return rows.map((r) => r.partner);
  }
}
