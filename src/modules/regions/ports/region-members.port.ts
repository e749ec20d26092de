import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

// One text to one member, sent at most once: the idempotency key names its cause
// (`waitlist:{userId}`, `region-open:{regionId}:{userId}`).
export interface RegionNotice {
  userId: string;
  body: string;
  // 'reply' goes ahead of the first interview question queued in the same transaction.
  purpose: 'reply' | 'notice';
  idempotencyKey: string;
}

// What regions needs from the members' side, implemented above it (identity's registration module
// registers it: it keeps users.region_id and has the SMS queue), so regions imports neither
// identity nor conversation. Both run in the caller's transaction.
export interface RegionMembers {
  // The members now belong to the region (verification, or moved in when it opened).
  placed(userIds: string[], regionId: string, manager: EntityManager): Promise<void>;
  // Queues each notice once; returns how many were newly queued.
  tell(notices: RegionNotice[], correlationId: string | null, manager: EntityManager): Promise<number>;
}

@Injectable()
export class RegionMembersPort implements RegionMembers {
  private impl: RegionMembers | null = null;

  register(impl: RegionMembers): void {
    if (this.impl && this.impl !== impl) throw new Error('RegionMembersPort: an implementation is already registered');
    this.impl = impl;
  }

  placed(userIds: string[], regionId: string, manager: EntityManager): Promise<void> {
    return userIds.length ? this.required().placed(userIds, regionId, manager) : Promise.resolve();
  }

  tell(notices: RegionNotice[], correlationId: string | null, manager: EntityManager): Promise<number> {
    return notices.length ? this.required().tell(notices, correlationId, manager) : Promise.resolve(0);
  }

  // Failing loudly beats activating members nobody tells.
  private required(): RegionMembers {
    if (!this.impl) throw new Error('RegionMembersPort: nothing registered (the registration module implements it)');
    return this.impl;
  }
}
