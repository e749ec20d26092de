import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboundSmsService } from '../../conversation';
import type { RegionMembers, RegionNotice } from '../../regions';
import { UsersService } from '../users.service';

// Regions' port, implemented on the members' side (registered by RegistrationModule): identity keeps
// users.region_id in step with the membership, and the texts go through the SMS queue, each once
// under its idempotency key. Regions itself imports neither identity nor conversation.
@Injectable()
export class RegionMembersAdapter implements RegionMembers {
  constructor(
    private readonly users: UsersService,
    private readonly sms: OutboundSmsService,
  ) {}

  placed(userIds: string[], regionId: string, manager: EntityManager): Promise<void> {
    return this.users.setRegion(userIds, regionId, manager);
  }

  async tell(notices: RegionNotice[], correlationId: string | null, manager: EntityManager): Promise<number> {
    let queued = 0;
    for (const n of notices) {
      const { created } = await this.sms.enqueue({
        userId: n.userId, body: n.body, purpose: n.purpose, idempotencyKey: n.idempotencyKey, correlationId: correlationId ?? undefined, manager,
      });
      if (created) queued++;
    }
    return queued;
  }
}
