import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

function rowsOf<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

// page_sessions: looked up by the SHA-256 of the cookie value only.
@Injectable()
export class PageSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async rows<T>(sql: string, params: unknown[], manager?: EntityManager): Promise<T[]> {
    return rowsOf<T>(await (manager ?? this.dataSource.manager).query(sql, params));
  }

  async insert(idHash: string, userId: string, now: Date, expiresAt: Date, manager?: EntityManager): Promise<string> {
    const [row] = await this.rows<{ id: string }>(
      `insert into page_sessions (id_hash, user_id, created_at, last_seen_at, expires_at) values ($1, $2, $3, $3, $4) returning id`,
      [idHash, userId, now, expiresAt],
      manager,
    );
    return row.id;
  }

  // A live session (not revoked, not past its end, seen within the idle span) is marked seen now,
  // in the same statement that checks it; anything else answers null and changes nothing.
  async touch(idHash: string, now: Date, idleSeconds: number): Promise<{ id: string; userId: string } | null> {
    const [row] = await this.rows<{ id: string; userId: string }>(
      `update page_sessions set last_seen_at = $2
        where id_hash = $1 and revoked_at is null and expires_at > $2 and last_seen_at > $2::timestamptz - make_interval(secs => $3)
       returning id, user_id as "userId"`,
      [idHash, now, idleSeconds],
    );
    return row ?? null;
  }

  async revoke(idHash: string, now: Date): Promise<void> {
    await this.rows(`update page_sessions set revoked_at = $2 where id_hash = $1 and revoked_at is null`, [idHash, now]);
  }

  async revokeForUser(userId: string, now: Date, manager?: EntityManager): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `update page_sessions set revoked_at = $2 where user_id = $1 and revoked_at is null and expires_at > $2 returning id`,
      [userId, now],
      manager,
    );
    return rows.length;
  }

  async deleteEndedBatch(before: Date, limit: number, manager?: EntityManager): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `delete from page_sessions where id in (
         select id from page_sessions where expires_at < $1 or revoked_at < $1 limit $2
       ) returning id`,
      [before, limit],
      manager,
    );
    return rows.length;
  }
}
