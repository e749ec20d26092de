import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../common/sweeps';
import { ProfileService } from './profile.service';

// Daily: complete profiles without a fresh signal for PROFILE_STALE_AFTER_DAYS become stale.
// Safe on several instances (advisory lock per batch, rows claimed with SKIP LOCKED).
@Injectable()
export class StaleProfilesCron implements OnModuleInit {
  constructor(
    private readonly profiles: ProfileService,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ name: 'stale-profiles', run: async () => ({ marked: await this.profiles.markStaleProfiles() }) });
  }

  @Cron(CronExpression.EVERY_DAY_AT_4AM, { name: 'stale-profiles' })
  async run(): Promise<void> {
    await this.sweeps.run('stale-profiles', () => this.profiles.markStaleProfiles());
  }
}
