import { DomainError } from '../../common/errors';

export enum BillingErrorCode {
  Disabled = 'billing_disabled',
  InvalidSignature = 'stripe_signature_invalid',
  InvalidEvent = 'stripe_event_invalid',
  EventNotFound = 'stripe_event_not_found',
  EventFailed = 'stripe_event_failed',
  InvalidRequest = 'billing_request_invalid',
  NotAMember = 'billing_member_not_found',
  AlreadySubscribed = 'billing_already_subscribed',
  NoCustomer = 'billing_no_customer',
  StripeUnavailable = 'stripe_unavailable',
}

const STATUS: Record<BillingErrorCode, number> = {
  [BillingErrorCode.Disabled]: 404,
  [BillingErrorCode.InvalidSignature]: 400,
  [BillingErrorCode.InvalidEvent]: 400,
  [BillingErrorCode.EventNotFound]: 404,
  // 500 on purpose: Stripe retries a webhook that did not answer 2xx.
  [BillingErrorCode.EventFailed]: 500,
  [BillingErrorCode.InvalidRequest]: 422,
  [BillingErrorCode.NotAMember]: 404,
  [BillingErrorCode.AlreadySubscribed]: 409,
  [BillingErrorCode.NoCustomer]: 409,
  [BillingErrorCode.StripeUnavailable]: 502,
};

export class BillingError extends DomainError {
  constructor(code: BillingErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
