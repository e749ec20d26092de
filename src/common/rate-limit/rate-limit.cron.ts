import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../sweeps';
import { RateLimiter } from './rate-limiter.service';

// Every 10 minutes: counters of windows that are over are deleted (idempotent; two instances
// deleting at once just find fewer rows).
@Injectable()
export class RateLimitSweepCron implements OnModuleInit {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ name: 'rate-limit-counters', run: async () => ({ deleted: await this.limiter.deleteExpired() }) });
  }

  @Cron(CronExpression.EVERY_10_MINUTES, { name: 'rate-limit-counters' })
  async run(): Promise<void> {
    await this.sweeps.run('rate-limit-counters', () => this.limiter.deleteExpired());
  }
}
