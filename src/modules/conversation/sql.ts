import type { EntityManager } from 'typeorm';

// TypeORM's postgres driver answers UPDATE/DELETE with [rows, rowCount] and everything else with
// rows; repositories always want the rows (RETURNING included).
export async function queryRows<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await manager.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

// For the hot statements of the inbound path: runs `sql` as a named prepared statement on the
// transaction's connection, so PostgreSQL parses and plans it once per connection instead of once
// per message. Parameters only, as everywhere. Without a connected query runner (no transaction)
// it is a plain query. Errors are the driver's, not wrapped in TypeORM's QueryFailedError.
export async function queryPreparedRows<T>(manager: EntityManager, name: string, sql: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner as { isReleased?: boolean; databaseConnection?: unknown } | undefined;
  const client = runner && !runner.isReleased ? (runner.databaseConnection as PgClient | undefined) : undefined;
  if (!client || typeof client.query !== 'function') return queryRows<T>(manager, sql, params);
  const result = await client.query({ name, text: sql, values: params });
  return result.rows as T[];
}
