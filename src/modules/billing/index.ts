// What other modules may use of billing.
export { BillingModule } from './billing.module';
export { EntitlementsService } from './entitlements.service';
export type { EntitlementRecord } from './entitlements.repository';
