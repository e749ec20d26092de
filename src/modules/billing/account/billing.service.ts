import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import { UsersService } from '../../identity';
import { BillingError, BillingErrorCode } from '../billing.errors';
import { StripeCustomersRepository } from '../customers/stripe-customers.repository';
import { EntitlementsRepository } from '../entitlements.repository';
import { billingCopy } from '../sms/billing-copy';
import { BillingNotifier } from '../sms/billing-notifier';
import { StripeGateway } from '../stripe/stripe-gateway';
import { isRunning } from '../subscriptions/subscription-state';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';
import { BillingState, describeBilling } from './billing-state';

// A double click sends the same value; Stripe keys are at most 255 characters.
const IDEMPOTENCY = /^[A-Za-z0-9_:.-]{8,128}$/;

// What the billing page does (PRODUCT.md 8 and 9): show the member's state, start a Checkout
// Session, open the Billing Portal. Controllers (the page, /dev/billing) only call these.
@Injectable()
export class BillingService {
  constructor(
    private readonly gateway: StripeGateway,
    private readonly customers: StripeCustomersRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly entitlements: EntitlementsRepository,
    private readonly users: UsersService,
    private readonly notifier: BillingNotifier,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async getBillingState(userId: string, manager?: EntityManager): Promise<BillingState> {
    await this.requireMember(userId, manager);
    return describeBilling({
      mode: this.config.env.BILLING_MODE,
      subscription: await this.subscriptions.findByUser(userId, manager),
      entitlement: await this.entitlements.findByUser(userId, manager),
      now: this.clock.now(),
      timeZone: await this.notifier.timeZoneOf(userId, manager),
    });
  }

  // A Stripe Checkout Session in subscription mode for the member; `idempotency` comes from the
  // page's form, so a double click gets the same session.
  async startCheckout(userId: string, options: { idempotency: string }): Promise<{ sessionId: string; url: string }> {
    this.requireStripe();
    if (!IDEMPOTENCY.test(options.idempotency)) throw new BillingError(BillingErrorCode.InvalidRequest, 'The idempotency value is malformed.');
    await this.requireMember(userId);
    const sub = await this.subscriptions.findByUser(userId);
    if (sub && isRunning(sub.state)) {
      throw new BillingError(BillingErrorCode.AlreadySubscribed, 'You already have a membership: manage it instead.');
    }
    const customerId = await this.ensureCustomer(userId);
    const base = this.config.publicBaseUrl;
    const session = await this.gateway.createCheckoutSession(
      {
        userId,
        customerId,
        priceId: this.config.env.STRIPE_PRICE_ID!,
        // Stripe fills in {CHECKOUT_SESSION_ID}; our success page may look the session up.
        successUrl: `${base}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${base}/billing/cancel`,
      },
      `checkout:${userId}:${options.idempotency}`,
    );
    return { sessionId: session.id, url: session.url };
  }

  // A Stripe Billing Portal session (change card, cancel, invoices), back to /billing after.
  async startPortal(userId: string): Promise<{ url: string }> {
    this.requireStripe();
    await this.requireMember(userId);
    const customerId = await this.customers.customerOf(userId);
    if (!customerId) throw new BillingError(BillingErrorCode.NoCustomer, 'There is no membership to manage yet: start one instead.');
    return this.gateway.createPortalSession(customerId, `${this.config.publicBaseUrl}/billing`);
  }

  // The sentence added to any "you need a membership" answer (a LinkUp request, for one).
  async howToSubscribe(_userId: string, _manager?: EntityManager): Promise<string> {
    return billingCopy.howToSubscribe(this.config.env.BILLING_MODE);
  }

  // One Stripe customer per member, even for two clicks on two instances: callers queue on a
  // per-member advisory lock and the later ones find the row; the Stripe idempotency key also
  // returns the same customer if we created it but failed to store it (within Stripe's 24 h).
  private async ensureCustomer(userId: string): Promise<string> {
    const known = await this.customers.customerOf(userId);
    if (known) return known;
    return this.tx.run(async (m) => {
      await this.customers.lockCreation(userId, m);
      const mapped = await this.customers.customerOf(userId, m);
      if (mapped) return mapped;
      const customerId = await this.gateway.createCustomer(userId, `customer:${userId}`);
      if (!(await this.customers.insertOnce(userId, customerId, m))) {
        throw new BillingError(BillingErrorCode.StripeUnavailable, 'Stripe returned a customer that belongs to another member.');
      }
      return customerId;
    });
  }

  private requireStripe(): void {
    if (this.config.env.BILLING_MODE !== 'stripe') throw new BillingError(BillingErrorCode.Disabled, 'Billing runs in free mode: there is nothing to pay.');
  }

  private async requireMember(userId: string, manager?: EntityManager): Promise<void> {
    const user = /^[0-9a-f-]{36}$/i.test(userId) ? await this.users.findById(userId, manager) : null;
    if (!user || user.deletedAt) throw new BillingError(BillingErrorCode.NotAMember, 'No such member.');
  }
}
