import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Explainability } from '../../../common/json-shapes';
import type { InviteState } from '../../../database/enums';
import { rows } from './sql';

export interface InviteRecord {
  id: string;
  linkupId: string;
  invitedUserId: string;
  state: InviteState;
  sentAt: Date | null;
  respondedAt: Date | null;
  expiresAt: Date | null;
  wave: number;
  explainability: Explainability;
}

export interface NewInvite {
  userId: string;
  explainability: Explainability;
}

const COLUMNS = `id, linkup_id as "linkupId", invited_user_id as "invitedUserId", state, sent_at as "sentAt",
  responded_at as "respondedAt", expires_at as "expiresAt", wave, explainability`;

@Injectable()
export class InvitesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Inserts a wave in user-id order (two waves racing for the same members then wait on each
  // other in the same order and never deadlock). A member who got another pending invite in the
  // meantime (linkup_invites_one_pending_idx) or was invited before is skipped, not an error.
  async insertWave(
    linkupId: string,
    wave: number,
    invites: NewInvite[],
    sentAt: Date,
    expiresAt: Date,
    manager: EntityManager,
  ): Promise<Array<{ id: string; invitedUserId: string }>> {
    if (invites.length === 0) return [];
    const sorted = [...invites].sort((a, b) => (a.userId < b.userId ? -1 : 1));
    return rows(
      manager,
      `insert into linkup_invites (linkup_id, invited_user_id, state, sent_at, expires_at, idempotency_key, wave, explainability)
       select $1::uuid, x.user_id, 'pending', $2, $3, 'invite:' || $1::uuid::text || ':' || x.user_id::text, $4, x.explainability
         from unnest($5::uuid[], $6::jsonb[]) with ordinality as x(user_id, explainability, n)
        order by x.n
       on conflict do nothing
       returning id, invited_user_id as "invitedUserId"`,
      [linkupId, sentAt, expiresAt, wave, sorted.map((i) => i.userId), sorted.map((i) => JSON.stringify(i.explainability))],
    );
  }

  async findPendingForUser(userId: string, manager?: EntityManager): Promise<InviteRecord | null> {
    const [row] = await rows<InviteRecord>(
      this.m(manager),
      `select ${COLUMNS} from linkup_invites where invited_user_id = $1 and state = 'pending'`,
      [userId],
    );
    return row ?? null;
  }

  // The member's latest invite created after `since`, whatever its state (late replies).
  async findLatestForUser(userId: string, since: Date, manager?: EntityManager): Promise<InviteRecord | null> {
    const [row] = await rows<InviteRecord>(
      this.m(manager),
      `select ${COLUMNS} from linkup_invites where invited_user_id = $1 and sent_at >= $2 order by sent_at desc, created_at desc limit 1`,
      [userId, since],
    );
    return row ?? null;
  }

  // Only under the linkup's row lock (linkup first, then invites: one lock order everywhere).
  async lockById(id: string, manager: EntityManager): Promise<InviteRecord | null> {
    const [row] = await rows<InviteRecord>(manager, `select ${COLUMNS} from linkup_invites where id = $1 for update`, [id]);
    return row ?? null;
  }

  // pending -> accepted/declined, with the answering message.
  async answer(id: string, state: 'accepted' | 'declined', at: Date, messageSid: string | null, manager: EntityManager): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      manager,
      `update linkup_invites set state = $2, responded_at = $3, response_message_sid = $4
        where id = $1 and state = 'pending' returning id`,
      [id, state, at, messageSid],
    );
    return updated.length === 1;
  }

  async expire(id: string, at: Date, manager: EntityManager): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      manager,
      `update linkup_invites set state = 'expired', closed_at = $2 where id = $1 and state = 'pending' returning id`,
      [id, at],
    );
    return updated.length === 1;
  }

  async expireDue(linkupId: string, now: Date, manager: EntityManager): Promise<Array<{ id: string; invitedUserId: string }>> {
    return rows(
      manager,
      `update linkup_invites set state = 'expired', closed_at = $2
        where linkup_id = $1 and state = 'pending' and expires_at <= $2
       returning id, invited_user_id as "invitedUserId"`,
      [linkupId, now],
    );
  }

  // On lock, expiry or cancel: every invite still pending is closed.
  async closePending(linkupId: string, now: Date, manager: EntityManager): Promise<Array<{ id: string; invitedUserId: string }>> {
    return rows(
      manager,
      `update linkup_invites set state = 'closed', closed_at = $2 where linkup_id = $1 and state = 'pending'
       returning id, invited_user_id as "invitedUserId"`,
      [linkupId, now],
    );
  }

  // One invite closed by the system (its member was put on hold, deleted, or may not join).
  async close(id: string, now: Date, manager: EntityManager): Promise<boolean> {
    const updated = await rows<{ id: string }>(
      manager,
      `update linkup_invites set state = 'closed', closed_at = $2 where id = $1 and state = 'pending' returning id`,
      [id, now],
    );
    return updated.length === 1;
  }

  async listPendingUserIds(linkupId: string, manager: EntityManager): Promise<string[]> {
    const found = await rows<{ userId: string }>(
      manager,
      `select invited_user_id as "userId" from linkup_invites where linkup_id = $1 and state = 'pending'`,
      [linkupId],
    );
    return found.map((r) => r.userId);
  }

  async countPending(linkupId: string, manager: EntityManager): Promise<number> {
    const [row] = await rows<{ n: number }>(
      manager,
      `select count(*)::int as n from linkup_invites where linkup_id = $1 and state = 'pending'`,
      [linkupId],
    );
    return row.n;
  }

  // LinkUps with pending invites past their expiry (partial index on pending invites' expiry).
  async linkupsWithExpiredInvites(now: Date, limit: number, manager: EntityManager): Promise<string[]> {
    const found = await rows<{ linkupId: string }>(
      manager,
      `select distinct linkup_id as "linkupId" from linkup_invites where state = 'pending' and expires_at <= $1 limit $2`,
      [now, limit],
    );
    return found.map((r) => r.linkupId);
  }

  async listForLinkup(linkupId: string, manager?: EntityManager): Promise<InviteRecord[]> {
    return rows(this.m(manager), `select ${COLUMNS} from linkup_invites where linkup_id = $1 order by wave, sent_at, id`, [linkupId]);
  }

  // The member's invite to this LinkUp (why they were asked: its explainability), if any.
  async findForUserInLinkup(linkupId: string, userId: string, manager?: EntityManager): Promise<InviteRecord | null> {
    const [row] = await rows<InviteRecord>(
      this.m(manager),
      `select ${COLUMNS} from linkup_invites where linkup_id = $1 and invited_user_id = $2`,
      [linkupId, userId],
    );
    return row ?? null;
  }
}
