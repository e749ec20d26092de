import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { isSlug, type ActivityPattern, type Boundaries, type Fingerprint, type Preferences } from '../../common/json-shapes';
import type { ProfileState } from '../../database/enums';
import { TransactionRunner } from '../../database';
import { OutboundSmsService } from '../conversation';
import { UsersService } from '../identity';
import { activityCatalog } from './activity-catalog';
import { applyBehaviour, BEHAVIOUR_SIGNAL_KINDS, type BehaviourSignalKind } from './fingerprint/behaviour-signals';
import { copy } from './interview/interview-copy';
import { firstPosition, openingText } from './interview/interview-engine';
import { STEPS } from './interview/interview-steps';
import { InterviewService } from './interview/interview.service';
import { ProfileError, ProfileErrorCode } from './profile.errors';
import { ProfileRepository } from './profile.repository';
import { ProfileSettings } from './profile.settings';
import { isInterviewComplete } from './profile-state';
import { aged, ProfileWriter } from './profile-writer';

const DAY_MS = 86_400_000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The first SMS of the interview, sent on verification.
export const FIRST_INTERVIEW_QUESTION = openingText('start', firstPosition('onboarding'), { steps: STEPS });

// What matching reads of a member. freshness_days are as of now (aged since the last write).
export interface MatchingView {
  userId: string;
  state: ProfileState;
  // complete_mvp, complete_full or stale: the member finished the core interview.
  complete: boolean;
  fingerprint: Fingerprint;
  activityPatterns: ActivityPattern[];
  boundaries: Boundaries;
  preferences: Preferences;
}

export interface BehaviourSignal {
  userId: string;
  kind: BehaviourSignalKind;
  activityKey?: string;
  // Derived from the cause, e.g. `invite_accepted:{inviteId}`, `outcome:{outcomeId}`: applied once.
  idempotencyKey: string;
  correlationId?: string | null;
}

@Injectable()
export class ProfileService {
  private readonly log = new Logger('ProfileService');

  constructor(
    private readonly profiles: ProfileRepository,
    private readonly writer: ProfileWriter,
    private readonly interview: InterviewService,
    private readonly users: UsersService,
    private readonly sms: OutboundSmsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(ProfileSettings) private readonly settings: ProfileSettings,
  ) {}

  createEmptyProfile(userId: string, manager: EntityManager): Promise<void> {
    return this.profiles.insertEmpty(userId, manager);
  }

  // Puts the member in `interviewing` and queues the first question, once per member.
  startInterview(userId: string, correlationId: string, manager: EntityManager): Promise<void> {
    return this.interview.start(userId, correlationId, manager);
  }

  async getMatchingView(userId: string, manager?: EntityManager): Promise<MatchingView | null> {
    return (await this.getMatchingViews([userId], manager))[0] ?? null;
  }

  async getMatchingViews(userIds: string[], manager?: EntityManager): Promise<MatchingView[]> {
    const rows = await this.profiles.findByUserIds(userIds, manager);
    return rows.map((row) => {
      const p = aged(row);
      return {
        userId: p.userId,
        state: p.state,
        complete: isInterviewComplete(p.state),
        fingerprint: p.data.fingerprint,
        activityPatterns: p.data.activity_patterns,
        boundaries: p.data.boundaries,
        preferences: p.data.preferences,
      };
    });
  }

  // Moves values slowly and raises confidence; one profile event per idempotency key, so a
  // retried caller never applies a signal twice. Returns whether this call applied it. Pass the
  // caller's `manager` to apply it in that transaction (only if it commits).
  async applyBehaviourSignal(signal: BehaviourSignal, manager?: EntityManager): Promise<{ applied: boolean }> {
    checkSignal(signal);
    const run = (manager: EntityManager) =>
      this.writer.apply(
        {
          userId: signal.userId, idempotencyKey: signal.idempotencyKey, eventType: 'behaviour_signal', source: 'behaviour',
          correlationId: signal.correlationId ?? null, manager,
        },
        (p) => {
          const { data, changed } = applyBehaviour(p.data, signal.kind, signal.activityKey, activityCatalog, {
            halfLifeDays: this.settings.PROFILE_FRESHNESS_HALF_LIFE_DAYS,
            maxConfidence: this.settings.PROFILE_MAX_CONFIDENCE,
            maxShift: this.settings.PROFILE_SIGNAL_MAX_SHIFT,
            weight: this.settings.PROFILE_BEHAVIOUR_SIGNAL_WEIGHT,
          });
          return {
            data,
            staleAt: this.staleAtFromNow(),
            payload: { kind: signal.kind, ...(signal.activityKey ? { activity_key: signal.activityKey } : {}), changed },
          };
        },
      );
    const { applied } = manager ? await run(manager) : await this.tx.run(run);
    return { applied };
  }

  // Deleting a member (safety): the profile is emptied and its events removed, in the caller's transaction.
  forgetMember(userId: string, manager: EntityManager): Promise<void> {
    return this.profiles.forgetMember(userId, manager);
  }

  // Daily sweep: complete profiles past stale_at become stale and the member is asked for a short
  // refresh. Bounded batches, each under an advisory lock; rows are claimed with SKIP LOCKED.
  async markStaleProfiles(maxBatches = 50): Promise<number> {
    let marked = 0;
    for (let i = 0; i < maxBatches; i++) {
      const count = await this.tx.runExclusive('profile-stale-sweep', (m) => this.markStaleBatch(m));
      if (count === undefined) break; // another instance is sweeping
      marked += count;
      if (count < this.settings.PROFILE_STALE_SWEEP_BATCH_SIZE) break;
    }
    if (marked) this.log.log({ msg: 'profiles marked stale', count: marked });
    return marked;
  }

  private async markStaleBatch(m: EntityManager): Promise<number> {
    const due = await this.profiles.claimStaleDue(this.clock.now(), this.settings.PROFILE_STALE_SWEEP_BATCH_SIZE, m);
    let marked = 0;
    for (const { userId, staleAt } of due) {
      // One stale episode per stale_at: a refresh sets a new stale_at, so the next episode has a new key.
      const key = `profile-stale:${userId}:${staleAt.toISOString()}`;
      const { applied } = await this.writer.apply(
        { userId, idempotencyKey: key, eventType: 'profile_stale', source: 'sweep', correlationId: null, manager: m },
        () => ({ state: 'stale', lastInterviewStep: null, payload: { stale_at: staleAt.toISOString() } }),
      );
      if (!applied) continue;
      marked++;
      const user = await this.users.findById(userId, m);
      if (!user || user.deletedAt) continue;
      await this.sms.enqueue({ userId, body: copy.staleRefresh(user.firstName), purpose: 'notice', idempotencyKey: key, manager: m });
    }
    return marked;
  }

  private staleAtFromNow(): Date {
    return new Date(this.clock.now().getTime() + this.settings.PROFILE_STALE_AFTER_DAYS * DAY_MS);
  }
}

function checkSignal(s: BehaviourSignal): void {
  const problems: string[] = [];
  if (!(BEHAVIOUR_SIGNAL_KINDS as readonly string[]).includes(s.kind)) problems.push(`kind must be one of ${BEHAVIOUR_SIGNAL_KINDS.join(', ')}`);
  if (s.activityKey !== undefined && !isSlug(s.activityKey)) problems.push('activityKey must be a snake_case activity key');
  if (!s.idempotencyKey || s.idempotencyKey.length > 200) problems.push('idempotencyKey is required (at most 200 characters)');
  if (!UUID_RE.test(s.userId)) problems.push('userId must be a uuid');
  if (s.correlationId && !UUID_RE.test(s.correlationId)) problems.push('correlationId must be a uuid');
  if (problems.length) throw new ProfileError(ProfileErrorCode.InvalidBehaviourSignal, problems.join('; '), { problems });
}
