import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { TransactionRunner } from '../../../database';
import { USER_STATES, type UserState } from '../../../database/enums';
import { ConversationSessionsService } from '../../conversation';
import { UsersService } from '../../identity';
import { MemberDepartureService } from '../../linkups';
import { actorPayload, type SafetyActor } from '../core/safety-actor';
import { SafetyError, SafetyErrorCode } from '../safety.errors';
import { within } from '../within';

export interface SuspensionResult {
  changed: boolean; // false: already suspended (or not suspended, for unsuspend)
  state: UserState; // the member's state afterwards
  linkupsLeft: number;
}

const SUSPENDED_EVENT = 'user.suspended';

// Suspending a member (support, ops role): state `suspended` (the router answers their texts with
// the suspended notice, at most once a day; matching and forming skip them), their pending invite
// closed and every LinkUp ahead left, as with a hard hold. Unsuspending gives back the state they
// had (kept on the `user.suspended` event). Both idempotent, in the caller's transaction when given.
// Lock order as deletion's: the member's session, then LinkUp rows, then the member row.
@Injectable()
export class SuspensionService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: ConversationSessionsService,
    private readonly departures: MemberDepartureService,
    private readonly events: DomainEventsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  suspend(userId: string, actor: SafetyActor, correlationId: string | null, manager?: EntityManager): Promise<SuspensionResult> {
    return within(this.tx, manager, async (m) => {
      const member = await this.mustFind(userId, m);
      if (member.state === 'suspended') return { changed: false, state: member.state, linkupsLeft: 0 };
      await this.sessions.lockForHandling(userId, m);
      const { linkupsLeft } = await this.departures.removeFromUpcoming(userId, 'suspended', correlationId, m);
      const previous = await this.users.suspend(userId, this.clock.now(), m);
      if (!previous) return { changed: false, state: (await this.mustFind(userId, m)).state, linkupsLeft: linkupsLeft.length };
      await this.events.record(
        { entityType: 'user', entityId: userId, eventType: SUSPENDED_EVENT, fromState: previous, toState: 'suspended', correlationId, payload: actorPayload(actor) },
        m,
      );
      return { changed: true, state: 'suspended', linkupsLeft: linkupsLeft.length };
    });
  }

  unsuspend(userId: string, actor: SafetyActor, correlationId: string | null, manager?: EntityManager): Promise<SuspensionResult> {
    return within(this.tx, manager, async (m) => {
      const member = await this.mustFind(userId, m);
      if (member.state !== 'suspended') return { changed: false, state: member.state, linkupsLeft: 0 };
      const restoreTo = await this.stateBefore(userId, m);
      if (!(await this.users.unsuspend(userId, restoreTo, m))) return { changed: false, state: (await this.mustFind(userId, m)).state, linkupsLeft: 0 };
      await this.events.record(
        { entityType: 'user', entityId: userId, eventType: 'user.unsuspended', fromState: 'suspended', toState: restoreTo, correlationId, payload: actorPayload(actor) },
        m,
      );
      return { changed: true, state: restoreTo, linkupsLeft: 0 };
    });
  }

  private async mustFind(userId: string, m: EntityManager) {
    const member = await this.users.findById(userId, m);
    if (!member) throw new SafetyError(SafetyErrorCode.MemberNotFound, 'No such member.');
    if (member.state === 'deleted') throw new SafetyError(SafetyErrorCode.MemberDeleted, 'This member deleted their account.');
    return member;
  }

  // The state the member had when suspended; 'verified' if the event is missing (a row changed by hand).
  private async stateBefore(userId: string, m: EntityManager): Promise<UserState> {
    const from = (await this.events.latest('user', userId, SUSPENDED_EVENT, m))?.fromState;
    return from && from !== 'suspended' && from !== 'deleted' && (USER_STATES as readonly string[]).includes(from) ? (from as UserState) : 'verified';
  }
}
