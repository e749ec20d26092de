import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config';
import { EntitlementRecord, EntitlementsRepository } from './entitlements.repository';

// Entitlement checks other modules use. Stripe-derived entitlements come with the billing issue;
// this is the free mode (PRODUCT.md 9): every verified member may participate and initiate.
@Injectable()
export class EntitlementsService {
  constructor(
    private readonly entitlements: EntitlementsRepository,
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
}
