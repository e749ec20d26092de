import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../../config';
import { SmsRetentionService } from './sms-retention.service';

// Daily; safe on several instances (the sweep claims rows with SKIP LOCKED).
@Injectable()
export class SmsRetentionCron {
  constructor(
    private readonly retention: SmsRetentionService,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_DAY_AT_3AM, { name: 'sms-retention' })
  async run(): Promise<void> {
    if (!this.config.sweepsEnabled) return;
    await this.retention.sweep();
  }
}
