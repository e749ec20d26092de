import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertActivityPatterns, assertBoundaries, assertFingerprint, assertPreferences } from '../../common/json-shapes';
import type { ProfileState } from '../../database/enums';
import { ageFingerprint, agePatterns } from './fingerprint/freshness';
import { utcDayDiff } from './fingerprint/signal-math';
import type { ProfileData } from './profile-data';
import { ProfileError, ProfileErrorCode } from './profile.errors';
import { ProfileEventsRepository } from './profile-events.repository';
import { ProfileRepository, type ProfileRow } from './profile.repository';

// A profile as a change sees it: JSON aged to now (freshness_days counted from today).
export interface LoadedProfile extends Omit<ProfileRow, 'data'> {
  data: ProfileData;
}

export interface ProfileChangeRequest {
  userId: string;
  // Derived from the cause (`interview:{MessageSid}`, `invite_accepted:{inviteId}` ...).
  idempotencyKey: string;
  eventType: string;
  source: string;
  correlationId: string | null;
  manager: EntityManager;
  // Create an empty profile first when there is none (the interview must never strand a member).
  createIfMissing?: boolean;
}

// What a change decides. Omitted fields stay as they are.
export interface ProfileChange {
  data?: ProfileData;
  state?: ProfileState;
  lastInterviewStep?: string | null;
  completedAt?: Date | null;
  staleAt?: Date | null;
  eventType?: string;
  // Stored on the profile event: derived values only, never message text.
  payload: Record<string, unknown>;
}

export interface AppliedChange {
  applied: boolean;
  before: LoadedProfile;
  after: LoadedProfile;
}

// The one way a profile changes: lock the row, decide, validate every JSON shape, claim the
// profile event (its idempotency key makes a replay a no-op), then write.
@Injectable()
export class ProfileWriter {
  constructor(
    private readonly profiles: ProfileRepository,
    private readonly events: ProfileEventsRepository,
  ) {}

  async apply(req: ProfileChangeRequest, decide: (profile: LoadedProfile) => ProfileChange): Promise<AppliedChange> {
    let row = await this.profiles.lockByUserId(req.userId, req.manager);
    if (!row && req.createIfMissing) {
      await this.profiles.insertEmpty(req.userId, req.manager);
      row = await this.profiles.lockByUserId(req.userId, req.manager);
    }
    if (!row) throw new ProfileError(ProfileErrorCode.ProfileNotFound, 'This member has no profile.');
    const before = aged(row);
    const change = decide(before);
    const after: LoadedProfile = {
      ...before,
      data: change.data ?? before.data,
      state: change.state ?? before.state,
      lastInterviewStep: change.lastInterviewStep !== undefined ? change.lastInterviewStep : before.lastInterviewStep,
      completedAt: change.completedAt !== undefined ? change.completedAt : before.completedAt,
      staleAt: change.staleAt !== undefined ? change.staleAt : before.staleAt,
    };
    assertProfileData(after.data);
    const claimed = await this.events.claim(
      {
        userId: req.userId,
        eventType: change.eventType ?? req.eventType,
        source: req.source,
        payload: { ...change.payload, ...(after.state !== before.state ? { state_from: before.state, state_to: after.state } : {}) },
        idempotencyKey: req.idempotencyKey,
        correlationId: req.correlationId,
      },
      req.manager,
    );
    if (!claimed) return { applied: false, before, after: before };
    if (changed(before, after)) await this.profiles.update(row.id, after, req.manager);
    return { applied: true, before, after };
  }
}

// freshness_days is stored as of updated_at; age it by the calendar days since.
export function aged(row: ProfileRow): LoadedProfile {
  const days = utcDayDiff(new Date(row.updatedAt), new Date(row.dbNow));
  return {
    ...row,
    data: {
      ...row.data,
      fingerprint: ageFingerprint(row.data.fingerprint, days),
      activity_patterns: agePatterns(row.data.activity_patterns, days),
    },
  };
}

export function assertProfileData(data: ProfileData): void {
  assertFingerprint(data.fingerprint);
  assertActivityPatterns(data.activity_patterns);
  assertBoundaries(data.boundaries);
  assertPreferences(data.preferences);
}

function changed(a: LoadedProfile, b: LoadedProfile): boolean {
  return (
    a.data !== b.data ||
    a.state !== b.state ||
    a.lastInterviewStep !== b.lastInterviewStep ||
    a.completedAt !== b.completedAt ||
    a.staleAt !== b.staleAt
  );
}
