import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Counter, Histogram } from 'prom-client';
import { AppConfig } from '../../config';
import { errorSummary } from '../logging/log-safe';
import { MetricsService } from '../metrics';
import { SweepRunsRepository } from './sweep-runs.repository';

// What a sweep's work may return: a count, or counts by name ({ remindersSent: 3, ... }).
export type SweepResult = unknown;

// A sweep as the registry knows it: a name and the work one run does (what it returns is its report).
export interface RegisteredSweep {
  name: string;
  run: () => Promise<unknown>;
  // Lower runs first in runAllNow (default 0): outbound dispatch registers late, so the SMS the
  // other sweeps queue go out in the same run.
  order?: number;
}

export interface SweepRunReport {
  name: string;
  ok: boolean;
  result?: unknown;
  error?: string;
  ms: number;
}

// What every scheduled sweep does around its work, so each sweep (and those other modules add)
// gets it by calling run():
// - nothing on an instance that runs no sweeps (SWEEPS_ENABLED=false, or APP_ROLE=web);
// - one run of a sweep at a time per instance (a tick that finds the last run still going is
//   skipped and counted), and none once shutdown began;
// - a failed run is logged (through the err serializer) instead of escaping the scheduler, and
//   never stops other sweeps; the next tick tries again;
// - every run is counted in /metrics (josh_sweep_runs_total, josh_sweep_duration_seconds,
//   josh_sweep_items_total), and a run that changed something or failed is recorded in sweep_runs
//   and logged with its counts.
// Running the same sweep on several instances at once is the sweep's own business: it claims
// its units of work with FOR UPDATE SKIP LOCKED (or an advisory lock), in bounded batches.
// It is also the registry of sweeps: each module registers its sweeps (from the cron class, in
// onModuleInit), and runAllNow runs every one of them once, in order (POST /dev/sweeps/run),
// recorded and counted like scheduled runs.
@Injectable()
export class SweepRunner implements BeforeApplicationShutdown {
  // hostname:pid:random, so two app instances in one process (tests) are told apart too.
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
  private readonly log = new Logger('Sweeps');
  private readonly running = new Map<string, Promise<void>>();
  private readonly registered: RegisteredSweep[] = [];
  private stopped = false;
  private readonly runs: Counter<string>;
  private readonly items: Counter<string>;
  private readonly duration: Histogram<string>;

  constructor(
    private readonly config: AppConfig,
    private readonly records: SweepRunsRepository,
    metrics: MetricsService,
  ) {
    this.runs = metrics.counter('josh_sweep_runs_total', 'Sweep runs by outcome (ok, failed, overlap = skipped: still running)', ['sweep', 'outcome']);
    this.items = metrics.counter('josh_sweep_items_total', 'Units of work done by sweeps', ['sweep']);
    this.duration = metrics.histogram('josh_sweep_duration_seconds', 'Sweep run duration', ['sweep'], [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300]);
  }

  get enabled(): boolean {
    return this.config.sweepsEnabled;
  }

  async run(sweep: string, work: () => Promise<SweepResult>): Promise<void> {
    if (!this.enabled || this.stopped) return;
    await this.once(sweep, work);
  }

  register(sweep: RegisteredSweep): void {
    if (this.registered.some((s) => s.name === sweep.name)) throw new Error(`a sweep named ${sweep.name} is already registered`);
    this.registered.push(sweep);
  }

  get names(): string[] {
    return this.sorted().map((s) => s.name);
  }

  // Every registered sweep once, now, whatever SWEEPS_ENABLED says (an explicit request); a failing
  // sweep is reported and the others still run.
  async runAllNow(): Promise<SweepRunReport[]> {
    const reports: SweepRunReport[] = [];
    for (const sweep of this.sorted()) {
      const started = Date.now();
      const outcome = await this.once(sweep.name, sweep.run);
      reports.push(outcome.ok
        ? { name: sweep.name, ok: true, result: outcome.result ?? null, ms: Date.now() - started }
        : { name: sweep.name, ok: false, error: outcome.error, ms: Date.now() - started });
    }
    return reports;
  }

  private async once(sweep: string, work: () => Promise<SweepResult>): Promise<Outcome> {
    const current = this.running.get(sweep);
    if (current) {
      this.runs.inc({ sweep, outcome: 'overlap' });
      return { ok: true, result: { overlap: 1 } };
    }
    const run = this.execute(sweep, work);
    this.running.set(sweep, run.then(() => undefined));
    try {
      return await run;
    } finally {
      this.running.delete(sweep);
    }
  }

  private sorted(): RegisteredSweep[] {
    return this.registered.map((s, i) => ({ s, i })).sort((a, b) => (a.s.order ?? 0) - (b.s.order ?? 0) || a.i - b.i).map((x) => x.s);
  }

  // Resolves when no sweep is running on this instance (tests, shutdown).
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.whenIdle();
  }

  private async execute(sweep: string, work: () => Promise<SweepResult>): Promise<Outcome> {
    const startedAt = new Date();
    let outcome: 'ok' | 'failed' = 'ok';
    let details: Record<string, number> = {};
    let error: string | null = null;
    let result: unknown;
    let message = '';
    try {
      result = await work();
      details = countsOf(result);
    } catch (err) {
      outcome = 'failed';
      const e = errorSummary(err);
      error = [e.type, e.errorCode].filter((x) => x !== undefined).join(' ') || 'Error';
      message = err instanceof Error ? err.message : String(err);
      this.log.error({ msg: 'sweep failed', sweep, err });
    }
    const finishedAt = new Date();
    const items = Object.values(details).reduce((a, b) => a + b, 0);
    this.runs.inc({ sweep, outcome });
    this.duration.observe({ sweep }, (finishedAt.getTime() - startedAt.getTime()) / 1000);
    if (items > 0) this.items.inc({ sweep }, items);
    if (items > 0 || outcome === 'failed') {
      if (outcome === 'ok') this.log.log({ msg: 'sweep run', sweep, items, ...details, ms: finishedAt.getTime() - startedAt.getTime() });
      await this.records
        .record({ sweep, instance: this.instance, startedAt, finishedAt, outcome, items, details, error })
        .catch((err: unknown) => this.log.warn({ msg: 'could not record the sweep run', sweep, err }));
    }
    return outcome === 'ok' ? { ok: true, result } : { ok: false, error: message };
  }
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: string };

// A count, or the numeric fields of an object (non-negative integers), by name.
export function countsOf(result: SweepResult): Record<string, number> {
  if (typeof result === 'number') return Number.isFinite(result) && result > 0 ? { count: Math.floor(result) } : {};
  if (!result || typeof result !== 'object') return {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(result as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = Math.floor(v);
  return out;
}
