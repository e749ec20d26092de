import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { TransactionRunner } from '../../../database';
import { BillingSettings } from '../billing.settings';
import { NO_ACCESS } from '../entitlements/access';
import { EntitlementsService } from '../entitlements.service';
import { BillingNotifier } from '../sms/billing-notifier';
import type { LapsedGrace } from '../subscriptions/subscriptions.repository';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';

// A run never takes more than this many batches; the next hourly run goes on.
const MAX_BATCHES = 50;

// Ends the entitlements of past_due members whose grace period ran out (hourly; PRODUCT.md 9).
// Rows are claimed with SKIP LOCKED, so several instances share the work and never end one
// member's access twice; the SMS key is derived from the grace period.
@Injectable()
export class GraceSweepService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly entitlements: EntitlementsService,
    private readonly notifier: BillingNotifier,
    private readonly clock: Clock,
    @Inject(BillingSettings) private readonly settings: BillingSettings,
  ) {}

  async endLapsedGrace(): Promise<{ ended: number }> {
    const size = this.settings.BILLING_SWEEP_BATCH_SIZE;
    let ended = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const claimed = await this.tx.run(async (m) => {
        const rows = await this.subscriptions.claimLapsedGrace(this.clock.now(), size, m);
        for (const row of rows) ended += (await this.endOne(row, m)) ? 1 : 0;
        return rows.length;
      });
      if (claimed < size) break;
    }
    return { ended };
  }

  private async endOne(row: LapsedGrace, manager: EntityManager): Promise<boolean> {
    const key = `grace:${row.id}:${new Date(row.graceUntil).getTime()}`;
    const change = await this.entitlements.applyFromBilling(row.userId, NO_ACCESS, { reason: 'grace_ended', key }, manager);
    if (!change.changed || change.before === 'none') return false;
    await this.notifier.accessEnded(row.userId, key, manager);
    return true;
  }
}
