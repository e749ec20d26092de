// What billing needs from Stripe, as a narrow port. The real adapter is StripeSdkGateway (the
// `stripe` SDK, pointed at STRIPE_API_BASE when set); in free mode DisabledStripeGateway refuses.

// A subscription as Stripe reports it now (re-read on every event: events arrive out of order).
export interface SubscriptionSnapshot {
  id: string;
  customerId: string;
  // Stripe's status: trialing, active, past_due, unpaid, canceled, incomplete, incomplete_expired, paused.
  status: string;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  // metadata.user_id, set by our Checkout Session (a fallback when the customer is not mapped).
  userIdHint: string | null;
}

// A webhook event whose signature checked out.
export interface VerifiedStripeEvent {
  id: string;
  type: string;
  // The event exactly as Stripe sent it (stored in stripe_events.payload).
  raw: string;
}

export interface CheckoutRequest {
  userId: string;
  customerId: string;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
}

export abstract class StripeGateway {
  // Throws BillingError(stripe_signature_invalid) for a bad, missing or stale signature.
  abstract verifyEvent(rawBody: Buffer | undefined, signature: string | undefined): VerifiedStripeEvent;
  abstract createCustomer(userId: string, idempotencyKey: string): Promise<string>;
  abstract createCheckoutSession(req: CheckoutRequest, idempotencyKey: string): Promise<{ id: string; url: string }>;
  abstract createPortalSession(customerId: string, returnUrl: string): Promise<{ url: string }>;
  abstract retrieveSubscription(subscriptionId: string): Promise<SubscriptionSnapshot>;
}
