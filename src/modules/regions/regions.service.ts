import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../../database';
import { OutboundSmsService } from '../conversation';
import { UsersService } from '../identity';
import { DEMO_REGION, WAITLIST_REGION } from './demo-region';
import { assertRegionGeometry, assertRegionRules } from './region-shapes';
import { MembershipStatus, RegionRecord, RegionsRepository, RegionSummary, RegionUpsert } from './regions.repository';
import { RegionsError, RegionsErrorCode } from './regions.errors';
import { RegionsSettings } from './regions.settings';

export interface MembershipAssignment {
  regionId: string;
  regionSlug: string;
  regionName: string;
  status: MembershipStatus;
}

export interface OpenRegionResult {
  regionId: string;
  moved: number; // members taken over from the catch-all waitlist
  activated: number;
  notified: number; // SMS newly queued (0 when an earlier opening already queued them)
}

@Injectable()
export class RegionsService {
  private readonly log = new Logger('RegionsService');

  constructor(
    private readonly regions: RegionsRepository,
    private readonly users: UsersService,
    private readonly sms: OutboundSmsService,
    private readonly tx: TransactionRunner,
    @Inject(RegionsSettings) private readonly settings: RegionsSettings,
  ) {}

  // Validates both JSON shapes (422 JsonShapeError) before anything is written.
  async upsertRegion(region: RegionUpsert, manager?: EntityManager): Promise<RegionRecord> {
    assertRegionGeometry(region.geometry);
    assertRegionRules(region.rules);
    return this.regions.upsertBySlug(region, manager);
  }

  findBySlug(slug: string): Promise<RegionRecord | null> {
    return this.regions.findBySlug(slug);
  }

  // A region's name, state and rules (time zone, venues by activity), without its geometry.
  findById(regionId: string, manager?: EntityManager): Promise<RegionSummary | null> {
    return this.regions.findSummaryById(regionId, manager);
  }

  // The region the member is an active member of; null when they are only waitlisted, released, or have none.
  activeRegionOf(userId: string, manager?: EntityManager): Promise<string | null> {
    return this.regions.findActiveRegionIdByUser(userId, manager);
  }

  seedDemoRegion(): Promise<RegionRecord> {
    return this.upsertRegion(DEMO_REGION);
  }

  // Kept from registration so the region can be chosen at verification and changed later.
  recordPostalCode(userId: string, postalCode: string, countryCode: string, manager?: EntityManager): Promise<void> {
    return this.regions.upsertPostalCode(userId, postalCode, countryCode, manager);
  }

  // On verification: the region covering the member's postal code, `active` when it is open,
  // otherwise `waitlisted` with one SMS saying so. Idempotent: an existing membership is returned as is.
  async assignOnVerification(userId: string, correlationId: string, manager: EntityManager): Promise<MembershipAssignment> {
    const existing = await this.regions.findMembershipByUser(userId, manager);
    if (existing) {
      const region = (await this.regions.findById(existing.regionId, manager))!;
      return { regionId: region.id, regionSlug: region.slug, regionName: region.displayName, status: existing.status };
    }
    const region = await this.regionForUser(userId, manager);
    const status: MembershipStatus = region.state === 'open' && region.slug !== WAITLIST_REGION.slug ? 'active' : 'waitlisted';
    await this.regions.insertMembership(userId, region.id, status, manager);
    await this.users.setRegion([userId], region.id, manager);
    if (status === 'waitlisted') {
      await this.sms.enqueue({
        userId,
        body: waitlistedText(region),
        // Ahead of the first interview question (purpose interview) queued in the same transaction.
        purpose: 'reply',
        idempotencyKey: `waitlist:${userId}`,
        correlationId,
        manager,
      });
    }
    return { regionId: region.id, regionSlug: region.slug, regionName: region.displayName, status };
  }

  // Share-locked: if the region is being opened, wait for it and see it open (see openRegion).
  private async regionForUser(userId: string, manager: EntityManager): Promise<RegionRecord> {
    const postalCode = await this.regions.findPostalCode(userId, manager);
    const matchId = postalCode ? await this.regions.findIdByPostalCode(postalCode, WAITLIST_REGION.slug, manager) : null;
    const id = matchId ?? (await this.regions.insertIfMissing(WAITLIST_REGION, manager)).id;
    return (await this.regions.shareLockById(id, manager))!;
  }

  // Opens a region: state `open`, members of the catch-all waitlist whose postal code it covers
  // move in, and every waitlisted member becomes active with exactly one SMS. Safe to call twice
  // and from several instances at once: activation claims rows (SKIP LOCKED) and each SMS has the
  // idempotency key region-open:{regionId}:{userId}.
  // The member's current membership status (active beats waitlisted), null when they have none.
  async membershipStatus(userId: string, manager?: EntityManager): Promise<MembershipStatus | null> {
    return (await this.regions.findMembershipByUser(userId, manager))?.status ?? null;
  }

  // Deleting a member (safety): their ZIP row and memberships go, in the caller's transaction.
  forgetMember(userId: string, manager: EntityManager): Promise<void> {
    return this.regions.forgetMember(userId, manager);
  }

  async openRegion(regionId: string, correlationId: string): Promise<OpenRegionResult> {
    const region = await this.markOpen(regionId);
    let activated = 0;
    let notified = 0;
    for (;;) {
      const batch = await this.tx.run((m) => this.activateBatch(region, correlationId, m));
      activated += batch.activated;
      notified += batch.notified;
      if (batch.activated < this.settings.REGION_OPEN_BATCH_SIZE) break;
    }
    const result = { regionId, moved: region.moved, activated, notified };
    this.log.log({ msg: 'region opened', ...result });
    return result;
  }

  // FOR UPDATE on the region: waits for verifications that read it under FOR SHARE (see regionForUser).
  private markOpen(regionId: string): Promise<RegionRecord & { moved: number }> {
    return this.tx.run(async (m) => {
      const region = await this.regions.lockById(regionId, m);
      if (!region) throw new RegionsError(RegionsErrorCode.NotFound, 'No such region.');
      if (region.slug === WAITLIST_REGION.slug) {
        throw new RegionsError(RegionsErrorCode.WaitlistNotOpenable, 'The catch-all waitlist cannot be opened; open a region that covers its postal codes.');
      }
      if (region.state !== 'open') await this.regions.setState(region.id, 'open', m);
      const waitlist = await this.regions.findBySlug(WAITLIST_REGION.slug, m);
      const moved = waitlist ? await this.regions.moveWaitlistedByPostalCode(waitlist.id, region.id, region.geometry.zips ?? [], m) : [];
      await this.users.setRegion(moved, region.id, m);
      return { ...region, state: 'open' as const, moved: moved.length };
    });
  }

  private async activateBatch(region: RegionRecord, correlationId: string, m: EntityManager): Promise<{ activated: number; notified: number }> {
    const userIds = await this.regions.activateWaitlistedBatch(region.id, this.settings.REGION_OPEN_BATCH_SIZE, m);
    let notified = 0;
    for (const userId of userIds) {
      const { created } = await this.sms.enqueue({
        userId,
        body: openedText(region),
        purpose: 'notice',
        idempotencyKey: `region-open:${region.id}:${userId}`,
        correlationId,
        manager: m,
      });
      if (created) notified++;
    }
    return { activated: userIds.length, notified };
  }
}

export function waitlistedText(region: RegionRecord): string {
  if (region.slug === WAITLIST_REGION.slug) {
    return "Thanks for verifying! JOSH isn't in your area yet. You're on the waitlist and we'll text you as soon as we launch near you.";
  }
  return `Thanks for verifying! JOSH hasn't opened in ${region.displayName} yet. You're on the waitlist and we'll text you the moment it opens.`;
}

export function openedText(region: RegionRecord): string {
  return `Good news: JOSH is now open in ${region.displayName}! You're off the waitlist. We'll text you when there's a LinkUp that fits you.`;
}
