import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from './sweep-runner';
import { SweepRunsRepository } from './sweep-runs.repository';

// sweep_runs keeps this many days of history.
export const SWEEP_RUNS_RETENTION_DAYS = 30;
const BATCH = 5000;

// Daily: old sweep_runs rows are deleted, in batches (a run of its own, recorded like any other).
@Injectable()
export class SweepRunsCron implements OnModuleInit {
  constructor(
    private readonly runner: SweepRunner,
    private readonly records: SweepRunsRepository,
  ) {}

  onModuleInit(): void {
    this.runner.register({ name: 'sweep-runs-prune', run: () => this.prune() });
  }

  @Cron(CronExpression.EVERY_DAY_AT_5AM, { name: 'sweep-runs-prune' })
  async run(): Promise<void> {
    await this.runner.run('sweep-runs-prune', () => this.prune());
  }

  async prune(): Promise<number> {
    let total = 0;
    for (let n = BATCH; n === BATCH; total += n) n = await this.records.pruneOlderThan(SWEEP_RUNS_RETENTION_DAYS, BATCH);
    return total;
  }
}
