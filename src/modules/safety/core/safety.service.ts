import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEventsService } from '../../../common/domain-events';
import { decideApply } from './hold-rules';
import { HoldsRepository } from './holds.repository';
import { actorPayload, SYSTEM } from './safety-actor';
import { SafetyRepository } from './safety.repository';
import { SafetySettings } from './safety.settings';

export type StrikeType = 'no_show' | 'late_cancel' | 'upheld_report';

export interface StrikeRequest {
  userId: string;
  type: StrikeType;
  reason: string; // short code, no personal data ("linkup_no_show")
  // What caused it (e.g. `no_show:{linkupId}:{userId}`): the same cause never strikes twice.
  idempotencyKey: string;
  now: Date;
  correlationId?: string | null;
}

export interface StrikeResult {
  recorded: boolean; // false when this cause had already struck
  activePoints: number;
  holdApplied: boolean;
}

// Holds, blocks and strikes as other modules need them (PRODUCT.md section 10).
@Injectable()
export class SafetyService {
  constructor(
    private readonly safety: SafetyRepository,
    private readonly holds: HoldsRepository,
    private readonly events: DomainEventsService,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  isOnHold(userId: string, now: Date, manager?: EntityManager): Promise<boolean> {
    return this.safety.isOnHold(userId, now, manager);
  }

  blockedPairs(userIds: string[], manager?: EntityManager): Promise<Array<[string, string]>> {
    return this.safety.blockedPairs(userIds, manager);
  }

  // Records a strike once per cause; enough points inside the window put the member on a soft hold
  // (never lowering a hard one). Runs inside the caller's transaction, after its LinkUp row locks:
  // the hold row comes last, as in HoldsService.
  async addStrike(req: StrikeRequest, manager: EntityManager): Promise<StrikeResult> {
    const points = this.pointsFor(req.type);
    const windowEnd = new Date(req.now.getTime() + this.settings.SAFETY_STRIKE_WINDOW_DAYS * 86_400_000);
    const recorded = await this.events.record(
      {
        entityType: 'user',
        entityId: req.userId,
        eventType: 'strike.recorded',
        idempotencyKey: `strike:${req.idempotencyKey}`,
        correlationId: req.correlationId,
        payload: { type: req.type, points, reason: req.reason },
      },
      manager,
    );
    if (!recorded) return { recorded: false, activePoints: await this.safety.activePoints(req.userId, req.now, manager), holdApplied: false };
    await this.safety.insertStrike({ userId: req.userId, type: req.type, points, reason: req.reason, windowStart: req.now, windowEnd }, manager);
    const activePoints = await this.safety.activePoints(req.userId, req.now, manager);
    const holdApplied = activePoints >= this.settings.SAFETY_STRIKE_HOLD_THRESHOLD && (await this.softHoldForStrikes(req, activePoints, manager));
    return { recorded: true, activePoints, holdApplied };
  }

  private pointsFor(type: StrikeType): number {
    if (type === 'no_show') return this.settings.SAFETY_STRIKE_NO_SHOW_POINTS;
    if (type === 'late_cancel') return this.settings.SAFETY_STRIKE_LATE_CANCEL_POINTS;
    return this.settings.SAFETY_STRIKE_UPHELD_REPORT_POINTS;
  }

  // SAFETY_STRIKE_HOLD_DAYS of soft hold, unless a hold is already in force.
  private async softHoldForStrikes(req: StrikeRequest, activePoints: number, manager: EntityManager): Promise<boolean> {
    const until = new Date(req.now.getTime() + this.settings.SAFETY_STRIKE_HOLD_DAYS * 86_400_000);
    const current = await this.holds.lock(req.userId, manager);
    const request = { kind: 'soft_hold' as const, reason: 'strikes', expiresAt: until };
    if (decideApply(current, request, req.now) !== 'applied') return false;
    await this.holds.write(req.userId, { state: 'soft_hold', reason: 'strikes', appliedAt: req.now, expiresAt: until, appliedByAdmin: null }, manager);
    await this.events.record(
      {
        entityType: 'user',
        entityId: req.userId,
        eventType: 'safety_hold.applied',
        fromState: 'none',
        toState: 'soft_hold',
        correlationId: req.correlationId,
        payload: { ...actorPayload(SYSTEM), reason: 'strikes', activePoints, until: until.toISOString() },
      },
      manager,
    );
    return true;
  }
}
