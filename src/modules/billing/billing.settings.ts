import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// The billing module's settings (documented in .env.example), validated at boot. The Stripe keys,
// the price and STRIPE_API_BASE are in the root schema, which checks them against BILLING_MODE.
export class BillingSettings {
  // A past_due subscription keeps its entitlements this many days after the payment failed.
  @Type(() => Number) @IsInt() @Min(0) @Max(30)
  BILLING_GRACE_DAYS = 3;

  // Lapsed grace periods the hourly sweep ends per transaction.
  @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  BILLING_SWEEP_BATCH_SIZE = 200;

  // Timeout of one Stripe API call. Webhook processing holds a row lock across its re-read of
  // the subscription, so this stays far below Stripe's 80 s default.
  @Type(() => Number) @IsInt() @Min(1000) @Max(80000)
  STRIPE_TIMEOUT_MS = 10000;
}
