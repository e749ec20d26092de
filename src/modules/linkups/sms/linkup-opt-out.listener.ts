import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OptOutListener } from '../../conversation';
import { LinkupLockService } from '../lock/linkup-lock.service';

// STOP declines the member's pending invite (and the LinkUp asks for its next wave).
@Injectable()
export class LinkupOptOutListener implements OptOutListener {
  constructor(private readonly lock: LinkupLockService) {}

  async onOptOut(userId: string, manager: EntityManager, correlationId: string): Promise<void> {
    await this.lock.decline(userId, null, correlationId, manager, 'opt_out');
  }
}
