import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../common/sweeps';
import { OtpService } from './otp.service';
import { RegistrationPurgeService } from './registration/registration-purge.service';

// Hourly (PRODUCT.md 12, "tokens"): expired OTP sessions are deleted, and registrations never
// verified are purged after REGISTRATION_UNVERIFIED_RETENTION_DAYS.
@Injectable()
export class OtpSweepCron implements OnModuleInit {
  constructor(
    private readonly otp: OtpService,
    private readonly purge: RegistrationPurgeService,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ name: 'otp-sessions', run: () => this.sweep() });
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'otp-sessions-sweep' })
  async run(): Promise<void> {
    await this.sweeps.run('otp-sessions', () => this.sweep());
  }

  private async sweep(): Promise<{ deleted: number; purged: number }> {
    return { deleted: await this.otp.sweepExpiredSessions(), purged: await this.purge.purgeStale() };
  }
}
