import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Strike rules (PRODUCT.md section 10), documented in .env.example and validated at boot.
export class SafetySettings {
  @Type(() => Number) @IsInt() @Min(1) @Max(10)
  SAFETY_STRIKE_NO_SHOW_POINTS = 1;

  @Type(() => Number) @IsInt() @Min(1) @Max(10)
  SAFETY_STRIKE_LATE_CANCEL_POINTS = 1;

  // A strike counts for this many days.
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  SAFETY_STRIKE_WINDOW_DAYS = 90;

  // This many points inside the window put the member on a soft hold for SAFETY_STRIKE_HOLD_DAYS.
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  SAFETY_STRIKE_HOLD_THRESHOLD = 3;

  @Type(() => Number) @IsInt() @Min(1) @Max(365)
  SAFETY_STRIKE_HOLD_DAYS = 14;
}
