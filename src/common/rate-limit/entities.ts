import { RateLimitCounter } from './rate-limit-counter.entity';

// rate_limit_counters, registered by RateLimitModule.
export const RATE_LIMIT_ENTITIES: Function[] = [RateLimitCounter];
