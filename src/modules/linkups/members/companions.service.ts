import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { LinkupsRepository } from '../data/linkups.repository';
import { ParticipantsRepository } from '../data/participants.repository';
import { LinkupNotifier } from '../messages/linkup-notifier';
import { MembersPort } from '../ports/ports';

export interface Companion {
  userId: string;
  // null when that member deleted their account (their name is gone).
  firstName: string | null;
  linkupId: string;
  // "coffee Sat"
  linkupLabel: string;
}

// The people a member met (or was grouped with) in their recent LinkUps, for safety's REPORT and
// BLOCK pickers.
@Injectable()
export class CompanionsService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly members: MembersPort,
    private readonly notifier: LinkupNotifier,
    private readonly clock: Clock,
  ) {}

  // One entry per person (their most recent LinkUp with the member), most recent first.
  async recentCompanions(userId: string, sinceDays: number, limit: number, manager?: EntityManager): Promise<Companion[]> {
    const since = new Date(this.clock.now().getTime() - sinceDays * 86_400_000);
    const rows = await this.participants.listCompanions(userId, since, 200, manager);
    const seen = new Set<string>();
    const out: Companion[] = [];
    for (const r of rows) {
      if (seen.has(r.userId) || out.length >= limit) continue;
      seen.add(r.userId);
      const linkup = (await this.linkups.findById(r.linkupId, manager))!;
      const member = await this.members.find(r.userId, manager);
      out.push({
        userId: r.userId,
        firstName: member?.firstName || null,
        linkupId: r.linkupId,
        linkupLabel: this.notifier.copy.shortLabel(await this.notifier.view(linkup, manager)),
      });
    }
    return out;
  }

  // Both confirmed in a LinkUp that is still ahead (BLOCK tells the blocker so).
  shareUpcoming(a: string, b: string, manager?: EntityManager): Promise<boolean> {
    return this.participants.shareUpcoming(a, b, this.clock.now(), manager);
  }
}
