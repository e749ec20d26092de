import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { DomainEventsService } from '../../../common/domain-events';
import { TransactionRunner } from '../../../database';
import { ConversationSessionsService, OutboundSmsService } from '../../conversation';
import { UsersService } from '../../identity';
import { MemberDepartureService } from '../../linkups';
import { SafetyCopy } from '../sms/safety-copy';
import { actorPayload, adminIdOf, type SafetyActor } from '../core/safety-actor';
import { SafetyError, SafetyErrorCode } from '../safety.errors';
import { within } from '../within';
import { decideApply, type HoldChange } from '../core/hold-rules';
import { HoldsRepository, inForce, type HoldKind, type HoldRecord } from '../core/holds.repository';

export interface ApplyHoldRequest {
  userId: string;
  kind: HoldKind;
  reason: string; // short, no personal data ("severe_report", "support_review")
  expiresAt?: Date | null; // null or absent: until cleared
  actor: SafetyActor;
  correlationId?: string | null;
}

export interface ClearHoldRequest {
  userId: string;
  reason: string;
  actor: SafetyActor;
  correlationId?: string | null;
}

export interface HoldResult {
  change: HoldChange | 'cleared' | 'not_on_hold';
  hold: HoldRecord | null;
}

// Holds (PRODUCT.md section 10). A soft hold keeps a member out of invites and from starting
// LinkUps. A hard hold also closes their pending invite, takes them out of every LinkUp ahead (the
// others are told a spot opened; it is offered again) and puts their conversation in
// `safety_hold`, where every text gets the hold notice and nothing else, until it is cleared or
// expires. Every apply and clear is a domain_events row naming the actor.
//
// Lock order: LinkUp rows (taking the member out), then the hold row, as when strikes apply a soft
// hold inside a LinkUp transaction. The session is moved without waiting (a handling holding it
// sees the hold through the conversation gate), so this can run inside another member's handling.
@Injectable()
export class HoldsService {
  constructor(
    private readonly holds: HoldsRepository,
    private readonly users: UsersService,
    private readonly departures: MemberDepartureService,
    private readonly sessions: ConversationSessionsService,
    private readonly sms: OutboundSmsService,
    private readonly events: DomainEventsService,
    private readonly copy: SafetyCopy,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  // Idempotent: the same hold again changes nothing (`unchanged`).
  async applyHold(req: ApplyHoldRequest, manager?: EntityManager): Promise<HoldResult> {
    const now = this.clock.now();
    const expiresAt = req.expiresAt ?? null;
    checkRequest(req.reason, expiresAt, now);
    return within(this.tx, manager, async (m) => {
      if (!(await this.users.findById(req.userId, m))) throw new SafetyError(SafetyErrorCode.MemberNotFound, 'No such member.');
      const request = { kind: req.kind, reason: req.reason, expiresAt };
      if (req.kind === 'hard_hold' && decideApply(await this.holds.find(req.userId, m), request, now) !== 'kept_stronger') {
        await this.departures.removeFromUpcoming(req.userId, 'safety_hold', req.correlationId ?? null, m);
      }
      const current = await this.holds.lock(req.userId, m);
      const change = decideApply(current, request, now);
      if (change === 'unchanged' || change === 'kept_stronger') return { change, hold: current };
      await this.holds.write(req.userId, { state: req.kind, reason: req.reason, appliedAt: now, expiresAt, appliedByAdmin: adminIdOf(req.actor) }, m);
      const from = inForce(current, now) ? current.state : 'none';
      await this.record(req.userId, change === 'applied' ? 'safety_hold.applied' : 'safety_hold.changed', from, req.kind, req.actor,
        { reason: req.reason, until: expiresAt?.toISOString() ?? null }, req.correlationId, m);
      if (req.kind === 'hard_hold') {
        await this.sessions.setModeUnlessBusy(req.userId, 'safety_hold', { stateToken: 'safety_hold', ttlSeconds: null }, m);
      }
      return { change, hold: await this.holds.find(req.userId, m) };
    });
  }

  // Idempotent: clearing a member with no hold in force changes nothing (`not_on_hold`).
  async clearHold(req: ClearHoldRequest, manager?: EntityManager): Promise<HoldResult> {
    checkRequest(req.reason, null, this.clock.now());
    return within(this.tx, manager, async (m) => {
      const current = await this.holds.find(req.userId, m);
      if (!current || current.state === 'none' || current.clearedAt) return { change: 'not_on_hold', hold: current };
      await this.end(await this.holds.lock(req.userId, m), req.actor, req.reason, req.correlationId ?? null, m);
      return { change: 'cleared', hold: await this.holds.find(req.userId, m) };
    });
  }

  // Ends a hold whose row the caller has locked (a clear, or the sweep for an expired one).
  async end(hold: HoldRecord, actor: SafetyActor, reason: string, correlationId: string | null, m: EntityManager): Promise<void> {
    if (hold.state === 'none' || hold.clearedAt) return;
    const now = this.clock.now();
    await this.holds.clear(hold.userId, now, m);
    await this.record(hold.userId, 'safety_hold.cleared', hold.state, 'none', actor, { reason, heldSince: hold.appliedAt }, correlationId, m);
    if (hold.state !== 'hard_hold') return;
    await this.sessions.setModeUnlessBusy(hold.userId, 'idle', { stateToken: 'idle', ttlSeconds: null, onlyFrom: 'safety_hold' }, m);
    const member = await this.users.findById(hold.userId, m);
    if (!member || member.deletedAt) return;
    await this.sms.enqueue({
      userId: hold.userId, body: this.copy.holdCleared(), purpose: 'notice', correlationId: correlationId ?? undefined, manager: m,
      idempotencyKey: `safety_hold.cleared:${hold.userId}:${new Date(hold.appliedAt ?? now).toISOString()}`,
    });
  }

  // The member's hold row as it stands (null: never held) and whether it is in force now.
  async current(userId: string, manager?: EntityManager): Promise<{ hold: HoldRecord | null; inForce: boolean }> {
    const hold = await this.holds.find(userId, manager);
    return { hold, inForce: inForce(hold, this.clock.now()) };
  }

  hardHoldInForce(userId: string, manager?: EntityManager): Promise<boolean> {
    return this.holds.hardHoldInForce(userId, this.clock.now(), manager);
  }

  prefetchHardHolds(userIds: string[], manager: EntityManager): Promise<void> {
    return this.holds.prefetchHardHolds(userIds, this.clock.now(), manager);
  }

  private async record(
    userId: string,
    eventType: string,
    from: string,
    to: string,
    actor: SafetyActor,
    payload: Record<string, unknown>,
    correlationId: string | null | undefined,
    m: EntityManager,
  ): Promise<void> {
    await this.events.record({ entityType: 'user', entityId: userId, eventType, fromState: from, toState: to, correlationId, payload: { ...actorPayload(actor), ...payload } }, m);
  }
}

function checkRequest(reason: string, expiresAt: Date | null, now: Date): void {
  if (!reason || reason.length > 200) throw new SafetyError(SafetyErrorCode.InvalidHold, 'A hold needs a reason of at most 200 characters.');
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)) {
    throw new SafetyError(SafetyErrorCode.InvalidHold, 'A hold can only expire in the future.');
  }
}
