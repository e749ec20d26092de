import { Type } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import type { MatchingWeights } from './matching/matching.types';
import type { ReminderOffsets } from './lifecycle/linkup-state';

// The LinkUps module's settings (documented in .env.example), validated at boot.
export class LinkupsSettings {
  // How long a LinkUp collects answers; it always closes LINKUP_LOCK_LEAD_MINUTES before the event.
  @Type(() => Number) @IsInt() @Min(1) @Max(168)
  LINKUP_ACCEPTANCE_WINDOW_HOURS = 24;

  @Type(() => Number) @IsInt() @Min(0) @Max(1440)
  LINKUP_LOCK_LEAD_MINUTES = 120;

  // The earliest a new LinkUp may start (a time sooner than this rolls to the next week).
  @Type(() => Number) @IsInt() @Min(60) @Max(10080)
  LINKUP_MIN_LEAD_MINUTES = 240;

  // An invite expires after this long, or at the end of the acceptance window if sooner.
  @Type(() => Number) @IsInt() @Min(5) @Max(1440)
  LINKUP_INVITE_TTL_MINUTES = 180;

  // Group size when the initiator names none (whole people including the initiator, 2..6).
  @Type(() => Number) @IsInt() @Min(2) @Max(6)
  LINKUP_DEFAULT_MIN_SIZE = 3;

  @Type(() => Number) @IsInt() @Min(2) @Max(6)
  LINKUP_DEFAULT_MAX_SIZE = 6;

  // A wave keeps this many pending invites per open slot.
  @Type(() => Number) @IsInt() @Min(1) @Max(5)
  LINKUP_WAVE_MULTIPLIER = 2;

  // When no candidate is left, matching is tried again after this long (members free up).
  @Type(() => Number) @IsInt() @Min(1) @Max(1440)
  LINKUP_WAVE_RETRY_MINUTES = 30;

  // Another LinkUp within this many minutes of the event time makes a member busy.
  @Type(() => Number) @IsInt() @Min(0) @Max(1440)
  LINKUP_BUSY_MARGIN_MINUTES = 180;

  // Reminders: before the event, and the outcome check after it.
  @Type(() => Number) @IsInt() @Min(1)
  LINKUP_REMINDER_DAY_BEFORE_MINUTES = 1440;

  @Type(() => Number) @IsInt() @Min(1)
  LINKUP_REMINDER_HOURS_BEFORE_MINUTES = 120;

  @Type(() => Number) @IsInt() @Min(1)
  LINKUP_OUTCOME_CHECK_AFTER_MINUTES = 180;

  // Cancelling closer than this to the event is a late cancel (a strike).
  @Type(() => Number) @IsInt() @Min(0) @Max(168)
  LINKUP_LATE_CANCEL_HOURS = 24;

  // Rows one sweep run handles per transaction.
  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  LINKUP_SWEEP_BATCH_SIZE = 50;

  // final_score = friend x MATCH_FRIEND_WEIGHT + moment x MATCH_MOMENT_WEIGHT + fairness boost.
  @Type(() => Number) @IsNumber() @Min(0) @Max(1)
  MATCH_FRIEND_WEIGHT = 0.6;

  @Type(() => Number) @IsNumber() @Min(0) @Max(1)
  MATCH_MOMENT_WEIGHT = 0.4;

  // The largest fairness boost (a member with no invite inside the fairness window).
  @Type(() => Number) @IsNumber() @Min(0) @Max(0.2)
  MATCH_FAIRNESS_WEIGHT = 0.05;

  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  MATCH_FAIRNESS_WINDOW_DAYS = 14;

  // Profile evidence loses half its weight every this many days without a new signal (the same
  // default as the profile's own PROFILE_FRESHNESS_HALF_LIFE_DAYS).
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  MATCH_FRESHNESS_HALF_LIFE_DAYS = 180;

  // Candidates scored per wave (the bounded pool). The walk that fills it stops once it holds this
  // many members, at least MATCH_POOL_MIN_KEEN of them with a pattern for the activity, or after
  // MATCH_WALK_BUDGET_FACTOR x MATCH_POOL_SIZE members walked.
  @Type(() => Number) @IsInt() @Min(10) @Max(5000)
  MATCH_POOL_SIZE = 300;

  @Type(() => Number) @IsInt() @Min(0) @Max(5000)
  MATCH_POOL_MIN_KEEN = 60;

  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  MATCH_WALK_BUDGET_FACTOR = 8;

  // The candidate cache (matching/candidate-cache.ts): every member of a region pre-scored in
  // memory; the best MATCH_PREPOOL_FACTOR x wave size (at least 20) go through the exact SQL
  // filters and scores, then up to 8 times as many if too few pass, then the walk above.
  @Type(() => Number) @IsInt() @Min(1) @Max(50)
  MATCH_PREPOOL_FACTOR = 2;

  // Changes to profiles, users, entitlements, holds and memberships are read into the cache before
  // a wave at most this often (0: before every wave; each read is a few index scans).
  @Type(() => Number) @IsInt() @Min(0) @Max(3600)
  MATCH_CACHE_REFRESH_SECONDS = 0;

  // A region's cache is rebuilt from scratch in the background this often (compacts it, and picks
  // up anything a long transaction hid from the incremental reads).
  @Type(() => Number) @IsInt() @Min(1) @Max(10080)
  MATCH_CACHE_REBUILD_MINUTES = 60;

  // A wave waits at most this long for a region's first cache build; after that it uses the walk
  // while the build finishes in the background.
  @Type(() => Number) @IsInt() @Min(0) @Max(600000)
  MATCH_CACHE_COLD_WAIT_MS = 2000;

  weights(): MatchingWeights {
    return {
      friend: this.MATCH_FRIEND_WEIGHT,
      moment: this.MATCH_MOMENT_WEIGHT,
      fairness: this.MATCH_FAIRNESS_WEIGHT,
      freshnessHalfLifeDays: this.MATCH_FRESHNESS_HALF_LIFE_DAYS,
    };
  }

  reminderOffsets(): ReminderOffsets {
    return {
      dayBeforeMinutes: this.LINKUP_REMINDER_DAY_BEFORE_MINUTES,
      hoursBeforeMinutes: this.LINKUP_REMINDER_HOURS_BEFORE_MINUTES,
      outcomeAfterMinutes: this.LINKUP_OUTCOME_CHECK_AFTER_MINUTES,
    };
  }

  defaultGroupSize(): { min: number; max: number } {
    return { min: this.LINKUP_DEFAULT_MIN_SIZE, max: this.LINKUP_DEFAULT_MAX_SIZE };
  }
}

// Cross-field rules class-validator cannot express; each problem is one line.
export function checkLinkupsSettings(s: LinkupsSettings): string[] {
  const problems: string[] = [];
  if (s.LINKUP_DEFAULT_MIN_SIZE > s.LINKUP_DEFAULT_MAX_SIZE) {
    problems.push('LINKUP_DEFAULT_MIN_SIZE: must not exceed LINKUP_DEFAULT_MAX_SIZE');
  }
  if (Math.abs(s.MATCH_FRIEND_WEIGHT + s.MATCH_MOMENT_WEIGHT - 1) > 1e-9) {
    problems.push('MATCH_FRIEND_WEIGHT + MATCH_MOMENT_WEIGHT: must add up to 1');
  }
  if (s.LINKUP_MIN_LEAD_MINUTES <= s.LINKUP_LOCK_LEAD_MINUTES) {
    problems.push('LINKUP_MIN_LEAD_MINUTES: must be longer than LINKUP_LOCK_LEAD_MINUTES, or a new LinkUp could have no window');
  }
  return problems;
}
