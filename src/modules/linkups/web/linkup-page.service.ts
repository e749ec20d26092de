import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { TransactionRunner } from '../../../database';
import type { LinkUpState } from '../../../database/enums';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository, type ParticipantRecord } from '../data/participants.repository';
import { describeLocalTime } from '../forming/event-time';
import { LinkupActivities } from '../forming/linkup-activities';
import { isLateCancel } from '../lifecycle/linkup-state';
import { LinkupsSettings } from '../linkups.settings';
import { cap } from '../messages/linkup-copy';
import { MembersPort, RegionsPort } from '../ports/ports';
import { CancelService } from '../replies/cancel.service';
import { LinkupPageLinks, type LinkupPageLink } from './linkup-page-links';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATE_TEXT: Record<LinkUpState, string> = {
  draft: 'Being planned.',
  broadcasting: "Inviting people now. We'll text you when the group is set.",
  locked: "It's on! The group is set.",
  completed: 'This LinkUp has happened. Thanks for going!',
  expired: "Not enough people could make it, so it's off this time.",
  canceled: 'This LinkUp was called off.',
};

export interface LinkupPageView {
  id: string;
  title: string;
  when: string;
  // "Los Angeles time", from the region's zone.
  timeZoneLabel: string;
  venue: string | null;
  stateText: string;
  // Still in it (false once the member canceled: the page then shows no one's names).
  inGroup: boolean;
  people: string[];
  startedByYou: boolean;
  reasons: string[];
  canCancel: boolean;
  lateCancel: boolean;
  links: LinkupPageLink[];
}

// The LinkUp page of one participant (PRODUCT.md section 8): what, when (region time), where, who
// is coming (first names), why this group (their own reasons), and cancelling by the SMS rules.
@Injectable()
export class LinkupPageService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly invites: InvitesRepository,
    private readonly activities: LinkupActivities,
    private readonly members: MembersPort,
    private readonly regions: RegionsPort,
    private readonly cancelService: CancelService,
    private readonly pageLinks: LinkupPageLinks,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(LinkupsSettings) private readonly settings: LinkupsSettings,
  ) {}

  // Null for anyone who never joined this LinkUp (the page then answers 404, like an unknown id).
  async view(linkupId: string, userId: string): Promise<LinkupPageView | null> {
    const found = await this.find(linkupId, userId);
    if (!found) return null;
    const { linkup, me, everyone } = found;
    const timeZone = await this.regions.timeZoneOf(linkup.regionId);
    const inGroup = me.status !== 'canceled';
    const upcoming = (linkup.state === 'broadcasting' || linkup.state === 'locked') && new Date(linkup.eventTime) > this.clock.now();
    return {
      id: linkup.id,
      title: cap(this.activities.catalog.describe(linkup.brief.activity_key).label),
      when: describeLocalTime(new Date(linkup.eventTime), timeZone),
      timeZoneLabel: `${(timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ')} time`,
      venue: linkup.venue?.name ?? null,
      stateText: inGroup ? STATE_TEXT[linkup.state] : "You're no longer in this LinkUp.",
      inGroup,
      people: inGroup ? await this.names(everyone, userId) : [],
      startedByYou: linkup.initiatorUserId === userId,
      reasons: inGroup ? await this.reasons(linkup.id, userId) : [],
      canCancel: inGroup && me.status === 'confirmed' && upcoming,
      lateCancel: isLateCancel(this.clock.now(), new Date(linkup.eventTime), this.settings.LINKUP_LATE_CANCEL_HOURS),
      links: inGroup ? await this.pageLinks.for(linkup.id, userId) : [],
    };
  }

  // The member leaves (or, as initiator, calls it off) under the same rules as CANCEL by SMS:
  // a late cancel is a strike. Null when there was nothing to cancel.
  cancel(linkupId: string, userId: string, correlationId: string | null): Promise<'initiator' | 'participant' | null> {
    if (!UUID.test(linkupId)) return Promise.resolve(null);
    return this.tx.run((m) => this.cancelService.cancel(userId, linkupId, correlationId, m));
  }

  private async find(linkupId: string, userId: string): Promise<{ linkup: LinkupRecord; me: ParticipantRecord; everyone: ParticipantRecord[] } | null> {
    if (!UUID.test(linkupId)) return null;
    const linkup = await this.linkups.findById(linkupId);
    if (!linkup) return null;
    const everyone = await this.participants.listAll(linkupId);
    const me = everyone.find((p) => p.userId === userId);
    return me ? { linkup, me, everyone } : null;
  }

  // "You" first, then the others who are coming (or came), by first name.
  private async names(everyone: ParticipantRecord[], userId: string): Promise<string[]> {
    const names = ['You'];
    for (const p of everyone) {
      if (p.userId === userId || p.status === 'canceled' || p.status === 'no_show') continue;
      const member = await this.members.find(p.userId);
      if (member) names.push(member.firstName);
    }
    return names;
  }

  // The member's own reasons from their invite (never anyone else's).
  private async reasons(linkupId: string, userId: string): Promise<string[]> {
    const invite = await this.invites.findForUserInLinkup(linkupId, userId);
    return invite?.explainability?.top_reasons ?? [];
  }
}
