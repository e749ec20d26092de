import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LinkupRecord } from '../data/linkups.repository';
import { ConversationPort, RegionsPort } from '../ports/ports';
import { LinkupActivities } from '../forming/linkup-activities';
import { LinkupCopy, type LinkupView } from './linkup-copy';

type Purpose = 'invite' | 'lock_confirmation' | 'reminder' | 'notice' | 'reply';

// Queues LinkUp SMS in the caller's transaction, each under an idempotency key named for its cause.
@Injectable()
export class LinkupNotifier {
  readonly copy: LinkupCopy;

  constructor(
    private readonly conversation: ConversationPort,
    private readonly regions: RegionsPort,
    activities: LinkupActivities,
  ) {
    this.copy = new LinkupCopy(activities.catalog);
  }

  async view(linkup: LinkupRecord, manager?: EntityManager): Promise<LinkupView> {
    return {
      brief: linkup.brief,
      eventTime: new Date(linkup.eventTime),
      timeZone: await this.regions.timeZoneOf(linkup.regionId, manager),
      venue: linkup.venue?.name ?? null,
    };
  }

  async send(
    userId: string,
    body: string,
    purpose: Purpose,
    idempotencyKey: string,
    correlationId: string | null,
    manager: EntityManager,
    validForSeconds?: number,
  ): Promise<void> {
    await this.conversation.enqueue({ userId, body, purpose, idempotencyKey, correlationId, validForSeconds, manager });
  }

  // One message to each member, keyed `{cause}:{userId}`.
  async sendEach(
    userIds: string[],
    body: string,
    purpose: Purpose,
    cause: string,
    correlationId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    for (const userId of userIds) await this.send(userId, body, purpose, `${cause}:${userId}`, correlationId, manager);
  }
}
