// `npm run bench:inbound`: signed inbound Twilio webhooks at 50 connections for 15 s against the
// built service on a fresh database on real PostgreSQL, and in the same run a bare NestJS endpoint
// doing one INSERT as the ceiling. The service runs as two processes (APP_ROLE=web takes the
// webhooks, APP_ROLE=worker handles them), or as one (BENCH_TOPOLOGY=all). Prints req/s, p50/p99,
// the webhook's ratio to the ceiling, end-to-end handling (stored, routed, reply queued) as a
// ratio to the ceiling, and how long after the load stops the last message is handled.
// BENCH_DATABASE_URL (or DATABASE_URL) names the server (default postgres://postgres@127.0.0.1:5432/postgres);
// BENCH_CONNECTIONS, BENCH_DURATION, BENCH_LOG_LEVEL, BENCH_TOPOLOGY and BENCH_NODE_ARGS (e.g.
// --cpu-prof) tune the run.
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { withClient, runMain } from '../support';
import { seedMembers, signedInbound, start, stop, createBenchDatabase, serviceEnv } from './service';
import { emitBenchResult } from '../support/result';

interface Histogram { average: number; p50: number; p99: number }
interface CannonResult { requests: Histogram; latency: Histogram; non2xx: number; errors: number; timeouts: number; '2xx': number }
type Autocannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
// autocannon ships no types; the two calls below are all we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: Autocannon = require('autocannon');

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP = 3;
const SERVICE_PORT = 3391;
const CEILING_PORT = 3392;
const WORKER_PORT = 3393;
const TOPOLOGY = process.env.BENCH_TOPOLOGY === 'all' ? 'all' : 'split';

function load(port: number, path: string, phones: string[], duration: number): Promise<CannonResult> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: [{ setupRequest: signedInbound(phones, path) }],
  });
}

function line(name: string, r: CannonResult): string {
  return `${name.padEnd(22)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   (2xx ${r['2xx']}, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts})`;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase('josh_bench');
  const { name: dbName, url: dbUrl } = db;
  let service: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let ceiling: ChildProcess | undefined;
  try {
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const env = serviceEnv(db, process.env.BENCH_LOG_LEVEL ?? 'info');
    // The service migrates its fresh database on start.
    service = await start('service', [...nodeArgs, 'dist/src/main.js'], {
      ...env, PORT: String(SERVICE_PORT), APP_ROLE: TOPOLOGY === 'all' ? 'all' : 'web',
    }, `http://127.0.0.1:${SERVICE_PORT}/health`);
    if (TOPOLOGY === 'split') {
      worker = await start('worker', [...nodeArgs, 'dist/src/main.js'], {
        ...env, PORT: String(WORKER_PORT), APP_ROLE: 'worker', DATABASE_RUN_MIGRATIONS: 'false',
      }, `http://127.0.0.1:${WORKER_PORT}/health`);
    }
    const phones = await seedMembers(dbUrl);
    ceiling = await start('ceiling', ['-r', 'ts-node/register/transpile-only', 'bench/inbound/ceiling-app.ts'], {
      PORT: String(CEILING_PORT), DATABASE_URL: dbUrl,
    }, `http://127.0.0.1:${CEILING_PORT}/health`);

    process.stdout.write(`${CONNECTIONS} connections, ${DURATION} s each, after a ${WARMUP} s warm-up; service: ${TOPOLOGY === 'split' ? 'web + worker processes' : 'one process (APP_ROLE=all)'}\n`);
    // The ceiling first, while the service sits idle, and again after the service's run (the
    // service idle again): the mean of the two is the ceiling, so a machine whose other load
    // changes during the run skews the ratio less. Both are printed.
    await load(CEILING_PORT, '/insert', phones, WARMUP);
    const before = await load(CEILING_PORT, '/insert', phones, DURATION);

    const unhandled = () => withClient(dbUrl, async (c) =>
      Number((await c.query(`select count(*) n from sms_messages where direction = 'in' and status = 'received'`)).rows[0].n));
    const drain = async (limitMs: number) => {
      const started = Date.now();
      while ((await unhandled()) > 0 && Date.now() - started < limitMs) await new Promise((r) => setTimeout(r, 100));
      return (Date.now() - started) / 1000;
    };
    await load(SERVICE_PORT, '/webhooks/twilio/sms', phones, WARMUP);
    await drain(120_000);
    const full = await load(SERVICE_PORT, '/webhooks/twilio/sms', phones, DURATION);
    // Handling runs beside the webhook: how long until every message stored under load is handled.
    const backlog = await unhandled();
    const drainSeconds = await drain(300_000);
    const after = await load(CEILING_PORT, '/insert', phones, DURATION);
    await stop(ceiling);
    const bare = { ...before, requests: { ...before.requests, average: (before.requests.average + after.requests.average) / 2 } };
    const counts = await withClient(dbUrl, async (c) => (await c.query(
      `select (select count(*) from sms_messages where direction = 'in')::int inbound,
              (select count(*) from sms_messages where direction = 'in' and status = 'handled')::int handled,
              (select count(*) from sms_outbound_jobs where purpose = 'reply')::int replies,
              (select count(*) from message_events where event_type = 'inbound.routed')::int routed`,
    )).rows[0]);

    const ratio = full.requests.average / bare.requests.average;
    process.stdout.write(`ceiling (mean of before and after): ${bare.requests.average.toFixed(0)} req/s\n`);
    const endToEnd = full['2xx'] / (DURATION + drainSeconds);
    const e2eRatio = endToEnd / bare.requests.average;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    process.stdout.write([
      '',
      line('ceiling before', before),
      line('ceiling after', after),
      line('inbound webhook', full),
      `webhook ratio ${ratio.toFixed(2)} (goal >= 0.60: ${verdict(ratio >= 0.6)}); webhook p99 ${full.latency.p99} ms (goal < 100 ms: ${verdict(full.latency.p99 < 100)})`,
      `end-to-end ratio ${e2eRatio.toFixed(2)} (goal >= 0.50: ${verdict(e2eRatio >= 0.5)}): ${endToEnd.toFixed(0)} messages/s stored, routed and reply queued, over the load and the drain`,
      `drain ${drainSeconds.toFixed(1)} s after the load stopped (goal <= 5 s: ${verdict(drainSeconds <= 5)}); ${backlog} of ${full['2xx']} messages were unhandled when it stopped`,
      `check: ${counts.inbound} inbound rows, ${counts.handled} handled, ${counts.replies} reply jobs, ${counts.routed} routed events (warm-up included)`,
      '',
    ].join('\n'));
    emitBenchResult('inbound', [
      { metric: 'webhook p99', unit: 'ms', value: full.latency.p99, goal: ['<', 100] },
      { metric: 'webhook / one-INSERT ceiling', value: ratio, goal: ['>=', 0.6] },
      { metric: 'webhook throughput', unit: 'req/s', value: full.requests.average },
      { metric: 'end to end / one-INSERT ceiling', value: e2eRatio, goal: ['>=', 0.5] },
      { metric: 'end to end (stored, routed, reply queued)', unit: 'msg/s', value: endToEnd },
      { metric: 'drain after the load stopped', unit: 's', value: drainSeconds, goal: ['<=', 5] },
    ]);
  } finally {
    await stop(ceiling);
    await stop(worker);
    await stop(service);
    await db.drop();
  }
}

runMain(main);
