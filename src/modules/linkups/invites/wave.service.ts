import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { inviteExpiry, waveSize } from '../lifecycle/linkup-state';
import { LinkupsSettings } from '../linkups.settings';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { WaveChooser } from '../matching/wave-chooser';
import { ConversationPort } from '../ports/ports';
import { inviteEvent } from '../lock/linkup-lock.service';
import { SpotReleaseService } from '../lock/spot-release.service';
import { SafetyService } from '../../safety/core';
import type { ScoredCandidate } from '../matching/wave-selector';

// Invite waves (PRODUCT.md section 6): keep `multiplier x open slots` invites pending while the
// acceptance window is open, and for a locked LinkUp that lost someone, while its refill window is
// open (until LINKUP_LOCK_LEAD_MINUTES before the event). Called with the LinkUp's row lock held (at
// creation, or by the wave sweep that claimed it), so two waves for one LinkUp never overlap.
@Injectable()
export class WaveService {
  private readonly log = new Logger('WaveService');

  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly participants: ParticipantsRepository,
    private readonly chooser: WaveChooser,
    private readonly events: DomainEventsService,
    private readonly notifier: LinkupNotifier,
    private readonly conversation: ConversationPort,
    private readonly spots: SpotReleaseService,
    private readonly safety: SafetyService,
    private readonly clock: Clock,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  // Returns how many invites went out.
  async sendWave(linkup: LinkupRecord, correlationId: string | null, manager: EntityManager): Promise<number> {
    const now = this.clock.now();
    const refill = linkup.state === 'locked';
    const windowEnd = refill ? this.spots.refillDeadline(linkup) : new Date(linkup.acceptanceWindowEndsAt);
    if ((linkup.state !== 'broadcasting' && !refill) || windowEnd <= now) {
      if (refill) await this.spots.closeRefill(linkup, now, correlationId, manager);
      await this.linkups.recordWave(linkup.id, null, false, manager);
      return 0;
    }
    const group = await this.participants.listConfirmed(linkup.id, manager);
    const pending = await this.invites.countPending(linkup.id, manager);
    const size = waveSize(linkup.maxSize, group.length, pending, this.settings.LINKUP_WAVE_MULTIPLIER);
    if (size === 0) {
      await this.linkups.recordWave(linkup.id, null, false, manager);
      return 0;
    }
    const chosen = await this.choose(linkup, group.map((p) => p.userId), size, now, manager);
    const wave = linkup.wavesSent + 1;
    const expiresAt = inviteExpiry(now, this.settings.LINKUP_INVITE_TTL_MINUTES, windowEnd);
    const inserted = await this.invites.insertWave(
      linkup.id,
      wave,
      chosen.map((c) => ({ userId: c.userId, explainability: c.explainability })),
      now,
      expiresAt,
      manager,
    );
    // Too few candidates: try again later (members free up). Lost races for a member: top up soon.
    const retry = new Date(now.getTime() + this.settings.LINKUP_WAVE_RETRY_MINUTES * 60_000);
    let next = inserted.length >= size ? null : chosen.length < size ? retry : now;
    // A refill comes back at its deadline at the latest, to call off a group still under its minimum.
    if (refill && next && next > windowEnd) next = windowEnd;
    await this.linkups.recordWave(linkup.id, next, inserted.length > 0, manager);
    if (inserted.length > 0) await this.announce(linkup, wave, inserted, chosen, expiresAt, now, correlationId, manager);
    this.log.log({ msg: 'invite wave', linkupId: linkup.id, wave, wanted: size, chosen: chosen.length, invited: inserted.length });
    return inserted.length;
  }

  private async choose(linkup: LinkupRecord, groupIds: string[], size: number, now: Date, manager: EntityManager): Promise<ScoredCandidate[]> {
    const forMatching = { id: linkup.id, regionId: linkup.regionId, brief: linkup.brief, eventTime: new Date(linkup.eventTime), groupUserIds: groupIds };
    return this.withoutBlockedPairs(linkup.id, groupIds, await this.chooser.choose(forMatching, size, now, manager), manager);
  }

  // Matching keeps out members blocked with the group; this also keeps apart two members of one
  // wave, or a member and someone already invited, who blocked each other (better ranked kept).
  private async withoutBlockedPairs(linkupId: string, groupIds: string[], chosen: ScoredCandidate[], manager: EntityManager): Promise<ScoredCandidate[]> {
    if (chosen.length === 0) return chosen;
    const taken = new Set([...groupIds, ...(await this.invites.listPendingUserIds(linkupId, manager))]);
    const pairs = await this.safety.blockedPairs([...taken, ...chosen.map((c) => c.userId)], manager);
    if (pairs.length === 0) return chosen;
    const partners = new Map<string, string[]>();
    for (const [a, b] of pairs) {
      partners.set(a, [...(partners.get(a) ?? []), b]);
      partners.set(b, [...(partners.get(b) ?? []), a]);
    }
    const kept: ScoredCandidate[] = [];
    for (const c of chosen) {
      if ((partners.get(c.userId) ?? []).some((p) => taken.has(p))) continue;
      kept.push(c);
      taken.add(c.userId);
    }
    return kept;
  }

  private async announce(
    linkup: LinkupRecord,
    wave: number,
    inserted: Array<{ id: string; invitedUserId: string }>,
    chosen: Array<{ userId: string; explainability: { top_reasons: string[] } }>,
    expiresAt: Date,
    now: Date,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await this.events.recordMany(
      [
        { entityType: 'linkup', entityId: linkup.id, eventType: 'linkup.wave_sent', idempotencyKey: `linkup.wave_sent:${linkup.id}:${wave}`,
          correlationId, payload: { wave, invited: inserted.length } },
        ...inserted.map((i) => ({ ...inviteEvent({ id: i.id, linkupId: linkup.id }, 'none', 'pending', correlationId), eventType: 'invite.sent', fromState: null })),
      ],
      manager,
    );
    const view = await this.notifier.view(linkup, manager);
    const reasons = new Map(chosen.map((c) => [c.userId, c.explainability.top_reasons]));
    const ttl = Math.max(60, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
    for (const invite of inserted) {
      const body = this.notifier.copy.invite(view, reasons.get(invite.invitedUserId) ?? [], expiresAt);
      await this.notifier.send(invite.invitedUserId, body, 'invite', `invite:${invite.id}`, correlationId, manager, ttl);
      await this.conversation.setMode(invite.invitedUserId, 'awaiting_invite_reply', 'invite', ttl, manager);
    }
  }
}
