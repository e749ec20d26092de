// `npm run bench:handling`: the handling alone. A web process stores BENCH_MESSAGES signed inbound
// webhooks while no worker runs; then one worker process (APP_ROLE=worker) starts and handles the
// backlog. Prints the worker's rate and, per message, the CPU time the worker process and the
// PostgreSQL backends serving it used (from /proc, so a busy machine skews them far less than a
// wall-clock rate). BENCH_NODE_ARGS (e.g. --cpu-prof) goes to the worker.
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { withClient, runMain } from '../support';
import { seedMembers, signedInbound, start, stop, createBenchDatabase, serviceEnv } from './service';
import { emitBenchResult } from '../support/result';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (opts: Record<string, unknown>) => Promise<{ '2xx': number }> = require('autocannon');

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 6000);
const WEB_PORT = 3396;
const WORKER_PORT = 3397;
const TICKS = 100; // USER_HZ on Linux

// utime + stime of a process, in seconds; 0 once it is gone.
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const db = await createBenchDatabase('josh_bench');
  const { name: dbName, url: dbUrl } = db;
  let web: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  try {
    const env = serviceEnv(db, process.env.BENCH_LOG_LEVEL ?? 'warn');
    web = await start('web', ['dist/src/main.js'], { ...env, PORT: String(WEB_PORT), APP_ROLE: 'web' }, `http://127.0.0.1:${WEB_PORT}/health`);
    const phones = await seedMembers(dbUrl);
    const stored = await autocannon({
      url: `http://127.0.0.1:${WEB_PORT}`, connections: 20, amount: MESSAGES,
      requests: [{ setupRequest: signedInbound(phones, '/webhooks/twilio/sms') }],
    });
    await stop(web);
    await withClient(dbUrl, (c) => c.query('analyze'));

    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const startedAt = Date.now();
    worker = await start('worker', [...nodeArgs, 'dist/src/main.js'], {
      ...env, PORT: String(WORKER_PORT), APP_ROLE: 'worker', DATABASE_RUN_MIGRATIONS: 'false',
    }, `http://127.0.0.1:${WORKER_PORT}/health`);
    const bootSeconds = (Date.now() - startedAt) / 1000;
    const workerPid = worker.pid as number;
    const backendCpu = new Map<number, number>();
    const unhandled = () => withClient(dbUrl, async (c) => {
      const pids = await c.query(`select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [dbName]);
      for (const { pid } of pids.rows as Array<{ pid: number }>) backendCpu.set(pid, Math.max(backendCpu.get(pid) ?? 0, cpuSeconds(pid)));
      return Number((await c.query(`select count(*) n from sms_messages where direction = 'in' and status = 'received'`)).rows[0].n);
    });
    const baseWorker = cpuSeconds(workerPid);
    const baseBackends = new Map(backendCpu);
    // Handling starts as the worker boots: what it handles from here on is measured.
    const backlog = await unhandled();
    for (const [pid, s] of backendCpu) baseBackends.set(pid, s);
    const t0 = Date.now();
    while ((await unhandled()) > 0 && Date.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 100));
    const seconds = (Date.now() - t0) / 1000;
    const workerCpu = cpuSeconds(workerPid) - baseWorker;
    let pgCpu = 0;
    for (const [pid, s] of backendCpu) pgCpu += s - (baseBackends.get(pid) ?? 0);
    const n = backlog;
    process.stdout.write([
      `${stored['2xx']} messages stored; worker booted in ${bootSeconds.toFixed(1)} s, then handled the ${n} still waiting in ${seconds.toFixed(1)} s: ${(n / seconds).toFixed(0)} msg/s`,
      `CPU per message: worker ${(1e6 * workerCpu / n).toFixed(0)} µs, PostgreSQL backends ${(1e6 * pgCpu / n).toFixed(0)} µs (${backendCpu.size} backends seen)`,
      '',
    ].join('\n'));
    emitBenchResult('handling', [
      { metric: 'handling alone', unit: 'msg/s', value: n / seconds },
      { metric: 'worker CPU per message', unit: 'µs', value: (1e6 * workerCpu) / n },
      { metric: 'PostgreSQL CPU per message', unit: 'µs', value: (1e6 * pgCpu) / n },
    ]);
  } finally {
    await stop(worker);
    await stop(web);
    await db.drop();
  }
}

runMain(main);
