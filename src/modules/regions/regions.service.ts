import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decodeCursor, type Page, pageOf, type PageRequest } from '../../common/pagination';
import { TransactionRunner } from '../../database';
import { DEMO_REGION, WAITLIST_REGION } from './demo-region';
import { RegionMembersPort } from './ports/region-members.port';
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
  wasOpen: boolean; // it was open already (a re-open only finishes what an interrupted one left)
  moved: number; // members taken over from the catch-all waitlist
  activated: number;
  notified: number; // SMS newly queued (0 when an earlier opening already queued them)
}

@Injectable()
export class RegionsService {
  private readonly log = new Logger('RegionsService');

  constructor(
    private readonly regions: RegionsRepository,
    private readonly members: RegionMembersPort,
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
    await this.members.placed([userId], region.id, manager);
    if (status === 'waitlisted') {
      // 'reply': ahead of the first interview question (purpose interview) queued in the same transaction.
      await this.members.tell([{ userId, body: waitlistedText(region), purpose: 'reply', idempotencyKey: `waitlist:${userId}` }], correlationId, manager);
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

  // The member's current membership status (active beats waitlisted), null when they have none.
  async membershipStatus(userId: string, manager?: EntityManager): Promise<MembershipStatus | null> {
    return (await this.regions.findMembershipByUser(userId, manager))?.status ?? null;
  }

  // Deleting a member (safety): their ZIP row and memberships go, in the caller's transaction.
  forgetMember(userId: string, manager: EntityManager): Promise<void> {
    return this.regions.forgetMember(userId, manager);
  }

  // Opens a region: state `open`, members of the catch-all waitlist whose postal code it covers
  // move in, and every waitlisted member becomes active with exactly one SMS. Safe to call twice
  // and from several instances at once: activation claims rows (SKIP LOCKED) and each SMS has the
  // idempotency key region-open:{regionId}:{userId}.
  // With `manager` (the admin API's audited transaction) everything happens in it, so the opening
  // and its audit row commit together; without, the region opens in one transaction and the
  // waitlist is activated in batches of REGION_OPEN_BATCH_SIZE, each its own transaction.
  async openRegion(regionId: string, correlationId: string, manager?: EntityManager): Promise<OpenRegionResult> {
    const region = manager ? await this.markOpen(regionId, manager) : await this.tx.run((m) => this.markOpen(regionId, m));
    let activated = 0;
    let notified = 0;
    for (;;) {
      const batch = manager ? await this.activateBatch(region, correlationId, manager) : await this.tx.run((m) => this.activateBatch(region, correlationId, m));
      activated += batch.activated;
      notified += batch.notified;
      if (batch.activated < this.settings.REGION_OPEN_BATCH_SIZE) break;
    }
    const result = { regionId, wasOpen: region.wasOpen, moved: region.moved, activated, notified };
    this.log.log({ msg: 'region opened', ...result });
    return result;
  }

  // FOR UPDATE on the region: waits for verifications that read it under FOR SHARE (see regionForUser).
  private async markOpen(regionId: string, m: EntityManager): Promise<RegionRecord & { moved: number; wasOpen: boolean }> {
    const region = await this.mustLockOpenable(regionId, 'opened', m);
    if (region.state !== 'open') await this.regions.setState(region.id, 'open', m);
    const waitlist = await this.regions.findBySlug(WAITLIST_REGION.slug, m);
    const moved = waitlist ? await this.regions.moveWaitlistedByPostalCode(waitlist.id, region.id, region.geometry.zips ?? [], m) : [];
    await this.members.placed(moved, region.id, m);
    return { ...region, state: 'open' as const, moved: moved.length, wasOpen: region.state === 'open' };
  }

  // Waitlisted members of the region are told once (region-open:{regionId}:{userId}), whoever opens it.
  private async activateBatch(region: RegionRecord, correlationId: string, m: EntityManager): Promise<{ activated: number; notified: number }> {
    const userIds = await this.regions.activateWaitlistedBatch(region.id, this.settings.REGION_OPEN_BATCH_SIZE, m);
    const body = openedText(region);
    const notified = await this.members.tell(
      userIds.map((userId) => ({ userId, body, purpose: 'notice' as const, idempotencyKey: `region-open:${region.id}:${userId}` })),
      correlationId,
      m,
    );
    return { activated: userIds.length, notified };
  }

  // Closing stops new members from becoming active there (they are waitlisted on verification);
  // members already active stay. Idempotent: false when it was closed already.
  closeRegion(regionId: string, manager?: EntityManager): Promise<{ region: RegionSummary; changed: boolean }> {
    const work = async (m: EntityManager) => {
      const region = await this.mustLockOpenable(regionId, 'closed', m);
      if (region.state !== 'closed') await this.regions.setState(region.id, 'closed', m);
      return { region: { ...summaryOf(region), state: 'closed' as const }, changed: region.state !== 'closed' };
    };
    return manager ? work(manager) : this.tx.run(work);
  }

  // A new region (state waitlisted or closed; opening is openRegion). 409 when the slug is taken.
  async createRegion(region: RegionUpsert & { state: 'waitlisted' | 'closed' }, manager?: EntityManager): Promise<RegionRecord> {
    assertRegionGeometry(region.geometry);
    assertRegionRules(region.rules);
    const created = await this.regions.insertNew(region, manager);
    if (!created) throw new RegionsError(RegionsErrorCode.SlugTaken, `A region with the slug ${region.slug} exists already.`);
    return created;
  }

  // Newest first, without geometry; `zipCount` says how many postal codes each covers.
  async list(page: PageRequest, manager?: EntityManager): Promise<Page<RegionSummary & { zipCount: number; createdAt: Date }>> {
    const rows = await this.regions.listPage(decodeCursor(page.cursor), page.limit + 1, manager);
    return pageOf(rows, page.limit);
  }

  private async mustLockOpenable(regionId: string, verb: 'opened' | 'closed', m: EntityManager): Promise<RegionRecord> {
    const region = await this.regions.lockById(regionId, m);
    if (!region) throw new RegionsError(RegionsErrorCode.NotFound, 'No such region.');
    if (region.slug === WAITLIST_REGION.slug) {
      throw new RegionsError(RegionsErrorCode.WaitlistNotOpenable, `The catch-all waitlist cannot be ${verb}; use a region that covers its postal codes.`);
    }
    return region;
  }
}

function summaryOf(r: RegionRecord): RegionSummary {
  return { id: r.id, slug: r.slug, displayName: r.displayName, state: r.state, rules: r.rules };
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
