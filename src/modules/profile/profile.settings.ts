import { Type } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

// Interview and profile settings (documented in .env.example), validated at boot. The interview's
// timeout is the conversation mode's (CONVERSATION_TIMEOUT_INTERVIEWING_SECONDS), restarted at every step.
export class ProfileSettings {
  // Unrecognised answers re-asked (with an example) before a step is skipped.
  @Type(() => Number) @IsInt() @Min(0) @Max(3)
  PROFILE_INTERVIEW_MAX_REASKS = 1;

  // A complete profile with no fresh signal for this many days becomes stale (refresh asked).
  @Type(() => Number) @IsInt() @Min(7) @Max(3650)
  PROFILE_STALE_AFTER_DAYS = 180;

  @Type(() => Number) @IsInt() @Min(1) @Max(10000)
  PROFILE_STALE_SWEEP_BATCH_SIZE = 200;

  // A signal this many days old counts half when new evidence is blended in.
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  PROFILE_FRESHNESS_HALF_LIFE_DAYS = 180;

  // No factor or pattern is ever more certain than this.
  @Type(() => Number) @IsNumber() @Min(0.5) @Max(1)
  PROFILE_MAX_CONFIDENCE = 0.95;

  // Behaviour signals (invite accepted/declined, "do again"): the largest move of one factor per
  // signal, and a multiplier on their strengths (0 turns behaviour learning off).
  @Type(() => Number) @IsNumber() @Min(0) @Max(0.5)
  PROFILE_SIGNAL_MAX_SHIFT = 0.05;

  @Type(() => Number) @IsNumber() @Min(0) @Max(5)
  PROFILE_BEHAVIOUR_SIGNAL_WEIGHT = 1;
}
