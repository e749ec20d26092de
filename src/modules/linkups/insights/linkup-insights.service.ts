import { Injectable } from '@nestjs/common';
import type { Explainability } from '../../../common/json-shapes';
import type { InviteState, LinkUpState } from '../../../database/enums';
import { InvitesRepository } from '../data/invites.repository';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository, type ParticipantStatus } from '../data/participants.repository';

export interface LinkupInsight {
  id: string;
  state: LinkUpState;
  activityKey: string;
  timeWindow: string;
  eventTime: Date;
  acceptanceWindowEndsAt: Date;
  minSize: number;
  maxSize: number;
  venue: string | null;
  initiatorUserId: string;
  // How the member is involved.
  role: 'initiator' | 'participant' | 'invited';
  participants: Array<{ userId: string; role: 'initiator' | 'participant'; status: ParticipantStatus }>;
  // Every invite of the LinkUp, by wave, with why that member was asked.
  invites: Array<{ userId: string; state: InviteState; wave: number; sentAt: Date | null; expiresAt: Date | null; explainability: Explainability }>;
}

// Read-only: a member's recent LinkUps with their groups and invites, scores and reasons included
// (what matching decided and why), for /dev/phone's side panel and support views.
@Injectable()
export class LinkupInsightsService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly invites: InvitesRepository,
  ) {}

  async forMember(userId: string, limit = 5): Promise<LinkupInsight[]> {
    const found = await this.linkups.findRecentInvolving(userId, Math.min(Math.max(limit, 1), 20));
    return Promise.all(found.map((l) => this.describe(l, userId)));
  }

  private async describe(l: LinkupRecord, userId: string): Promise<LinkupInsight> {
    const [participants, invites] = await Promise.all([this.participants.listAll(l.id), this.invites.listForLinkup(l.id)]);
    const mine = participants.find((p) => p.userId === userId);
    return {
      id: l.id,
      state: l.state,
      activityKey: l.brief.activity_key,
      timeWindow: l.brief.time_window,
      eventTime: new Date(l.eventTime),
      acceptanceWindowEndsAt: new Date(l.acceptanceWindowEndsAt),
      minSize: l.minSize,
      maxSize: l.maxSize,
      venue: l.venue?.name ?? null,
      initiatorUserId: l.initiatorUserId,
      role: l.initiatorUserId === userId ? 'initiator' : mine ? 'participant' : 'invited',
      participants: participants.map((p) => ({ userId: p.userId, role: p.role, status: p.status })),
      invites: invites.map((i) => ({
        userId: i.invitedUserId, state: i.state, wave: i.wave, sentAt: i.sentAt, expiresAt: i.expiresAt, explainability: i.explainability,
      })),
    };
  }
}
