import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { InboundSmsService } from './inbound-sms.service';

// Every 10 s: stored inbound messages nobody handled (an instance died between storing and
// handling) are handled here. Safe on several instances: handling locks the row (SKIP LOCKED)
// and only a 'received' message is handled.
@Injectable()
export class InboundRecoveryCron implements OnModuleInit {
  constructor(
    private readonly inbound: InboundSmsService,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({
      name: 'sms-inbound-recovery',
      run: async () => {
        const queued = await this.inbound.recoverUnhandled();
        await this.inbound.whenIdle();
        return { queued };
      },
    });
  }

  @Cron(CronExpression.EVERY_10_SECONDS, { name: 'sms-inbound-recovery' })
  async run(): Promise<void> {
    await this.sweeps.run('sms-inbound-recovery', () => this.inbound.recoverUnhandled());
  }
}
