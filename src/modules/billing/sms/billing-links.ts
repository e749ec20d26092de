import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MagicLinksService, MagicLinkTargets } from '../../identity';

export const BILLING_PAGE = '/billing';

// Magic links to the billing page (purpose 'billing'), for the texts that need one.
@Injectable()
export class BillingLinks {
  constructor(
    private readonly links: MagicLinksService,
    private readonly targets: MagicLinkTargets,
  ) {}

  // From BillingModule.onModuleInit: where a billing link leads once consumed.
  register(): void {
    this.targets.register('billing', { buttonLabel: 'Open my membership', path: () => BILLING_PAGE, renewWord: 'BILLING' });
  }

  // A fresh one-use link; pass the transaction that queues the SMS carrying it.
  async issue(userId: string, manager: EntityManager): Promise<string> {
    return (await this.links.issue({ userId, purpose: 'billing', manager })).url;
  }
}
