import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { DomainEventsService } from '../../common/domain-events';
import { AppConfig } from '../../config';
import { Access, AccessLabel, accessForSubscription, accessLabel, FULL_ACCESS, NO_ACCESS, sameAccess } from './entitlements/access';
import { EntitlementRecord, EntitlementsRepository } from './entitlements.repository';
import { SubscriptionsRepository } from './subscriptions/subscriptions.repository';

// Why billing changed a member's entitlement: recorded on the domain event, and its key makes a
// retried change record nothing twice.
export interface EntitlementCause {
  reason: 'stripe_event' | 'grace_ended' | 'admin_released';
  key: string;
  stripeEventId?: string;
}

export interface EntitlementChange {
  before: AccessLabel;
  after: AccessLabel;
  changed: boolean;
  // True when an admin grant in force kept the row as it was.
  heldByAdmin: boolean;
}

export interface AdminGrant {
  participate: boolean;
  initiate: boolean;
  expiresAt?: Date | null;
}

// Entitlement checks other modules use, and every change of the entitlements row (PRODUCT.md 9):
// free mode grants all; Stripe-derived access follows the subscription; support grants (source
// admin) win over Stripe until they expire or are released. Each change is a domain event.
@Injectable()
export class EntitlementsService {
  constructor(
    private readonly entitlements: EntitlementsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // Returns the row granted, or null when billing is not in free mode.
  async grantFreeIfApplicable(userId: string, manager: EntityManager): Promise<EntitlementRecord | null> {
    if (this.config.env.BILLING_MODE !== 'free') return null;
    return this.entitlements.upsertFree(userId, manager);
  }

  findForUser(userId: string, manager?: EntityManager): Promise<EntitlementRecord | null> {
    return this.entitlements.findByUser(userId, manager);
  }

  // Billing's decision for the member, inside the caller's transaction (which holds the member's
  // subscription row lock, so changes of one member never interleave).
  async applyFromBilling(userId: string, access: Access, cause: EntitlementCause, manager: EntityManager): Promise<EntitlementChange> {
    const now = this.clock.now();
    const before = await this.entitlements.lockByUser(userId, manager);
    const from = accessLabel(before && toAccess(before));
    if (before?.source === 'stripe' && sameAccess(access, toAccess(before))) return { before: from, after: from, changed: false, heldByAdmin: false };
    const after = await this.entitlements.upsertFromBilling(userId, access, now, manager);
    if (!after) return { before: from, after: from, changed: false, heldByAdmin: true };
    const to = accessLabel(toAccess(after));
    await this.record(after, from, to, { reason: cause.reason, stripeEventId: cause.stripeEventId ?? null }, `entitlement:${userId}:${cause.key}`, manager);
    return { before: from, after: to, changed: true, heldByAdmin: false };
  }

  // For the admin API (issue 12), inside its audited transaction: Stripe events never overwrite
  // this grant; it ends at expiresAt (then the next Stripe event decides) or on releaseAdminGrant.
  async grantByAdmin(userId: string, grant: AdminGrant, manager: EntityManager): Promise<EntitlementRecord> {
    const now = this.clock.now();
    const before = await this.entitlements.lockByUser(userId, manager);
    const access: Access = { participate: grant.participate, initiate: grant.initiate, expiresAt: grant.expiresAt ?? null };
    const row = await this.entitlements.upsertAdmin(userId, access, now, manager);
    await this.record(row, accessLabel(before && toAccess(before)), accessLabel(access), { reason: 'admin_grant' }, null, manager);
    return row;
  }

  // Ends an admin grant: the member gets what their subscription (or free mode) gives.
  async releaseAdminGrant(userId: string, manager: EntityManager): Promise<EntitlementRecord | null> {
    const now = this.clock.now();
    const before = await this.entitlements.lockByUser(userId, manager);
    if (!before || before.source !== 'admin') return before;
    const free = this.config.env.BILLING_MODE === 'free';
    const sub = free ? null : await this.subscriptions.findByUser(userId, manager);
    const access = free ? FULL_ACCESS : sub ? accessForSubscription(sub.state, sub.graceUntil, now) : NO_ACCESS;
    const row = await this.entitlements.replaceAdmin(userId, access, free ? 'free' : 'stripe', now, manager);
    if (row) await this.record(row, accessLabel(toAccess(before)), accessLabel(access), { reason: 'admin_released' }, null, manager);
    return row;
  }

  private async record(
    row: EntitlementRecord, from: AccessLabel, to: AccessLabel, details: Record<string, unknown>, key: string | null, manager: EntityManager,
  ): Promise<void> {
    await this.events.record(
      {
        entityType: 'entitlement',
        entityId: row.id,
        eventType: 'entitlement.changed',
        fromState: from,
        toState: to,
        idempotencyKey: key,
        payload: {
          userId: row.userId, source: row.source, participate: row.eligibleToParticipate, initiate: row.eligibleToInitiate,
          expiresAt: row.expiresAt, ...details,
        },
      },
      manager,
    );
  }
}

function toAccess(r: EntitlementRecord): Access {
  return { participate: r.eligibleToParticipate, initiate: r.eligibleToInitiate, expiresAt: r.expiresAt ? new Date(r.expiresAt) : null };
}
