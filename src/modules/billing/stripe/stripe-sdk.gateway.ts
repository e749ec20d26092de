import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { BillingError, BillingErrorCode } from '../billing.errors';
import { CheckoutRequest, StripeGateway, SubscriptionSnapshot, VerifiedStripeEvent } from './stripe-gateway';

// Stripe's own default, written out: a signature older than five minutes is refused (replays).
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeSdkOptions {
  secretKey: string;
  webhookSecret: string;
  timeoutMs: number;
  // STRIPE_API_BASE: another API server (stripe-mock, the test fake) through the SDK's host/port/protocol.
  apiBase?: string;
}

// The real adapter: the `stripe` SDK's requests, idempotency keys, retries and webhook signing.
export class StripeSdkGateway extends StripeGateway {
  private readonly log = new Logger('Stripe');
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeSdkOptions) {
    super();
    this.stripe = new Stripe(options.secretKey, {
      ...serverOf(options.apiBase),
      timeout: options.timeoutMs,
      // POSTs carry our idempotency keys, so the SDK's retries of 409/5xx/network errors are safe.
      maxNetworkRetries: 2,
      telemetry: false,
      appInfo: { name: 'josh' },
    });
  }

  verifyEvent(rawBody: Buffer | undefined, signature: string | undefined): VerifiedStripeEvent {
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody ?? '', signature ?? '', this.options.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        this.log.warn({ msg: 'stripe webhook refused', reason: err.message.split('\n')[0] });
        throw new BillingError(BillingErrorCode.InvalidSignature, 'The Stripe-Signature header is missing, wrong or too old.');
      }
      throw new BillingError(BillingErrorCode.InvalidEvent, 'The event is not valid JSON.');
    }
    if (typeof event?.id !== 'string' || !event.id || event.id.length > 255 || typeof event.type !== 'string' || !event.type) {
      throw new BillingError(BillingErrorCode.InvalidEvent, 'The event has no id or type.');
    }
    return { id: event.id, type: event.type, raw: rawBody!.toString('utf8') };
  }

  async createCustomer(userId: string, idempotencyKey: string): Promise<string> {
    // No name, phone or email: Checkout asks for what the payment needs.
    const customer = await this.call(() => this.stripe.customers.create({ metadata: { user_id: userId } }, { idempotencyKey }));
    return customer.id;
  }

  async createCheckoutSession(req: CheckoutRequest, idempotencyKey: string): Promise<{ id: string; url: string }> {
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          customer: req.customerId,
          client_reference_id: req.userId,
          line_items: [{ price: req.priceId, quantity: 1 }],
          success_url: req.successUrl,
          cancel_url: req.cancelUrl,
          metadata: { user_id: req.userId },
          subscription_data: { metadata: { user_id: req.userId } },
        },
        { idempotencyKey },
      ),
    );
    if (!session.url) throw new BillingError(BillingErrorCode.StripeUnavailable, 'Stripe returned a Checkout Session without a URL.');
    return { id: session.id, url: session.url };
  }

  async createPortalSession(customerId: string, returnUrl: string): Promise<{ url: string }> {
    const session = await this.call(() => this.stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl }));
    return { url: session.url };
  }

  async retrieveSubscription(subscriptionId: string): Promise<SubscriptionSnapshot> {
    // No SDK retries here: the webhook holds a row lock meanwhile, and Stripe retries the whole
    // event after our 500 anyway.
    const sub = await this.call(() => this.stripe.subscriptions.retrieve(subscriptionId, {}, { maxNetworkRetries: 0 }));
    return snapshotOf(sub);
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      if (err instanceof BillingError) throw err;
      const e = err as { type?: string; statusCode?: number; requestId?: string };
      throw new BillingError(BillingErrorCode.StripeUnavailable, `Stripe did not answer as expected (${e.type ?? 'network'} ${e.statusCode ?? '-'}).`, {
        stripeRequestId: e.requestId ?? null,
      });
    }
  }
}

function serverOf(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

// Since API version 2025-03-31 the billing period lives on the items; older versions had it on the
// subscription itself.
function snapshotOf(sub: Stripe.Subscription): SubscriptionSnapshot {
  const itemEnds = (sub.items?.data ?? []).map((i) => i.current_period_end).filter((n): n is number => typeof n === 'number');
  const legacyEnd = (sub as unknown as { current_period_end?: number }).current_period_end;
  const end = itemEnds.length ? Math.max(...itemEnds) : legacyEnd;
  const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  return {
    id: sub.id,
    customerId: customer,
    status: sub.status,
    currentPeriodEnd: typeof end === 'number' ? new Date(end * 1000) : null,
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end),
    userIdHint: typeof sub.metadata?.user_id === 'string' ? sub.metadata.user_id : null,
  };
}
