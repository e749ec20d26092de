import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

// Per-client-IP limits of the public web entry points (documented in .env.example). The client IP
// is Express's req.ip, which believes X-Forwarded-For only through TRUST_PROXY hops.
export class RateLimitSettings {
  // The span the per-IP limits below count over (a sliding window).
  @Type(() => Number) @IsInt() @Min(10) @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS = 600;

  // POST /v1/registrations (the form and the JSON API) per IP and window.
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  RATE_LIMIT_REGISTRATION_PER_IP = 20;

  // POST /v1/registrations/verify per IP and window (on top of the per-code attempt limit).
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  RATE_LIMIT_VERIFICATION_PER_IP = 30;

  // GET and POST /m/<token> per IP and window: guessing tokens is hopeless (256 bits), this keeps
  // anyone from trying at volume.
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000)
  RATE_LIMIT_MAGIC_LINK_PER_IP = 60;
}

export type IpRateLimitScope = 'registration' | 'verification' | 'magic_link';

export function ipLimitFor(s: RateLimitSettings, scope: IpRateLimitScope): number {
  switch (scope) {
    case 'registration':
      return s.RATE_LIMIT_REGISTRATION_PER_IP;
    case 'verification':
      return s.RATE_LIMIT_VERIFICATION_PER_IP;
    case 'magic_link':
      return s.RATE_LIMIT_MAGIC_LINK_PER_IP;
  }
}
