import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LinkUpState } from '../../../database/enums';
import { LinkupsRepository, type LinkupRecord } from '../data/linkups.repository';
import { ParticipantsRepository, type ParticipantStatus } from '../data/participants.repository';
import { LinkupActivities } from '../forming/linkup-activities';
import { describeLocalTime } from '../forming/event-time';
import { MembersPort, RegionsPort } from '../ports/ports';

export interface GroupMember {
  userId: string;
  firstName: string;
  status: ParticipantStatus;
}

// A LinkUp as seen by one of its participants, for modules that act on who met (contact exchange).
export interface LinkupAttendance {
  linkupId: string;
  state: LinkUpState;
  eventTime: Date;
  // "coffee", and "Sat Nov 29, 10am" in the region's time zone.
  activity: string;
  when: string;
  timeZone: string;
  myStatus: ParticipantStatus;
  // The others who joined and did not leave (canceled), initiator first, then by joining: an order
  // that never changes once the LinkUp is over.
  others: GroupMember[];
}

// Read-only views of LinkUp groups for other modules (exported through index.ts).
@Injectable()
export class LinkupAttendanceService {
  constructor(
    private readonly linkups: LinkupsRepository,
    private readonly participants: ParticipantsRepository,
    private readonly activities: LinkupActivities,
    private readonly members: MembersPort,
    private readonly regions: RegionsPort,
  ) {}

  // Null when the member never joined this LinkUp.
  async forMember(linkupId: string, userId: string, manager?: EntityManager): Promise<LinkupAttendance | null> {
    const linkup = await this.linkups.findById(linkupId, manager);
    if (!linkup) return null;
    const everyone = await this.participants.listAll(linkupId, manager);
    const me = everyone.find((p) => p.userId === userId);
    if (!me) return null;
    const others: GroupMember[] = [];
    for (const p of everyone) {
      if (p.userId === userId || p.status === 'canceled') continue;
      const member = await this.members.find(p.userId, manager);
      if (member) others.push({ userId: p.userId, firstName: member.firstName, status: p.status });
    }
    return { ...(await this.describe(linkup, manager)), myStatus: me.status, others };
  }

  // The LinkUp the member most recently attended, with its event at or after `since`.
  async latestAttended(userId: string, since: Date, manager?: EntityManager): Promise<string | null> {
    return (await this.linkups.findLatestAttended(userId, since, manager))?.id ?? null;
  }

  private async describe(linkup: LinkupRecord, manager?: EntityManager) {
    const timeZone = await this.regions.timeZoneOf(linkup.regionId, manager);
    const eventTime = new Date(linkup.eventTime);
    return {
      linkupId: linkup.id,
      state: linkup.state,
      eventTime,
      activity: this.activities.catalog.describe(linkup.brief.activity_key).label,
      when: describeLocalTime(eventTime, timeZone),
      timeZone,
    };
  }
}
