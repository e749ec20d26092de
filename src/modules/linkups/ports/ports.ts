import type { EntityManager } from 'typeorm';

// What LinkUps need from other modules, as narrow ports. linkups.module.ts binds each to the owning
// module's exported service, so the rules here never import another module's internals.

export interface MemberRegion {
  regionId: string;
  open: boolean;
  timeZone: string;
}

export abstract class RegionsPort {
  // The region the member is an active member of (null when waitlisted or none).
  abstract activeRegionOf(userId: string, manager?: EntityManager): Promise<MemberRegion | null>;
  abstract timeZoneOf(regionId: string, manager?: EntityManager): Promise<string>;
  // Venue suggestions for an activity from the region's rules.
  abstract venuesFor(regionId: string, activityKey: string, manager?: EntityManager): Promise<string[]>;
}

export interface MemberSummary {
  id: string;
  firstName: string;
  state: string;
  smsConsent: boolean;
}

export abstract class MembersPort {
  abstract find(userId: string, manager?: EntityManager): Promise<MemberSummary | null>;
  abstract canInitiate(userId: string, now: Date, manager?: EntityManager): Promise<boolean>;
  // What an unentitled member is told to do to get a membership (billing owns the words).
  abstract howToSubscribe(userId: string, manager: EntityManager): Promise<string>;
}

export type BehaviourKind = 'invite_accepted' | 'invite_declined' | 'do_again' | 'not_again';

export abstract class ProfileSignalsPort {
  // Applies once per idempotency key, inside the caller's transaction.
  abstract apply(
    userId: string,
    kind: BehaviourKind,
    activityKey: string,
    idempotencyKey: string,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<void>;
}

export abstract class ConversationPort {
  abstract setMode(userId: string, mode: 'idle' | 'awaiting_invite_reply', stateToken: string, ttlSeconds: number | null, manager: EntityManager): Promise<void>;
  // Only while the member is idle; false (nothing changed) when they are busy in another flow.
  abstract setModeIfIdle(userId: string, mode: 'awaiting_invite_reply', stateToken: string, ttlSeconds: number | null, manager: EntityManager): Promise<boolean>;
  abstract enqueue(req: {
    userId: string;
    body: string;
    purpose: 'invite' | 'lock_confirmation' | 'reminder' | 'notice' | 'reply';
    idempotencyKey: string;
    correlationId: string | null;
    validForSeconds?: number;
    manager: EntityManager;
  }): Promise<void>;
}
