import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationSessionsService, OutboundSmsService } from '../../conversation';
import { EntitlementsService } from '../../billing';
import { UsersService } from '../../identity';
import { RegionLookupRepository } from '../data/region-lookup.repository';
import { ConversationPort, MembersPort, RegionsPort, type MemberRegion, type MemberSummary } from './ports';

// The ports bound to the owning modules' exported services.

@Injectable()
export class ConversationAdapter extends ConversationPort {
  constructor(
    private readonly sessions: ConversationSessionsService,
    private readonly sms: OutboundSmsService,
  ) {
    super();
  }

  async setMode(userId: string, mode: 'idle' | 'awaiting_invite_reply', stateToken: string, ttlSeconds: number | null, manager: EntityManager): Promise<void> {
    await this.sessions.setMode(userId, mode, { stateToken, ttlSeconds }, manager);
  }

  async setModeIfIdle(userId: string, mode: 'awaiting_invite_reply', stateToken: string, ttlSeconds: number | null, manager: EntityManager): Promise<boolean> {
    return (await this.sessions.setModeIfIdle(userId, mode, { stateToken, ttlSeconds }, manager)) !== null;
  }

  async enqueue(req: Parameters<ConversationPort['enqueue']>[0]): Promise<void> {
    await this.sms.enqueue({ ...req, correlationId: req.correlationId ?? undefined });
  }
}

@Injectable()
export class MembersAdapter extends MembersPort {
  constructor(
    private readonly users: UsersService,
    private readonly entitlements: EntitlementsService,
  ) {
    super();
  }

  async find(userId: string, manager?: EntityManager): Promise<MemberSummary | null> {
    const user = await this.users.findById(userId, manager);
    if (!user || user.deletedAt) return null;
    return { id: user.id, firstName: user.firstName, state: user.state, smsConsent: user.smsConsent };
  }

  async canInitiate(userId: string, now: Date, manager?: EntityManager): Promise<boolean> {
    const e = await this.entitlements.findForUser(userId, manager);
    return Boolean(e?.eligibleToInitiate && (!e.expiresAt || new Date(e.expiresAt) > now));
  }
}

@Injectable()
export class RegionsAdapter extends RegionsPort {
  constructor(private readonly regions: RegionLookupRepository) {
    super();
  }

  activeRegionOf(userId: string, manager?: EntityManager): Promise<MemberRegion | null> {
    return this.regions.activeRegionOf(userId, manager);
  }

  async timeZoneOf(regionId: string, manager?: EntityManager): Promise<string> {
    return (await this.regions.rulesOf(regionId, manager))?.timezone ?? 'UTC';
  }

  async venuesFor(regionId: string, activityKey: string, manager?: EntityManager): Promise<string[]> {
    return (await this.regions.rulesOf(regionId, manager))?.venues?.[activityKey] ?? [];
  }
}
