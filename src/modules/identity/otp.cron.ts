import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../config';
import { OtpService } from './otp.service';

// Hourly: expired OTP sessions are deleted (PRODUCT.md 12, "tokens").
@Injectable()
export class OtpSweepCron {
  private readonly log = new Logger('OtpSweepCron');

  constructor(
    private readonly otp: OtpService,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'otp-sessions-sweep' })
  async run(): Promise<void> {
    if (!this.config.sweepsEnabled) return;
    try {
      await this.otp.sweepExpiredSessions();
    } catch (err) {
      this.log.error({ msg: 'OTP session sweep failed', err });
    }
  }
}
