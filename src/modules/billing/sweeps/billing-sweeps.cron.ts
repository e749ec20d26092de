import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { GraceSweepService } from './grace-sweep.service';

// Hourly: lapsed grace periods end (PRODUCT.md 9 and 12).
@Injectable()
export class BillingSweepsCron {
  constructor(
    private readonly grace: GraceSweepService,
    private readonly runner: SweepRunner,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'billing-grace' })
  async run(): Promise<void> {
    await this.runner.run('billing-grace', () => this.grace.endLapsedGrace());
  }
}
