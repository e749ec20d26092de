import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { TransactionRunner } from '../../../database';
import { ConversationPrivacyService, ConversationSessionsService } from '../../conversation';
import { MagicLinksService, UsersService } from '../../identity';
import { MemberDepartureService } from '../../linkups';
import { ProfileService } from '../../profile';
import { RegionsService } from '../../regions';
import { actorPayload, type SafetyActor } from '../core/safety-actor';
import { SafetyError, SafetyErrorCode } from '../safety.errors';
import { within } from '../within';

export interface DeletionResult {
  deleted: boolean; // false when the member was already deleted (a retry)
}

// Deleting a member (PRODUCT.md section 13), by DELETE over SMS or by support, in one transaction.
// Each module scrubs its own part:
// - linkups: the pending invite closes, every LinkUp ahead is left (the others told, the spot
//   offered again), outcome feedback nulled;
// - identity: names, email, birthday, number (a placeholder), region; state `deleted`, deleted_at,
//   consent off, OTP sessions gone; phone_hash kept, so blocks, holds, strikes and reports keep
//   applying, and the same number registering again revives this row;
// - conversation: message and job bodies nulled, the number replaced wherever stored, unsent jobs
//   dropped, the session back to idle;
// - profile: emptied, its events removed; regions: postal code and memberships removed;
// - identity again: every unused magic link and open page session revoked.
// Lock order as everywhere: the member's session, then LinkUp rows, then the member row.
@Injectable()
export class MemberDeletionService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: ConversationSessionsService,
    private readonly conversation: ConversationPrivacyService,
    private readonly departures: MemberDepartureService,
    private readonly profiles: ProfileService,
    private readonly regions: RegionsService,
    private readonly magicLinks: MagicLinksService,
    private readonly events: DomainEventsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  deleteMember(userId: string, actor: SafetyActor, manager?: EntityManager, correlationId: string | null = null): Promise<DeletionResult> {
    return within(this.tx, manager, async (m) => {
      const member = await this.users.findById(userId, m);
      if (!member) throw new SafetyError(SafetyErrorCode.MemberNotFound, 'No such member.');
      if (member.deletedAt) return { deleted: false };
      await this.sessions.lockForHandling(userId, m);
      await this.departures.removeFromUpcoming(userId, 'member_deleted', correlationId, m);
      await this.departures.forgetMember(userId, m);
      const scrubbed = await this.users.scrubForDeletion(userId, this.clock.now(), m);
      if (!scrubbed) return { deleted: false };
      await this.conversation.forgetMember(userId, scrubbed.phoneE164, scrubbed.placeholder, m);
      await this.profiles.forgetMember(userId, m);
      await this.regions.forgetMember(userId, m);
      await this.magicLinks.revokeAllForUser(userId, m);
      await this.events.record(
        { entityType: 'user', entityId: userId, eventType: 'user.deleted', fromState: member.state, toState: 'deleted', correlationId, payload: actorPayload(actor) },
        m,
      );
      return { deleted: true };
    });
  }
}
