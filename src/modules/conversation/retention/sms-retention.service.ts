import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConversationSettings } from '../conversation.settings';
import { EarlyStatusCallbacksRepository } from '../messages/early-status-callbacks.repository';
import { BodyTable, SmsRetentionRepository } from './sms-retention.repository';

export interface RetentionSummary {
  messages: number;
  jobs: number;
}

@Injectable()
export class SmsRetentionService {
  private readonly log = new Logger(SmsRetentionService.name);

  constructor(
    private readonly retention: SmsRetentionRepository,
    private readonly early: EarlyStatusCallbacksRepository,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Drops message bodies past the retention window, in batches, until none are left.
  async sweep(): Promise<RetentionSummary> {
    const summary = { messages: await this.sweepTable('sms_messages'), jobs: await this.sweepTable('sms_outbound_jobs') };
    if (summary.messages || summary.jobs) this.log.log({ msg: 'message bodies past retention removed', ...summary, days: this.settings.SMS_RETENTION_DAYS });
    // Status callbacks kept for a message row that never appeared (its send failed after all).
    const orphans = await this.early.purgeOlderThan(24);
    if (orphans) this.log.log({ msg: 'early status callbacks without a message removed', count: orphans });
    return summary;
  }

  private async sweepTable(table: BodyTable): Promise<number> {
    const { SMS_RETENTION_DAYS: days, SMS_RETENTION_BATCH_SIZE: size } = this.settings;
    let total = 0;
    for (;;) {
      const n = await this.retention.nullBodiesOlderThan(table, days, size);
      total += n;
      if (n < size) return total;
    }
  }
}
