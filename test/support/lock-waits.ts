import { DataSource, QueryRunner } from 'typeorm';

// Lock waits observed in PostgreSQL (pg_locks), not guessed from a sleep: tests that check a code
// path takes a lock hold it in an open transaction (`holdLock`), start the code path, and wait
// until pg_locks shows a backend waiting for that transaction.

export interface HeldLock {
  pid: number;
  runner: QueryRunner;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

// A transaction on its own connection that runs `sql` (e.g. `select ... for update`) and stays open.
export async function holdLock(ds: DataSource, sql: string, params: unknown[] = []): Promise<HeldLock> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  const [{ pid }] = await runner.query('select pg_backend_pid() as pid');
  await runner.query(sql, params);
  const end = async (how: 'commit' | 'rollback') => {
    try {
      if (runner.isTransactionActive) await (how === 'commit' ? runner.commitTransaction() : runner.rollbackTransaction());
    } finally {
      await runner.release();
    }
  };
  return { pid, runner, query: (s, p) => runner.query(s, p), commit: () => end('commit'), rollback: () => end('rollback') };
}

// How many lock requests in pg_locks wait for (are blocked by) backend `holderPid`.
export async function waitersOn(ds: DataSource, holderPid: number): Promise<number> {
  const [{ n }] = await ds.query(
    `select count(*)::int as n from pg_locks w where not w.granted and $1 = any(pg_blocking_pids(w.pid))`,
    [holderPid],
  );
  return n;
}

// Resolves 'waiting' once at least `count` lock requests wait for `holderPid`, 'finished' when
// `work` settled first (it never waited), 'timeout' after `timeoutMs`.
export async function blockedBy(
  ds: DataSource,
  holderPid: number,
  work: Promise<unknown>,
  { count = 1, timeoutMs = 10_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<'waiting' | 'finished' | 'timeout'> {
  let settled = false;
  work.then(() => (settled = true), () => (settled = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await waitersOn(ds, holderPid)) >= count) return 'waiting';
    if (settled) return 'finished';
    await new Promise((r) => setTimeout(r, 10));
  }
  return 'timeout';
}
