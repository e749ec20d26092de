import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { HoldsSweepService } from './holds-sweep.service';

// Hourly (PRODUCT.md section 12): end expired holds. Safe on several instances (SKIP LOCKED claims).
@Injectable()
export class HoldsCron {
  constructor(
    private readonly sweep: HoldsSweepService,
    private readonly runner: SweepRunner,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'safety-holds' })
  async endExpired(): Promise<void> {
    await this.runner.run('safety-holds', () => this.sweep.endExpiredHolds());
  }
}
