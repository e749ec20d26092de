import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// The admin API's settings (documented in .env.example), validated at boot.
export class AdminSettings {
  // Calls per admin token per window, all /admin/v1 routes together, counted in PostgreSQL (so the
  // limit holds across instances); then 429 with Retry-After.
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  ADMIN_RATE_LIMIT_PER_TOKEN = 300;

  // The span the per-token limit counts over (a sliding window).
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  ADMIN_RATE_LIMIT_WINDOW_SECONDS = 60;
}
