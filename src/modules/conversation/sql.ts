import type { EntityManager } from 'typeorm';
import type { EncryptedBody } from '../../common/crypto';
import type { NewOutboundJob } from './outbound/outbound-jobs.repository';

// "An inbound message still waiting for its handling", for statements that find the message by its
// id. Written with COLLATE "C" (the same equality for text under any deterministic collation, which
// a database's default always is) so that it does not match the predicate of the partial index
// sms_messages_unhandled_idx: otherwise the planner may pick that index, whose statistics lag
// behind a burst, over the primary key and filter every unhandled message for the one id (10 ms a
// message with a backlog of 20,000, instead of 0.03). The recovery sweep's look, which wants that
// index, keeps the plain `status = 'received'`.
export const RECEIVED = `direction = 'in' and status = 'received' collate "C"`;

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

interface StoredBodyColumns {
  id: string;
  body_ciphertext: Buffer | null;
  body_iv: Buffer | null;
  body_tag: Buffer | null;
  key_version: number;
}

// The encrypted body columns of a message or job row, bound to the row they were read from (the
// cipher authenticates the table and id); null once retention has nulled them.
export function storedBody(r: StoredBodyColumns, table: 'sms_messages' | 'sms_outbound_jobs'): EncryptedBody | null {
  return r.body_ciphertext && r.body_iv && r.body_tag
    ? { ciphertext: r.body_ciphertext, iv: r.body_iv, tag: r.body_tag, keyVersion: r.key_version, binding: { table, rowId: r.id } }
    : null;
}

// The reply jobs of a handling, inserted as one `jobs as (...)` step of a larger statement (a
// handling closes in one round trip): 13 arrays from $first on, as `replyJobParams` lists them;
// `where` holds the step back unless the statement's other steps went through.
export function replyJobsCte(first: number, where = ''): string {
  const $ = (i: number) => `$${first + i}`;
  return `jobs as (
         insert into sms_outbound_jobs (user_id, to_e164, body_ciphertext, body_iv, body_tag, key_version, purpose,
                                        priority, idempotency_key, correlation_id, run_after, expires_at, id)
         select u.user_id, u.to_e164, u.c, u.iv, u.tag, u.v, u.purpose, u.priority, u.idem, u.corr,
                coalesce(u.run_after, now()),
                case when u.valid_for is null then null else now() + make_interval(secs => u.valid_for) end, u.id
           from unnest(${$(0)}::uuid[], ${$(1)}::text[], ${$(2)}::bytea[], ${$(3)}::bytea[], ${$(4)}::bytea[], ${$(5)}::int[], ${$(6)}::text[],
                       ${$(7)}::int[], ${$(8)}::text[], ${$(9)}::uuid[], ${$(10)}::timestamptz[], ${$(11)}::int[], ${$(12)}::uuid[])
                  with ordinality as u(user_id, to_e164, c, iv, tag, v, purpose, priority, idem, corr, run_after, valid_for, id, n)
          ${where}
          order by u.n
         on conflict (idempotency_key) do nothing
       )`;
}

export function replyJobParams(jobs: NewOutboundJob[]): unknown[] {
  return [
    jobs.map((x) => x.userId), jobs.map((x) => x.toE164), jobs.map((x) => x.body.ciphertext), jobs.map((x) => x.body.iv),
    jobs.map((x) => x.body.tag), jobs.map((x) => x.body.keyVersion), jobs.map((x) => x.purpose), jobs.map((x) => x.priority),
    jobs.map((x) => x.idempotencyKey), jobs.map((x) => x.correlationId), jobs.map((x) => x.runAfter), jobs.map((x) => x.validForSeconds),
    jobs.map((x) => x.id),
  ];
}
