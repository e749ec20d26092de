import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ConsumedLink {
  id: string;
  userId: string;
  purpose: string;
  linkupId: string | null;
}

export interface LinkState extends ConsumedLink {
  // Not consumed and not expired: a POST would consume it.
  usable: boolean;
}

// The postgres driver answers UPDATE/DELETE with [rows, count] and everything else with rows.
function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

const LINK = `id, user_id as "userId", purpose, linkup_id as "linkupId"`;

// magic_links: only the SHA-256 of a token is ever stored or looked up. Times come from the app
// Clock (the dev clock moves them), passed in as parameters.
@Injectable()
export class MagicLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async rows<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T[]> {
    return rowsOf<T>(await (manager ?? this.dataSource.manager).query(sql, params));
  }

  async insert(
    link: { userId: string; tokenHash: string; purpose: string; linkupId: string | null; expiresAt: Date; now: Date },
    manager?: EntityManager,
  ): Promise<string> {
    const [row] = await this.rows<{ id: string }>(
      `insert into magic_links (user_id, token_hash, purpose, linkup_id, expires_at, created_at)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [link.userId, link.tokenHash, link.purpose, link.linkupId, link.expiresAt, link.now],
      manager,
    );
    return row.id;
  }

  // Single use: one atomic UPDATE guarded by "not consumed, not expired". Of any number of
  // concurrent consumers (on any instance), exactly one gets the row back.
  async consume(tokenHash: string, now: Date, manager: EntityManager): Promise<ConsumedLink | null> {
    const [row] = await this.rows<ConsumedLink>(
      `update magic_links set consumed_at = $2
        where token_hash = $1 and consumed_at is null and expires_at > $2
       returning ${LINK}`,
      [tokenHash, now],
      manager,
    );
    return row ?? null;
  }

  // Read-only (GET /m/<token> changes nothing).
  async inspect(tokenHash: string, now: Date): Promise<LinkState | null> {
    const [row] = await this.rows<LinkState>(
      `select ${LINK}, (consumed_at is null and expires_at > $2) as usable from magic_links where token_hash = $1`,
      [tokenHash, now],
    );
    return row ?? null;
  }

  // Every link of the member not yet used stops working now.
  async expireUnconsumed(userId: string, now: Date, manager?: EntityManager): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `update magic_links set expires_at = $2 where user_id = $1 and consumed_at is null and expires_at > $2 returning id`,
      [userId, now],
      manager,
    );
    return rows.length;
  }

  async deleteEndedBatch(before: Date, limit: number, manager?: EntityManager): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `delete from magic_links where id in (select id from magic_links where expires_at < $1 limit $2) returning id`,
      [before, limit],
      manager,
    );
    return rows.length;
  }
}
