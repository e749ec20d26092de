import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEventsService } from '../../../common/domain-events';
import { TransactionRunner } from '../../../database';
import { within } from '../within';
import { BlocksRepository } from './blocks.repository';

// Blocks (PRODUCT.md section 10): a blocked pair is never matched again, either way round
// (matching's not_blocked filter, a wave never inviting both, and the accept path).
@Injectable()
export class BlocksService {
  constructor(
    private readonly blocks: BlocksRepository,
    private readonly events: DomainEventsService,
    private readonly tx: TransactionRunner,
  ) {}

  // Once: a second block of the same person changes nothing (`created` false).
  block(blockerId: string, blockedId: string, manager?: EntityManager): Promise<{ created: boolean }> {
    return within(this.tx, manager, async (m) => {
      const created = await this.blocks.insertOnce(blockerId, blockedId, m);
      if (created) await this.events.record({ entityType: 'user', entityId: blockerId, eventType: 'user_block.created', payload: { blockedUserId: blockedId } }, m);
      return { created };
    });
  }

  unblock(blockerId: string, blockedId: string, manager?: EntityManager): Promise<{ removed: boolean }> {
    return within(this.tx, manager, async (m) => {
      const removed = await this.blocks.remove(blockerId, blockedId, m);
      if (removed) await this.events.record({ entityType: 'user', entityId: blockerId, eventType: 'user_block.removed', payload: { blockedUserId: blockedId } }, m);
      return { removed };
    });
  }

  listBlocked(blockerId: string, limit: number, manager?: EntityManager): Promise<string[]> {
    return this.blocks.listBlocked(blockerId, limit, manager);
  }
}
