import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from './sql';

export type ParticipantStatus = 'confirmed' | 'canceled' | 'no_show' | 'attended';

export interface ParticipantRecord {
  userId: string;
  role: 'initiator' | 'participant';
  status: ParticipantStatus;
  joinedAt: Date;
}

const COLUMNS = `user_id as "userId", role, status, joined_at as "joinedAt"`;

@Injectable()
export class ParticipantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(linkupId: string, userId: string, role: 'initiator' | 'participant', at: Date, manager: EntityManager): Promise<boolean> {
    const inserted = await rows<{ id: string }>(
      manager,
      `insert into linkup_participants (linkup_id, user_id, role, status, joined_at) values ($1, $2, $3, 'confirmed', $4)
       on conflict (linkup_id, user_id) do nothing returning id`,
      [linkupId, userId, role, at],
    );
    return inserted.length === 1;
  }

  async countConfirmed(linkupId: string, manager: EntityManager): Promise<number> {
    const [row] = await rows<{ n: number }>(
      manager,
      `select count(*)::int as n from linkup_participants where linkup_id = $1 and status = 'confirmed'`,
      [linkupId],
    );
    return row.n;
  }

  // Initiator first, then by the time they joined.
  async listConfirmed(linkupId: string, manager?: EntityManager): Promise<ParticipantRecord[]> {
    return rows(
      this.m(manager),
      `select ${COLUMNS} from linkup_participants where linkup_id = $1 and status = 'confirmed'
        order by (role = 'initiator') desc, joined_at, user_id`,
      [linkupId],
    );
  }

  async find(linkupId: string, userId: string, manager?: EntityManager): Promise<ParticipantRecord | null> {
    const [row] = await rows<ParticipantRecord>(
      this.m(manager),
      `select ${COLUMNS} from linkup_participants where linkup_id = $1 and user_id = $2`,
      [linkupId, userId],
    );
    return row ?? null;
  }

  async setStatus(
    linkupId: string,
    userId: string,
    from: ParticipantStatus[],
    to: ParticipantStatus,
    at: Date,
    manager: EntityManager,
  ): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      manager,
      `update linkup_participants set status = $4, left_at = case when $4 = 'canceled' then $5 else left_at end
        where linkup_id = $1 and user_id = $2 and status = any($3::text[]) returning id`,
      [linkupId, userId, from, to, at],
    );
    return updated.length === 1;
  }

  // Everyone who ever joined, in the order of listConfirmed (initiator first, then by joining).
  async listAll(linkupId: string, manager?: EntityManager): Promise<ParticipantRecord[]> {
    return rows(
      this.m(manager),
      `select ${COLUMNS} from linkup_participants where linkup_id = $1 order by (role = 'initiator') desc, joined_at, user_id`,
      [linkupId],
    );
  }

  // The people the member shared a LinkUp with (any status, theirs or the member's) whose event is
  // after `since`, most recent first, one row per person and LinkUp.
  async listCompanions(userId: string, since: Date, limit: number, manager?: EntityManager): Promise<Array<{ userId: string; linkupId: string }>> {
    return rows(
      this.m(manager),
      `select other.user_id as "userId", l.id as "linkupId"
         from linkup_participants me
         join linkups l on l.id = me.linkup_id
         join linkup_participants other on other.linkup_id = l.id and other.user_id <> me.user_id
        where me.user_id = $1 and l.state in ('broadcasting', 'locked', 'completed', 'canceled') and l.event_time >= $2
        order by l.event_time desc, l.id, other.joined_at
        limit $3`,
      [userId, since, limit],
    );
  }

  // Both confirmed in the same LinkUp that is still ahead.
  async shareUpcoming(a: string, b: string, now: Date, manager?: EntityManager): Promise<boolean> {
    const found = await rows<{ id: string }>(
      this.m(manager),
      `select l.id from linkups l
         join linkup_participants pa on pa.linkup_id = l.id and pa.user_id = $1 and pa.status = 'confirmed'
         join linkup_participants pb on pb.linkup_id = l.id and pb.user_id = $2 and pb.status = 'confirmed'
        where l.state in ('broadcasting', 'locked') and l.event_time > $3
        limit 1`,
      [a, b, now],
    );
    return found.length > 0;
  }
}
