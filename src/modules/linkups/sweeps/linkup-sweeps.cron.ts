import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '../../../config';
import { LinkupSweepsService } from './linkup-sweeps.service';

// Every minute (PRODUCT.md section 12): invite expiry and next waves, window close, reminders.
// Safe on several instances: every step claims its row with FOR UPDATE SKIP LOCKED.
@Injectable()
export class LinkupSweepsCron {
  private readonly log = new Logger('LinkupSweepsCron');

  constructor(
    private readonly sweeps: LinkupSweepsService,
    private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'linkup-invites-and-waves' })
  async invites(): Promise<void> {
    if (!this.config.sweepsEnabled) return;
    await this.guard('invites', async () => {
      await this.sweeps.expireInvites();
      await this.sweeps.sendDueWaves();
    });
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'linkup-window-close' })
  async windows(): Promise<void> {
    if (!this.config.sweepsEnabled) return;
    await this.guard('windows', () => this.sweeps.closeWindows());
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'linkup-reminders' })
  async reminders(): Promise<void> {
    if (!this.config.sweepsEnabled) return;
    await this.guard('reminders', () => this.sweeps.sendDueReminders());
  }

  private async guard(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log.error({ msg: 'LinkUp sweep failed', sweep: name, err });
    }
  }
}
