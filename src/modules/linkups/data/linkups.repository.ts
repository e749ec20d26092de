import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LinkupBrief } from '../../../common/json-shapes';
import type { LinkUpState } from '../../../database/enums';
import { rows } from './sql';

export interface LinkupRecord {
  id: string;
  initiatorUserId: string;
  regionId: string;
  state: LinkUpState;
  brief: LinkupBrief;
  acceptanceWindowEndsAt: Date;
  eventTime: Date;
  venue: { name: string } | null;
  minSize: number;
  maxSize: number;
  lockVersion: number;
  lockedAt: Date | null;
  canceledReason: string | null;
  correlationId: string | null;
  nextWaveAt: Date | null;
  wavesSent: number;
  linkupCreateKey: string;
}

export interface NewLinkup {
  initiatorUserId: string;
  regionId: string;
  brief: LinkupBrief;
  eventTime: Date;
  acceptanceWindowEndsAt: Date;
  minSize: number;
  maxSize: number;
  createKey: string;
  correlationId: string | null;
}

const FIELDS: Array<[string, string]> = [
  ['id', 'id'], ['initiator_user_id', 'initiatorUserId'], ['region_id', 'regionId'], ['state', 'state'], ['brief', 'brief'],
  ['acceptance_window_ends_at', 'acceptanceWindowEndsAt'], ['event_time', 'eventTime'], ['venue', 'venue'],
  ['min_size', 'minSize'], ['max_size', 'maxSize'], ['lock_version', 'lockVersion'], ['locked_at', 'lockedAt'],
  ['canceled_reason', 'canceledReason'], ['correlation_id', 'correlationId'], ['next_wave_at', 'nextWaveAt'],
  ['waves_sent', 'wavesSent'], ['linkup_create_key', 'linkupCreateKey'],
];
const columns = (alias = '') => FIELDS.map(([c, f]) => `${alias}${c} as "${f}"`).join(', ');
const COLUMNS = columns();

@Injectable()
export class LinkupsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Once per create key: a retried confirmation finds the LinkUp it made the first time.
  async insertOnce(l: NewLinkup, manager: EntityManager): Promise<{ linkup: LinkupRecord; created: boolean }> {
    const [inserted] = await rows<LinkupRecord>(
      manager,
      `insert into linkups (initiator_user_id, region_id, state, brief, event_time, acceptance_window_ends_at, min_size,
                            max_size, linkup_create_key, correlation_id)
       values ($1, $2, 'broadcasting', $3, $4, $5, $6, $7, $8, $9)
       on conflict (linkup_create_key) do nothing
       returning ${COLUMNS}`,
      [l.initiatorUserId, l.regionId, JSON.stringify(l.brief), l.eventTime, l.acceptanceWindowEndsAt, l.minSize, l.maxSize, l.createKey, l.correlationId],
    );
    if (inserted) return { linkup: inserted, created: true };
    const [existing] = await rows<LinkupRecord>(manager, `select ${COLUMNS} from linkups where linkup_create_key = $1`, [l.createKey]);
    return { linkup: existing, created: false };
  }

  async findById(id: string, manager?: EntityManager): Promise<LinkupRecord | null> {
    const [row] = await rows<LinkupRecord>(this.m(manager), `select ${COLUMNS} from linkups where id = $1`, [id]);
    return row ?? null;
  }

  // The serialisation point of the accept/lock path: every change to a LinkUp's group holds this lock.
  async lockById(id: string, manager: EntityManager): Promise<LinkupRecord | null> {
    const [row] = await rows<LinkupRecord>(manager, `select ${COLUMNS} from linkups where id = $1 for update`, [id]);
    return row ?? null;
  }

  // A LinkUp still ahead that the member started.
  async findOpenByInitiator(userId: string, now: Date, manager?: EntityManager): Promise<LinkupRecord | null> {
    const [row] = await rows<LinkupRecord>(
      this.m(manager),
      `select ${COLUMNS} from linkups
        where initiator_user_id = $1 and state in ('broadcasting', 'locked') and event_time > $2
        order by event_time limit 1`,
      [userId, now],
    );
    return row ?? null;
  }

  // Optimistic guard on top of the row lock: the version seen must still be current.
  async bumpLockVersion(id: string, seenVersion: number, manager: EntityManager): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      manager,
      `update linkups set lock_version = lock_version + 1 where id = $1 and lock_version = $2 returning id`,
      [id, seenVersion],
    );
    return updated.length === 1;
  }

  // Guarded transition: only from `from`, so a second attempt changes nothing.
  async transition(
    id: string,
    from: LinkUpState,
    to: LinkUpState,
    fields: { lockedAt?: Date; canceledReason?: string },
    manager: EntityManager,
  ): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      manager,
      `update linkups set state = $3::linkup_state, locked_at = coalesce($4, locked_at),
              canceled_reason = coalesce($5, canceled_reason), lock_version = lock_version + 1,
              next_wave_at = case when $3::linkup_state = 'broadcasting' then next_wave_at end
        where id = $1 and state = $2::linkup_state returning id`,
      [id, from, to, fields.lockedAt ?? null, fields.canceledReason ?? null],
    );
    return updated.length === 1;
  }

  async setVenue(id: string, venue: { name: string } | null, manager: EntityManager): Promise<void> {
    await manager.query(`update linkups set venue = $2 where id = $1`, [id, venue ? JSON.stringify(venue) : null]);
  }

  // Another wave is due at `at` (a decline, an expiry, a freed slot), unless one is due sooner. For a
  // locked LinkUp it is a refill wave (WaveService decides whether its window is still open).
  async scheduleWave(id: string, at: Date, manager: EntityManager): Promise<void> {
    await manager.query(
      `update linkups set next_wave_at = least(coalesce(next_wave_at, $2), $2) where id = $1 and state in ('broadcasting', 'locked')`,
      [id, at],
    );
  }

  async recordWave(id: string, nextWaveAt: Date | null, counted: boolean, manager: EntityManager): Promise<void> {
    await manager.query(
      `update linkups set next_wave_at = $2, waves_sent = waves_sent + case when $3 then 1 else 0 end where id = $1`,
      [id, nextWaveAt, counted],
    );
  }

  // Sweep claims: rows another instance holds are skipped, so two instances never share work.
  // `skip`: ids that failed earlier in the same sweep run, so one bad row cannot stall the rest.
  async claimWindowsDue(now: Date, limit: number, skip: string[], manager: EntityManager): Promise<string[]> {
    const claimed = await rows<{ id: string }>(
      manager,
      `select id from linkups where state = 'broadcasting' and acceptance_window_ends_at <= $1 and id <> all($3::uuid[])
        order by acceptance_window_ends_at limit $2 for update skip locked`,
      [now, limit, skip],
    );
    return claimed.map((r) => r.id);
  }

  async claimWavesDue(now: Date, limit: number, skip: string[], manager: EntityManager): Promise<string[]> {
    const claimed = await rows<{ id: string }>(
      manager,
      `select id from linkups where state = 'broadcasting' and next_wave_at <= $1 and acceptance_window_ends_at > $1
          and id <> all($3::uuid[])
        order by next_wave_at limit $2 for update skip locked`,
      [now, limit, skip],
    );
    return claimed.map((r) => r.id);
  }

  // Refill waves of locked LinkUps (a spot freed after the lock), due now; linkups_refill_due_idx.
  async claimRefillsDue(now: Date, limit: number, skip: string[], manager: EntityManager): Promise<string[]> {
    const claimed = await rows<{ id: string }>(
      manager,
      `select id from linkups where state = 'locked' and next_wave_at <= $1 and id <> all($3::uuid[])
        order by next_wave_at limit $2 for update skip locked`,
      [now, limit, skip],
    );
    return claimed.map((r) => r.id);
  }

  // Invites of locked LinkUps expire too (refill invites).
  async claimByIds(ids: string[], manager: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    const claimed = await rows<{ id: string }>(
      manager,
      `select id from linkups where id = any($1::uuid[]) and state in ('broadcasting', 'locked') order by id for update skip locked`,
      [ids],
    );
    return claimed.map((r) => r.id);
  }

  // The latest LinkUp whose outcome check reached the member since `checkedSince` and that they have
  // not answered yet (still `confirmed`): what a late A/B/C refers to.
  async findAwaitingOutcome(userId: string, checkedSince: Date, manager?: EntityManager): Promise<LinkupRecord | null> {
    const [row] = await rows<LinkupRecord>(
      this.m(manager),
      `select ${columns('l.')}
         from linkup_participants p
         join linkups l on l.id = p.linkup_id
         join linkup_reminders r on r.linkup_id = l.id and r.reminder_type = 'outcome_check' and r.status = 'sent'
        where p.user_id = $1 and p.status = 'confirmed' and l.state = 'completed' and r.sent_at >= $2
        order by r.sent_at desc, l.id limit 1`,
      [userId, checkedSince],
    );
    return row ?? null;
  }

  // LinkUps still ahead (or just begun) that the member is confirmed in, soonest first.
  async findUpcomingForUser(userId: string, since: Date, manager?: EntityManager): Promise<Array<LinkupRecord & { confirmed: number }>> {
    return rows(
      this.m(manager),
      `select ${columns('l.')},
              (select count(*)::int from linkup_participants c where c.linkup_id = l.id and c.status = 'confirmed') as confirmed
         from linkup_participants p join linkups l on l.id = p.linkup_id
        where p.user_id = $1 and p.status = 'confirmed' and l.state in ('broadcasting', 'locked') and l.event_time > $2
        order by l.event_time limit 5`,
      [userId, since],
    );
  }

  // The member's most recent LinkUp by event time that they did not leave (LINK, when none is ahead).
  async findLatestForUser(userId: string, manager?: EntityManager): Promise<LinkupRecord | null> {
    const [row] = await rows<LinkupRecord>(
      this.m(manager),
      `select ${columns('l.')} from linkup_participants p join linkups l on l.id = p.linkup_id
        where p.user_id = $1 and p.status <> 'canceled' order by l.event_time desc, l.id limit 1`,
      [userId],
    );
    return row ?? null;
  }

  // The member's most recent LinkUp they attended whose event was at or after `since`.
  async findLatestAttended(userId: string, since: Date, manager?: EntityManager): Promise<LinkupRecord | null> {
    const [row] = await rows<LinkupRecord>(
      this.m(manager),
      `select ${columns('l.')} from linkup_participants p join linkups l on l.id = p.linkup_id
        where p.user_id = $1 and p.status = 'attended' and l.event_time >= $2 order by l.event_time desc, l.id limit 1`,
      [userId, since],
    );
    return row ?? null;
  }
}
