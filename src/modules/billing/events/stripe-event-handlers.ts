import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersService } from '../../identity';
import { StripeCustomersRepository } from '../customers/stripe-customers.repository';
import { SubscriptionSyncService } from '../subscriptions/subscription-sync.service';
import type { StoredStripeEvent } from './stripe-events.repository';

type StripeObject = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The events billing acts on. Any other type is stored and marked processed without effect.
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

// Finds the member and the subscription an event is about; SubscriptionSyncService does the rest.
@Injectable()
export class StripeEventHandlers {
  private readonly log = new Logger('Billing');

  constructor(
    private readonly customers: StripeCustomersRepository,
    private readonly users: UsersService,
    private readonly sync: SubscriptionSyncService,
  ) {}

  async handle(event: StoredStripeEvent, manager: EntityManager): Promise<void> {
    const object = (event.payload.data?.object ?? {}) as StripeObject;
    switch (event.eventType) {
      case 'checkout.session.completed':
        return this.checkoutCompleted(event.stripeEventId, object, manager);
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        return this.forSubscription(event.stripeEventId, str(object.id), idOf(object.customer), metadataUser(object.metadata), manager);
      case 'invoice.paid':
      case 'invoice.payment_failed':
        return this.invoice(event.stripeEventId, object, manager);
      default:
        return;
    }
  }

  // client_reference_id is our user id (set by startCheckout).
  private async checkoutCompleted(eventId: string, session: StripeObject, manager: EntityManager): Promise<void> {
    const userId = str(session.client_reference_id);
    if (!userId || !(await this.memberExists(userId, manager))) return this.skip(eventId, 'unknown client_reference_id');
    const customerId = idOf(session.customer);
    // Normally stored before the checkout began; a checkout made elsewhere still maps its customer.
    if (customerId) await this.customers.insertOnce(userId, customerId, manager);
    const subscriptionId = idOf(session.subscription);
    if (session.mode !== 'subscription' || !subscriptionId) return;
    await this.sync.sync(userId, subscriptionId, eventId, manager);
  }

  // An invoice of a subscription: its period was paid, or its payment failed.
  private async invoice(eventId: string, invoice: StripeObject, manager: EntityManager): Promise<void> {
    // API versions since 2025-03-31 name the subscription under parent.subscription_details.
    const details = ((invoice.parent as StripeObject | null)?.subscription_details ?? null) as StripeObject | null;
    const subscriptionId = idOf(details?.subscription) ?? idOf(invoice.subscription);
    if (!subscriptionId) return; // a one-off invoice: nothing to do with membership
    await this.forSubscription(eventId, subscriptionId, idOf(invoice.customer), metadataUser(details?.metadata), manager);
  }

  private async forSubscription(
    eventId: string, subscriptionId: string | null, customerId: string | null, userHint: string | null, manager: EntityManager,
  ): Promise<void> {
    if (!subscriptionId) return this.skip(eventId, 'no subscription id');
    const userId = await this.memberFor(customerId, userHint, manager);
    if (!userId) return this.skip(eventId, 'customer of no member');
    await this.sync.sync(userId, subscriptionId, eventId, manager);
  }

  // The member through stripe_customers; else the user id our Checkout put in the metadata.
  private async memberFor(customerId: string | null, userHint: string | null, manager: EntityManager): Promise<string | null> {
    const mapped = customerId ? await this.customers.userOf(customerId, manager) : null;
    if (mapped) return mapped;
    if (!userHint || !(await this.memberExists(userHint, manager))) return null;
    if (customerId) await this.customers.insertOnce(userHint, customerId, manager);
    return userHint;
  }

  private async memberExists(userId: string, manager: EntityManager): Promise<boolean> {
    return UUID.test(userId) && (await this.users.findById(userId, manager)) !== null;
  }

  // Not ours (a customer made in the dashboard, a deleted member): stored, processed, no effect.
  private skip(stripeEventId: string, reason: string): void {
    this.log.warn({ msg: 'stripe event not applied', stripeEventId, reason });
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

// Stripe fields hold an id, or the object itself when expanded.
function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v || null;
  return v && typeof v === 'object' ? str((v as StripeObject).id) : null;
}

function metadataUser(metadata: unknown): string | null {
  return metadata && typeof metadata === 'object' ? str((metadata as StripeObject).user_id) : null;
}
