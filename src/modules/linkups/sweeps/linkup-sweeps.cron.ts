import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { LinkupSweepsService } from './linkup-sweeps.service';

// Every minute (PRODUCT.md section 12): invite expiry and next waves, window close, reminders.
// Safe on several instances: every step claims its row with FOR UPDATE SKIP LOCKED.
@Injectable()
export class LinkupSweepsCron implements OnModuleInit {
  constructor(
    private readonly sweeps: LinkupSweepsService,
    private readonly runner: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.runner.register({
      name: 'linkup-invites',
      run: async () => ({ invitesExpired: await this.sweeps.expireInvites(), ...(await this.sweeps.sendDueWaves()) }),
    });
    this.runner.register({ name: 'linkup-windows', run: () => this.sweeps.closeWindows() });
    this.runner.register({ name: 'linkup-reminders', run: () => this.sweeps.sendDueReminders() });
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'linkup-invites-and-waves' })
  async invites(): Promise<void> {
    // The counts go to the SweepRunner's record of the run.
    await this.runner.run('linkup-invites', async () => ({
      invitesExpired: await this.sweeps.expireInvites(),
      ...(await this.sweeps.sendDueWaves()),
    }));
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'linkup-window-close' })
  async windows(): Promise<void> {
    await this.runner.run('linkup-windows', () => this.sweeps.closeWindows());
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'linkup-reminders' })
  async reminders(): Promise<void> {
    await this.runner.run('linkup-reminders', () => this.sweeps.sendDueReminders());
  }
}
