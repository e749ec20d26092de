import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PhoneHasher } from '../../src/common/crypto';
import type { ActivityPattern, Boundaries, Fingerprint, LinkupBrief } from '../../src/common/json-shapes';
import { DEV_PHONE_HASH_PEPPER } from '../../src/config/env.schema';
import { fingerprint as uniformFingerprint, pattern } from './linkups-matching-fixtures';

// Database factories for LinkUp tests: members ready to be matched, regions, LinkUps, invites.
// Each call makes unique rows, so files can build their own world on their own database.

export interface RegionOptions {
  state?: 'open' | 'waitlisted' | 'closed';
  timezone?: string;
  venues?: Record<string, string[]>;
  zips?: string[];
}

export async function makeRegion(ds: DataSource, o: RegionOptions = {}): Promise<string> {
  const [row] = await ds.query(
    `insert into regions (slug, display_name, state, geometry, rules) values ($1, 'Linkup City', $2, $3, $4) returning id`,
    [
      `linkups-${randomUUID().slice(0, 8)}`,
      o.state ?? 'open',
      JSON.stringify({ zips: o.zips ?? [String(randomInt(10000, 99999))] }),
      JSON.stringify({ timezone: o.timezone ?? 'America/New_York', ...(o.venues ? { venues: o.venues } : {}) }),
    ],
  );
  return row.id;
}

export interface MatchableOptions {
  firstName?: string;
  phone?: string;
  state?: 'active' | 'verified' | 'suspended';
  smsConsent?: boolean;
  membership?: 'active' | 'waitlisted' | null;
  profileState?: 'complete_mvp' | 'complete_full' | 'partial' | 'stale';
  fingerprint?: Fingerprint;
  patterns?: ActivityPattern[];
  boundaries?: Boundaries;
  entitled?: boolean;
  canInitiate?: boolean;
  mode?: 'idle' | 'interviewing' | 'linkup_forming' | 'awaiting_invite_reply' | 'safety_hold';
}

export interface TestMember {
  id: string;
  phone: string;
  firstName: string;
}

// The last four digits step through a sequence (from a random start), so a test file's numbers never
// repeat (a file with 200 members drew the same random number now and then).
let phoneSeq = randomInt(0, 10_000);
export function testPhone(): string {
  phoneSeq = (phoneSeq + 1) % 10_000;
  return `+1415${randomInt(200, 1000)}${String(phoneSeq).padStart(4, '0')}`;
}

// An active, entitled member with a complete profile, idle, in the region (each part overridable).
export async function makeMatchable(ds: DataSource, regionId: string, o: MatchableOptions = {}): Promise<TestMember> {
  const phone = o.phone ?? testPhone();
  const firstName = o.firstName ?? 'Sam';
  const [user] = await ds.query(
    `insert into users (phone_e164, phone_hash, first_name, last_name, birthday, state, sms_consent, age_consent,
                        terms_consent, privacy_consent, region_id)
     values ($1, $2, $3, 'Tester', '1990-01-01', $4, $5, true, true, true, $6) returning id`,
    // The test app runs with the development pepper, so the router finds the member by this hash.
    [phone, new PhoneHasher(DEV_PHONE_HASH_PEPPER).hash(phone), firstName, o.state ?? 'active', o.smsConsent ?? true, regionId],
  );
  const id: string = user.id;
  if (o.membership !== null) {
    await ds.query(`insert into region_memberships (user_id, region_id, status) values ($1, $2, $3)`, [id, regionId, o.membership ?? 'active']);
  }
  await ds.query(
    `insert into profiles (user_id, state, fingerprint, activity_patterns, boundaries) values ($1, $2, $3, $4, $5)`,
    [
      id,
      o.profileState ?? 'complete_mvp',
      JSON.stringify(o.fingerprint ?? uniformFingerprint(0.5)),
      JSON.stringify(o.patterns ?? [pattern()]),
      JSON.stringify(o.boundaries ?? {}),
    ],
  );
  await ds.query(
    `insert into entitlements (user_id, eligible_to_participate, eligible_to_initiate, source) values ($1, $2, $3, 'free')`,
    [id, o.entitled ?? true, o.canInitiate ?? o.entitled ?? true],
  );
  await ds.query(
    `insert into conversation_sessions (user_id, mode, state_token, expires_at)
     values ($1, $2::conversation_mode, $3, case when $3 = 'idle' then null else now() + interval '1 day' end)`,
    [id, o.mode ?? 'idle', o.mode ?? 'idle'],
  );
  return { id, phone, firstName };
}

export const coffeeSaturday: LinkupBrief = {
  activity_key: 'coffee',
  time_window: 'SAT_MORNING',
  motive_emphasis: { connection: 0.6, calm: 0.4 },
  constraints: {},
  group_size: { min: 3, max: 6 },
};

export interface LinkupOptions {
  brief?: LinkupBrief;
  state?: 'broadcasting' | 'locked' | 'expired' | 'canceled' | 'completed';
  eventTime?: Date;
  windowEndsAt?: Date;
  minSize?: number;
  maxSize?: number;
}

// A LinkUp with its initiator as the first confirmed participant.
export async function makeLinkup(ds: DataSource, regionId: string, initiatorId: string, o: LinkupOptions = {}): Promise<string> {
  const brief = o.brief ?? coffeeSaturday;
  const eventTime = o.eventTime ?? new Date(Date.now() + 3 * 86_400_000);
  const [row] = await ds.query(
    `insert into linkups (initiator_user_id, region_id, state, brief, event_time, acceptance_window_ends_at, min_size, max_size, linkup_create_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      initiatorId,
      regionId,
      o.state ?? 'broadcasting',
      JSON.stringify(brief),
      eventTime,
      o.windowEndsAt ?? new Date(Date.now() + 86_400_000),
      o.minSize ?? brief.group_size.min,
      o.maxSize ?? brief.group_size.max,
      `test:${randomUUID()}`,
    ],
  );
  await ds.query(`insert into linkup_participants (linkup_id, user_id, role) values ($1, $2, 'initiator')`, [row.id, initiatorId]);
  return row.id;
}

export async function addParticipant(ds: DataSource, linkupId: string, userId: string): Promise<void> {
  await ds.query(`insert into linkup_participants (linkup_id, user_id, role) values ($1, $2, 'participant')`, [linkupId, userId]);
}

export async function makePendingInvite(ds: DataSource, linkupId: string, userId: string, expiresAt?: Date): Promise<string> {
  const [row] = await ds.query(
    `insert into linkup_invites (linkup_id, invited_user_id, state, sent_at, expires_at, idempotency_key)
     values ($1, $2, 'pending', now(), $3, $4) returning id`,
    [linkupId, userId, expiresAt ?? new Date(Date.now() + 3 * 3_600_000), `test-invite:${randomUUID()}`],
  );
  return row.id;
}

export async function block(ds: DataSource, blockerId: string, blockedId: string): Promise<void> {
  await ds.query(`insert into user_blocks (blocker_user_id, blocked_user_id) values ($1, $2)`, [blockerId, blockedId]);
}

export async function hold(ds: DataSource, userId: string, state: 'soft_hold' | 'hard_hold' = 'soft_hold', expiresAt: Date | null = null): Promise<void> {
  await ds.query(
    `insert into safety_holds (user_id, state, reason, applied_at, expires_at) values ($1, $2, 'test', now(), $3)`,
    [userId, state, expiresAt],
  );
}
