import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { SmsRetentionService } from './sms-retention.service';

// Daily; safe on several instances (the sweep claims rows with SKIP LOCKED).
@Injectable()
export class SmsRetentionCron implements OnModuleInit {
  constructor(
    private readonly retention: SmsRetentionService,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ name: 'sms-retention', run: () => this.retention.sweep() });
  }

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: 'sms-retention' })
  async run(): Promise<void> {
    await this.sweeps.run('sms-retention', () => this.retention.sweep());
  }
}
