import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { BillingSettings } from '../billing.settings';
import { accessForSubscription } from '../entitlements/access';
import { EntitlementsService } from '../entitlements.service';
import { BillingNotifier } from '../sms/billing-notifier';
import { StripeGateway } from '../stripe/stripe-gateway';
import { nextSubscription, type SubscriptionRow, type SubscriptionUpdate } from './subscription-state';
import { SubscriptionsRepository } from './subscriptions.repository';

// Brings a member's subscriptions row, entitlements and texts in line with Stripe. Called for
// every subscription-related event, in the event's processing transaction.
@Injectable()
export class SubscriptionSyncService {
  private readonly log = new Logger('Billing');

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly gateway: StripeGateway,
    private readonly entitlements: EntitlementsService,
    private readonly notifier: BillingNotifier,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
    @Inject(BillingSettings) private readonly settings: BillingSettings,
  ) {}

  // Events arrive late, twice and out of order, so the event's own copy of the subscription is
  // not trusted: the member's row is locked first, then the subscription is re-read from Stripe
  // (Stripe's advice), so whichever event is processed last writes what Stripe says now.
  async sync(userId: string, subscriptionId: string, stripeEventId: string, manager: EntityManager): Promise<void> {
    const row = await this.subscriptions.lockOrCreate(userId, manager);
    const snapshot = await this.gateway.retrieveSubscription(subscriptionId);
    const now = this.clock.now();
    const next = nextSubscription(row, snapshot, now, this.settings.BILLING_GRACE_DAYS);
    if (!next) {
      this.log.log({ msg: 'stripe event left the subscription as it was', stripeEventId, state: row.state, stripeStatus: snapshot.status });
      return;
    }
    await this.subscriptions.update(row.id, next, stripeEventId, manager);
    await this.recordChange(row, next, snapshot.status, stripeEventId, manager);
    if (next.graceUntil && next.graceUntil.getTime() !== row.graceUntil?.getTime()) {
      await this.notifier.paymentFailed(userId, row.id, next.graceUntil, manager);
    }
    const access = accessForSubscription(next.state, next.graceUntil, now);
    const change = await this.entitlements.applyFromBilling(userId, access, { reason: 'stripe_event', key: stripeEventId, stripeEventId }, manager);
    if (change.changed && change.before !== 'none' && change.after === 'none') await this.notifier.accessEnded(userId, stripeEventId, manager);
  }

  private async recordChange(row: SubscriptionRow, next: SubscriptionUpdate, stripeStatus: string, stripeEventId: string, manager: EntityManager): Promise<void> {
    if (next.state === row.state && next.stripeSubscriptionId === row.stripeSubscriptionId) return;
    await this.events.record(
      {
        entityType: 'subscription',
        entityId: row.id,
        eventType: 'subscription.changed',
        fromState: row.state,
        toState: next.state,
        idempotencyKey: `subscription:${row.id}:${stripeEventId}`,
        payload: { userId: row.userId, stripeSubscriptionId: next.stripeSubscriptionId, stripeStatus, stripeEventId, graceUntil: next.graceUntil },
      },
      manager,
    );
  }
}
