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
@Injectable()
export class SweepRunner implements BeforeApplicationShutdown {
  // hostname:pid:random, so two app instances in one process (tests) are told apart too.
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(2).toString('hex')}`;
  private readonly log = new Logger('Sweeps');
  private readonly running = new Map<string, Promise<void>>();
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
    if (this.running.has(sweep)) {
      this.runs.inc({ sweep, outcome: 'overlap' });
      return;
    }
    const run = this.execute(sweep, work);
    this.running.set(sweep, run);
    try {
      await run;
    } finally {
      this.running.delete(sweep);
    }
  }

  // Resolves when no sweep is running on this instance (tests, shutdown).
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.whenIdle();
  }

  private async execute(sweep: string, work: () => Promise<SweepResult>): Promise<void> {
    const startedAt = new Date();
    let outcome: 'ok' | 'failed' = 'ok';
    let details: Record<string, number> = {};
    let error: string | null = null;
    try {
      details = countsOf(await work());
    } catch (err) {
      outcome = 'failed';
      const e = errorSummary(err);
      error = [e.type, e.errorCode].filter((x) => x !== undefined).join(' ') || 'Error';
      this.log.error({ msg: 'sweep failed', sweep, err });
    }
    const finishedAt = new Date();
    const items = Object.values(details).reduce((a, b) => a + b, 0);
    this.runs.inc({ sweep, outcome });
    this.duration.observe({ sweep }, (finishedAt.getTime() - startedAt.getTime()) / 1000);
    if (items > 0) this.items.inc({ sweep }, items);
    if (items === 0 && outcome === 'ok') return;
    if (outcome === 'ok') this.log.log({ msg: 'sweep run', sweep, items, ...details, ms: finishedAt.getTime() - startedAt.getTime() });
    await this.records
      .record({ sweep, instance: this.instance, startedAt, finishedAt, outcome, items, details, error })
      .catch((err: unknown) => this.log.warn({ msg: 'could not record the sweep run', sweep, err }));
  }
}

// A count, or the numeric fields of an object (non-negative integers), by name.
export function countsOf(result: SweepResult): Record<string, number> {
  if (typeof result === 'number') return Number.isFinite(result) && result > 0 ? { count: Math.floor(result) } : {};
  if (!result || typeof result !== 'object') return {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(result as Record<string, unknown>)) if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = Math.floor(v);
  return out;
}
