import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../common/sweeps';
import { OtpService } from './otp.service';

// Hourly: expired OTP sessions are deleted (PRODUCT.md 12, "tokens").
@Injectable()
export class OtpSweepCron implements OnModuleInit {
  constructor(
    private readonly otp: OtpService,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ name: 'otp-sessions', run: async () => ({ deleted: await this.otp.sweepExpiredSessions() }) });
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'otp-sessions-sweep' })
  async run(): Promise<void> {
    await this.sweeps.run('otp-sessions', () => this.otp.sweepExpiredSessions());
  }
}
