// `npm run bench:soak`: the built service as a web and a worker process on a fresh database, first
// a 10 s probe of the webhook's maximum rate at 50 connections, then inbound webhooks at half that
// rate for BENCH_SOAK_MINUTES (default 10). Every 5 s it reads both processes' /metrics (RSS, heap
// used) and the handling lag (age of the oldest unhandled message, backlog). At the end it
// compares the second minute with the last minute: RSS (mean) and heap (floor: the lowest sample,
// right after a collection) must grow less than 10 %, and the handling lag must not grow. BENCH_SOAK_RATE sets the rate instead of the probe.
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { runMain } from '../support';
import { emitBenchResult } from '../support/result';
import { seedMembers, signedInbound, start, stop, createBenchDatabase, serviceEnv } from '../inbound/service';

interface CannonResult { requests: { average: number }; latency: { p50: number; p99: number }; '2xx': number; non2xx: number }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (opts: Record<string, unknown>) => Promise<CannonResult> = require('autocannon');

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const WEB_PORT = 3394;
const WORKER_PORT = 3395;
const SAMPLE_MS = 5_000;

interface Sample { t: number; webRss: number; webHeap: number; workerRss: number; workerHeap: number; lag: number; backlog: number }

async function metric(port: number, names: string[]): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const name of names) {
    const m = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
    out[name] = m ? Number(m[1]) : NaN;
  }
  return out;
}

async function sample(t0: number): Promise<Sample> {
  const mem = ['josh_process_resident_memory_bytes', 'josh_nodejs_heap_size_used_bytes'];
  const [web, worker] = await Promise.all([metric(WEB_PORT, mem), metric(WORKER_PORT, [...mem, 'josh_inbound_oldest_unhandled_seconds', 'josh_inbound_backlog'])]);
  return {
    t: Math.round((Date.now() - t0) / 1000), webRss: web[mem[0]], webHeap: web[mem[1]], workerRss: worker[mem[0]], workerHeap: worker[mem[1]],
    lag: worker.josh_inbound_oldest_unhandled_seconds, backlog: worker.josh_inbound_backlog,
  };
}

const mb = (n: number) => (n / 1048576).toFixed(1);
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  const db = await createBenchDatabase('josh_soak');
  const { name: dbName, url: dbUrl } = db;
  let web: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  try {
    const env = { ...serviceEnv(db, 'warn'), SMS_SENDER_SEGMENTS_PER_SECOND: '1000' };
    web = await start('soak-web', ['dist/src/main.js'], { ...env, PORT: String(WEB_PORT), APP_ROLE: 'web' }, `http://127.0.0.1:${WEB_PORT}/health`);
    worker = await start('soak-worker', ['dist/src/main.js'], { ...env, PORT: String(WORKER_PORT), APP_ROLE: 'worker', DATABASE_RUN_MIGRATIONS: 'false' },
      `http://127.0.0.1:${WORKER_PORT}/health`);
    const phones = await seedMembers(dbUrl);
    const requests = [{ setupRequest: signedInbound(phones, '/webhooks/twilio/sms') }];
    let rate = Number(process.env.BENCH_SOAK_RATE ?? 0);
    if (!rate) {
      const probe = await autocannon({ url: `http://127.0.0.1:${WEB_PORT}`, connections: 50, duration: 10, requests });
      rate = Math.max(10, Math.round(probe.requests.average / 2));
      process.stdout.write(`probe: ${probe.requests.average.toFixed(0)} req/s at 50 connections; soaking at ${rate} req/s for ${MINUTES} min\n`);
      // Let the probe's backlog drain before measuring.
      await new Promise((r) => setTimeout(r, 20_000));
    }
    const t0 = Date.now();
    const samples: Sample[] = [];
    const timer = setInterval(() => void sample(t0).then((s) => {
      samples.push(s);
      if (samples.length % 6 === 0) process.stdout.write(`${String(s.t).padStart(4)} s  web rss ${mb(s.webRss)} MB heap ${mb(s.webHeap)} MB | worker rss ${mb(s.workerRss)} MB heap ${mb(s.workerHeap)} MB | lag ${s.lag.toFixed(2)} s backlog ${s.backlog}\n`);
    }, () => undefined), SAMPLE_MS);
    const result = await autocannon({ url: `http://127.0.0.1:${WEB_PORT}`, connections: 20, overallRate: rate, duration: MINUTES * 60, requests });
    clearInterval(timer);
    const first = samples.filter((s) => s.t >= 60 && s.t < 120);
    const last = samples.filter((s) => s.t >= MINUTES * 60 - 60);
    // Heap used swings with GC; its floor in a window (the lowest sample, just after a collection)
    // is what a leak raises. RSS is compared on averages.
    const level = (k: keyof Sample, xs: Sample[]) => (k.endsWith('Heap') ? Math.min(...xs.map((s) => s[k])) : avg(xs.map((s) => s[k])));
    const growth = (k: keyof Sample) => (level(k, last) / level(k, first) - 1) * 100;
    const lagFirst = avg(first.map((s) => s.lag));
    const lagLast = avg(last.map((s) => s.lag));
    const lines = (['webRss', 'webHeap', 'workerRss', 'workerHeap'] as const).map((k) =>
      `${k.padEnd(10)} ${k.endsWith('Heap') ? 'floor' : 'mean '} minute 2 ${mb(level(k, first))} MB, last minute ${mb(level(k, last))} MB: ${growth(k).toFixed(1)} % ` +
      `(goal < 10 %: ${growth(k) < 10 ? 'met' : 'NOT met'}; means ${mb(avg(first.map((s) => s[k])))} -> ${mb(avg(last.map((s) => s[k])))} MB)`);
    process.stdout.write([
      '',
      `load: ${result.requests.average.toFixed(0)} req/s for ${MINUTES} min (${result['2xx']} answered 200, ${result.non2xx} other), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
      ...lines,
      `handling lag (oldest unhandled) minute 2 ${lagFirst.toFixed(2)} s, last minute ${lagLast.toFixed(2)} s (goal: no growth: ${lagLast <= lagFirst + 1 ? 'met' : 'NOT met'})`,
      '',
    ].join('\n'));
    emitBenchResult('soak', [
      ...(['webRss', 'webHeap', 'workerRss', 'workerHeap'] as const).map((k) => ({ metric: `${k} growth`, unit: '%', value: growth(k), goal: ['<', 10] as ['<', number] })),
      { metric: 'handling lag growth (last minute - minute 2)', unit: 's', value: lagLast - lagFirst, goal: ['<=', 1] },
      { metric: 'load', unit: 'req/s', value: result.requests.average },
    ]);
  } finally {
    await stop(worker);
    await stop(web);
    await db.drop();
  }
}

runMain(main);
