import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationSessionsService, OutboundSmsService } from '../../conversation';
import { BillingService, EntitlementsService } from '../../billing';
import { UsersService } from '../../identity';
import { RegionsService } from '../../regions';
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
    private readonly billing: BillingService,
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

  howToSubscribe(userId: string, manager: EntityManager): Promise<string> {
    return this.billing.howToSubscribe(userId, manager);
  }
}

@Injectable()
export class RegionsAdapter extends RegionsPort {
  constructor(private readonly regions: RegionsService) {
    super();
  }

  async activeRegionOf(userId: string, manager?: EntityManager): Promise<MemberRegion | null> {
    const regionId = await this.regions.activeRegionOf(userId, manager);
    const region = regionId ? await this.regions.findById(regionId, manager) : null;
    return region ? { regionId: region.id, open: region.state === 'open', timeZone: region.rules.timezone ?? 'UTC' } : null;
  }

  async timeZoneOf(regionId: string, manager?: EntityManager): Promise<string> {
    return (await this.regions.findById(regionId, manager))?.rules.timezone ?? 'UTC';
  }

  async venuesFor(regionId: string, activityKey: string, manager?: EntityManager): Promise<string[]> {
    return (await this.regions.findById(regionId, manager))?.rules.venues?.[activityKey] ?? [];
  }
}
