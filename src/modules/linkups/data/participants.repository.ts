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
}
