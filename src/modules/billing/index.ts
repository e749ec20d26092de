// What other modules may use of billing.
export { BillingModule } from './billing.module';
export { EntitlementsService, type AdminGrant, type EntitlementChange } from './entitlements.service';
export type { EntitlementRecord } from './entitlements.repository';
export { BillingService } from './account/billing.service';
export type { BillingState, BillingStatus } from './account/billing-state';
export { StripeEventsService, type StripeEventOutcome } from './events/stripe-events.service';
export type { StripeEventSummary } from './events/stripe-events.repository';
export { GraceSweepService } from './sweeps/grace-sweep.service';
export { BillingError, BillingErrorCode } from './billing.errors';
