import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository } from '../data/linkups.repository';
import { LinkupNotifier } from '../messages/linkup-notifier';

// STATUS: the member's upcoming LinkUps (and an invite waiting for an answer).
@Injectable()
export class LinkupStatusService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly notifier: LinkupNotifier,
    private readonly clock: Clock,
  ) {}

  async statusText(userId: string, manager: EntityManager): Promise<string> {
    const upcoming = await this.linkups.findUpcomingForUser(userId, this.clock.now(), manager);
    const items = [];
    for (const l of upcoming) items.push({ v: await this.notifier.view(l, manager), state: l.state, confirmed: l.confirmed });
    const pending = await this.invites.findPendingForUser(userId, manager);
    const pendingLinkup = pending ? await this.linkups.findById(pending.linkupId, manager) : null;
    return this.notifier.copy.status(items, pendingLinkup ? await this.notifier.view(pendingLinkup, manager) : null);
  }
}
