import { Injectable, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { SweepRunner } from '../../../common/sweeps';
import { MagicLinksService } from './magic-links.service';

// Hourly (PRODUCT.md 12, "tokens"): links and page sessions that ended a while ago are deleted.
// Idempotent; two instances at once just find fewer rows.
@Injectable()
export class MagicLinksCron implements OnModuleInit {
  constructor(
    private readonly links: MagicLinksService,
    private readonly sweeps: SweepRunner,
  ) {}

  onModuleInit(): void {
    this.sweeps.register({ name: 'magic-links', run: () => this.links.sweepEnded() });
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'magic-links-sweep' })
  async run(): Promise<void> {
    await this.sweeps.run('magic-links', () => this.links.sweepEnded());
  }
}
