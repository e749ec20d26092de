import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config';
import { ProfileService } from './profile.service';

// Daily: complete profiles without a fresh signal for PROFILE_STALE_AFTER_DAYS become stale.
// Safe on several instances (advisory lock per batch, rows claimed with SKIP LOCKED).
@Injectable()
export class StaleProfilesCron {
  private readonly log = new Logger('StaleProfilesCron');

  constructor(
    private readonly profiles: ProfileService,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_4AM, { name: 'stale-profiles' })
  async run(): Promise<void> {
    if (!this.config.sweepsEnabled) return;
    try {
      await this.profiles.markStaleProfiles();
    } catch (err) {
      this.log.error({ msg: 'stale profile sweep failed', err });
    }
  }
}
