import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jobsFor } from './linkups-app';
import { addParticipant, makeLinkup, type LinkupOptions, type TestMember } from './linkups-factories';

// For test/safety: LinkUps members shared, and what they were sent.

// A LinkUp of `members` (the first initiates) whose event was `daysAgo` days ago (negative: ahead).
export async function sharedLinkup(
  db: DataSource,
  regionId: string,
  members: TestMember[],
  daysAgo: number,
  o: LinkupOptions = {},
): Promise<string> {
  const eventTime = new Date(Date.now() - daysAgo * 86_400_000);
  const id = await makeLinkup(db, regionId, members[0].id, {
    state: daysAgo > 0 ? 'completed' : 'locked',
    eventTime,
    windowEndsAt: new Date(eventTime.getTime() - 3 * 3_600_000),
    ...o,
  });
  for (const m of members.slice(1)) await addParticipant(db, id, m.id);
  return id;
}

// Every SMS body queued for the member so far, oldest first.
export async function bodies(app: INestApplication, userId: string): Promise<string[]> {
  return (await jobsFor(app, userId)).map((j) => j.body);
}

export async function sessionOf(db: DataSource, userId: string): Promise<{ mode: string; state_token: string; expires_at: Date | null }> {
  const [s] = await db.query(`select mode, state_token, expires_at from conversation_sessions where user_id = $1`, [userId]);
  return s;
}

export async function domainEvents(db: DataSource, entityId: string, type?: string): Promise<Array<Record<string, any>>> {
  return db.query(
    `select event_type, from_state, to_state, payload from domain_events where entity_id = $1 and ($2::text is null or event_type = $2)
      order by created_at, id`,
    [entityId, type ?? null],
  );
}
