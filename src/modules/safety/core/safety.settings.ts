import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

// Safety rules (PRODUCT.md sections 10 and 13), documented in .env.example and validated at boot.
export class SafetySettings {
  @Type(() => Number) @IsInt() @Min(1) @Max(10)
  SAFETY_STRIKE_NO_SHOW_POINTS = 1;

  @Type(() => Number) @IsInt() @Min(1) @Max(10)
  SAFETY_STRIKE_LATE_CANCEL_POINTS = 1;

  // A report support upholds.
  @Type(() => Number) @IsInt() @Min(1) @Max(10)
  SAFETY_STRIKE_UPHELD_REPORT_POINTS = 3;

  // A strike counts for this many days.
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  SAFETY_STRIKE_WINDOW_DAYS = 90;

  // This many points inside the window put the member on a soft hold for SAFETY_STRIKE_HOLD_DAYS.
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  SAFETY_STRIKE_HOLD_THRESHOLD = 3;

  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  SAFETY_STRIKE_HOLD_DAYS = 14;

  // Words (or phrases) that make a report severe: an incident and an immediate hard hold pending
  // review. Comma-separated, lower case; typos are tolerated like everywhere else (one for words of
  // 5+ letters, two for 8+, none for shorter words).
  @IsString() @MinLength(3) @MaxLength(2000) @Matches(/^[a-z ]+(,[a-z ]+)*$/, { message: 'must be comma-separated lower-case words' })
  SAFETY_SEVERE_KEYWORDS =
    'threat,threatened,threatening,assault,assaulted,unsafe,followed,stalked,stalking,weapon,gun,knife,attacked,' +
    'grabbed,groped,drugged,rape,raped,violent,violence,harassed,harassing';

  // The severity (1-5) of the incident a severe report opens.
  @Type(() => Number) @IsInt() @Min(1) @Max(5)
  SAFETY_SEVERE_INCIDENT_SEVERITY = 4;

  // REPORT and BLOCK list the people of the member's LinkUps of this many days.
  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  SAFETY_REPORT_LOOKBACK_DAYS = 30;

  // A REPORT, BLOCK or UNBLOCK left unanswered this long is set aside.
  @Type(() => Number) @IsInt() @Min(1) @Max(1440)
  SAFETY_FLOW_TIMEOUT_MINUTES = 30;

  // DELETE must be repeated within this many minutes.
  @Type(() => Number) @IsInt() @Min(1) @Max(60)
  SAFETY_DELETE_CONFIRM_MINUTES = 10;

  // A member on a hard hold gets the hold notice at most once per this many hours, whatever they text.
  @Type(() => Number) @IsInt() @Min(1) @Max(168)
  SAFETY_HOLD_NOTICE_INTERVAL_HOURS = 24;

  // Expired holds ended per transaction by the hourly sweep.
  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  SAFETY_HOLD_SWEEP_BATCH_SIZE = 100;

  // Named in the thanks for a severe report.
  @IsString() @MinLength(2) @MaxLength(20)
  SAFETY_EMERGENCY_NUMBER = '911';

  severeKeywords(): string[] {
    return this.SAFETY_SEVERE_KEYWORDS.split(',').map((k) => k.trim()).filter(Boolean);
  }
}
