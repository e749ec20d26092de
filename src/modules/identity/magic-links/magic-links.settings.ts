import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Magic links and page sessions (documented in .env.example), validated at boot.
export class MagicLinkSettings {
  // A link works once, within this many minutes of being sent.
  @Type(() => Number) @IsInt() @Min(5) @Max(10_080)
  MAGIC_LINK_TTL_MINUTES = 1440;

  // A page session ends after this long without a request...
  @Type(() => Number) @IsInt() @Min(1) @Max(720)
  PAGE_SESSION_IDLE_MINUTES = 30;

  // ... and at the latest this long after it started (12 hours at most).
  @Type(() => Number) @IsInt() @Min(1) @Max(12)
  PAGE_SESSION_MAX_HOURS = 12;

  // The hourly sweep deletes links and page sessions this many days after they ended.
  @Type(() => Number) @IsInt() @Min(0) @Max(365)
  MAGIC_LINK_RETENTION_DAYS = 7;
}
