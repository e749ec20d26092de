import { BillingError, BillingErrorCode } from '../billing.errors';
import { StripeGateway } from './stripe-gateway';

// BILLING_MODE=free: there is no Stripe account, so everything Stripe is refused (404).
export class DisabledStripeGateway extends StripeGateway {
  verifyEvent(): never {
    throw disabled();
  }
  createCustomer(): never {
    throw disabled();
  }
  createCheckoutSession(): never {
    throw disabled();
  }
  createPortalSession(): never {
    throw disabled();
  }
  retrieveSubscription(): never {
    throw disabled();
  }
}

function disabled(): BillingError {
  return new BillingError(BillingErrorCode.Disabled, 'Billing runs in free mode: there is nothing to pay.');
}
