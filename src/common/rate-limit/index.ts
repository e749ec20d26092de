// A generic limiter counted in PostgreSQL (holds across instances), and the per-IP route guard.
export { RateLimitModule } from './rate-limit.module';
export { RateLimiter, type RateLimitDecision, type RateLimitOptions } from './rate-limiter.service';
export { IpRateLimit, IpRateLimitGuard, RateLimitedError } from './ip-rate-limit.guard';
export { RateLimitSettings, type IpRateLimitScope } from './rate-limit.settings';
