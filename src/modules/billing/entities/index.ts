import { Entitlement } from './entitlement.entity';
import { StripeCustomer } from './stripe-customer.entity';
import { StripeEvent } from './stripe-event.entity';
import { Subscription } from './subscription.entity';

// The tables billing owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const BILLING_ENTITIES: Function[] = [Entitlement, StripeCustomer, StripeEvent, Subscription];
