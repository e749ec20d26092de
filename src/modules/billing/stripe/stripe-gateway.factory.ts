import { AppConfig } from '../../../config';
import { BillingSettings } from '../billing.settings';
import { DisabledStripeGateway } from './disabled.gateway';
import { StripeGateway } from './stripe-gateway';
import { StripeSdkGateway } from './stripe-sdk.gateway';

export function createStripeGateway(config: AppConfig, settings: BillingSettings): StripeGateway {
  const env = config.env;
  if (env.BILLING_MODE !== 'stripe') return new DisabledStripeGateway();
  // The root schema already required the three keys for BILLING_MODE=stripe.
  return new StripeSdkGateway({
    secretKey: env.STRIPE_SECRET_KEY!,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
    timeoutMs: settings.STRIPE_TIMEOUT_MS,
    apiBase: env.STRIPE_API_BASE,
  });
}
