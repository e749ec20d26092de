import type { EntityManager } from 'typeorm';

// TypeORM's postgres driver answers UPDATE/DELETE with [rows, rowCount] and everything else with
// rows; the repositories always want the rows (RETURNING included).
export async function rows<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await manager.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return raw as T[];
}
