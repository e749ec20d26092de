import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { type DomainEventRecord, DomainEventsService } from '../../../common/domain-events';
import { decodeCursor, type Page, pageOf, type PageRequest } from '../../../common/pagination';
import type { LinkUpState } from '../../../database/enums';
import { type InviteRecord, InvitesRepository } from '../data/invites.repository';
import { type LinkupListRow, type LinkupRecord, LinkupsRepository } from '../data/linkups.repository';
import { type ParticipantRecord, ParticipantsRepository } from '../data/participants.repository';
import { LinkupsError, LinkupsErrorCode } from '../linkups.errors';
import { LinkupLockService } from '../lock/linkup-lock.service';
import { SpotReleaseService } from '../lock/spot-release.service';

export type { LinkupListRow };

export interface LinkupDetail {
  linkup: Omit<LinkupRecord, 'lockVersion' | 'linkupCreateKey'>;
  participants: ParticipantRecord[];
  // Every invite sent, with why the member was chosen (scores, filters, reasons).
  invites: InviteRecord[];
  // The LinkUp's domain events and its invites' and participants', oldest first (the latest 500).
  events: DomainEventRecord[];
}

export interface SupportCancelResult {
  changed: boolean; // false: it was canceled already
  state: LinkUpState;
  notified: number; // members told by SMS
}

const CANCELABLE: readonly LinkUpState[] = ['draft', 'broadcasting', 'locked'];
const MAX_EVENTS = 500;

// What support sees and does with LinkUps (the admin API): the list, one LinkUp with its invites'
// explainability and history, and calling one off (everyone confirmed is told by SMS, pending
// invites close), in the caller's transaction.
@Injectable()
export class LinkupSupportService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly invites: InvitesRepository,
    private readonly participants: ParticipantsRepository,
    private readonly lock: LinkupLockService,
    private readonly spots: SpotReleaseService,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
  ) {}

  async list(filter: { regionId?: string | null; state?: LinkUpState | null }, page: PageRequest, manager?: EntityManager): Promise<Page<LinkupListRow>> {
    const rows = await this.linkups.listPage(
      { regionId: filter.regionId ?? null, state: filter.state ?? null }, decodeCursor(page.cursor), page.limit + 1, manager,
    );
    return pageOf(rows, page.limit);
  }

  async detail(linkupId: string, manager?: EntityManager): Promise<LinkupDetail> {
    const found = await this.linkups.findById(linkupId, manager);
    if (!found) throw new LinkupsError(LinkupsErrorCode.NotFound, 'No such LinkUp.');
    const { lockVersion: _v, linkupCreateKey: _k, ...linkup } = found;
    const invites = await this.invites.listForLinkup(linkupId, manager);
    const refs = [
      { type: 'linkup', id: linkupId },
      { type: 'linkup_participant', id: linkupId },
      ...invites.map((i) => ({ type: 'linkup_invite', id: i.id })),
    ];
    return {
      linkup,
      participants: await this.participants.listAll(linkupId, manager),
      invites,
      events: await this.events.listForEntities(refs, MAX_EVENTS, manager),
    };
  }

  // Calls the LinkUp off for support: pending invites close and every confirmed member (the
  // initiator too) gets one SMS (key canceled:{linkupId}:{userId}). Idempotent; 409 for a LinkUp
  // that already happened or expired.
  async cancel(linkupId: string, correlationId: string | null, manager: EntityManager): Promise<SupportCancelResult> {
    const linkup = await this.lock.mustLock(linkupId, manager);
    if (linkup.state === 'canceled') return { changed: false, state: linkup.state, notified: 0 };
    if (!CANCELABLE.includes(linkup.state)) {
      throw new LinkupsError(LinkupsErrorCode.InvalidTransition, `A ${linkup.state} LinkUp cannot be canceled.`);
    }
    const confirmed = (await this.participants.listConfirmed(linkupId, manager)).map((p) => p.userId);
    await this.spots.callOff(linkup, 'support', confirmed, this.clock.now(), correlationId, manager);
    return { changed: true, state: 'canceled', notified: confirmed.length };
  }

  // The member's latest LinkUps, with their part in each (for support's member summary).
  async recentForUser(userId: string, limit: number, manager?: EntityManager): Promise<Array<LinkupListRow & { role: string; status: string }>> {
    return (await this.linkups.listRecentForUser(userId, limit, manager)).map(({ cursorAt: _c, ...r }) => r);
  }
}
