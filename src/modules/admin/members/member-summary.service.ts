import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { maskPhone } from '../../../common/logging/mask';
import { AppConfig } from '../../../config';
import { BillingService, EntitlementsService } from '../../billing';
import { normalisePhoneNumber, SmsConsentService, type SupportUserView, UsersService } from '../../identity';
import { LinkupSupportService } from '../../linkups';
import { ProfileService } from '../../profile';
import { RegionsService } from '../../regions';
import { HoldsService, SafetyService } from '../../safety';
import { AdminError, AdminErrorCode } from '../admin.errors';
import type { MemberSummaryDto } from './members.dto';

const RECENT_LINKUPS = 5;

// The redacted member summary support works from (PRODUCT.md 11), gathered from each module's
// door: identity (masked number, state, SMS consent and deliverability), regions, profile, safety
// (hold, strike points), billing (entitlement, subscription) and LinkUps (the latest five).
@Injectable()
export class MemberSummaryService {
  constructor(
    private readonly users: UsersService,
    private readonly consent: SmsConsentService,
    private readonly regions: RegionsService,
    private readonly profiles: ProfileService,
    private readonly holds: HoldsService,
    private readonly safety: SafetyService,
    private readonly entitlements: EntitlementsService,
    private readonly billing: BillingService,
    private readonly linkups: LinkupSupportService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // Through the phone hash, whatever the format the number is written in; [] when nobody has it.
  async lookupByPhone(raw: string): Promise<MemberSummaryDto[]> {
    const e164 = normalisePhoneNumber(raw, this.config.env.DEFAULT_PHONE_REGION);
    if (!e164) throw new AdminError(AdminErrorCode.InvalidPhone, 'This is not a phone number we can read.', { fields: [{ field: 'phone', code: 'invalid_phone', message: 'Not a valid phone number.' }] });
    const found = await this.users.findByPhoneE164(e164);
    return found ? [await this.summary(found.id)] : [];
  }

  async summary(userId: string, manager?: EntityManager): Promise<MemberSummaryDto> {
    const user = await this.users.supportView(userId, manager);
    if (!user) throw new AdminError(AdminErrorCode.MemberNotFound, 'No such member.');
    const deleted = user.state === 'deleted';
    const [sms, region, profile, hold, strikePoints, entitlement, subscription, recent] = await Promise.all([
      this.smsStatus(user, manager),
      this.region(user, manager),
      this.profiles.supportSummary(userId, manager),
      this.holds.current(userId, manager),
      this.safety.strikePoints(userId, this.clock.now(), manager),
      this.entitlements.findForUser(userId, manager),
      deleted ? null : this.billing.getBillingState(userId, manager),
      this.linkups.recentForUser(userId, RECENT_LINKUPS, manager),
    ]);
    return {
      id: user.id, firstName: user.firstName, phoneMasked: deleted ? null : maskPhone(user.phoneE164), state: user.state,
      createdAt: user.createdAt, suspendedAt: user.suspendedAt, deletedAt: user.deletedAt,
      sms, region, profile, strikePoints,
      hold: hold.hold ? { ...hold.hold, inForce: hold.inForce } : null,
      entitlement: entitlement && {
        participate: entitlement.eligibleToParticipate, initiate: entitlement.eligibleToInitiate, source: entitlement.source, expiresAt: entitlement.expiresAt,
      },
      subscription: subscription && { status: subscription.status, entitled: subscription.entitled, until: subscription.until, renews: subscription.renews, summary: subscription.summary },
      recentLinkups: recent.map((l) => ({ id: l.id, state: l.state, activityKey: l.activityKey, eventTime: l.eventTime, role: l.role, status: l.status })),
    };
  }

  private async smsStatus(user: SupportUserView, manager?: EntityManager): Promise<MemberSummaryDto['sms']> {
    const s = await this.consent.status({ phoneHash: user.phoneHash }, manager);
    return { consent: user.smsConsent, ...s };
  }

  private async region(user: SupportUserView, manager?: EntityManager): Promise<MemberSummaryDto['region']> {
    if (!user.regionId) return null;
    const region = await this.regions.findById(user.regionId, manager);
    if (!region) return null;
    const membership = await this.regions.membershipStatus(user.id, manager);
    return { id: region.id, slug: region.slug, name: region.displayName, state: region.state, membership };
  }
}
