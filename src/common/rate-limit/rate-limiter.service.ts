import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RateLimitRepository } from './rate-limit.repository';

export interface RateLimitDecision {
  allowed: boolean;
  // 0 when allowed; otherwise whole seconds until a hit would be allowed again (at least 1).
  retryAfterSeconds: number;
  // Hits counted in the current window, this one included when allowed.
  count: number;
}

export interface RateLimitOptions {
  // 'fixed' (default): at most `limit` hits per aligned window. 'sliding': the previous window's
  // hits still count for the part of it inside the last `windowSeconds`, so a burst at a window
  // edge cannot pass twice the limit.
  window?: 'fixed' | 'sliding';
}

// A generic limiter counted in PostgreSQL, so a limit holds across every instance of the service.
// `key` names what is limited and by whom (`ip:registration:<hash>`, `admin:<tokenId>`,
// `otp:<userId>`); use one key per (limit, window) pair. Pass `manager` to count inside your
// transaction (the hit is then undone if it rolls back).
@Injectable()
export class RateLimiter {
  constructor(private readonly counters: RateLimitRepository) {}

  async consume(key: string, limit: number, windowSeconds: number, manager?: EntityManager, options: RateLimitOptions = {}): Promise<RateLimitDecision> {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('rate limit must be a positive integer');
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new Error('rate limit window must be a positive number of seconds');
    const sliding = options.window === 'sliding';
    const c = await this.counters.claim(key, limit, windowSeconds, sliding, manager);
    if (c.claimed) return { allowed: true, retryAfterSeconds: 0, count: c.current + 1 };
    const retryAfterSeconds = retryAfter({ current: c.current, previous: c.previous, elapsed: c.elapsedSeconds }, limit, windowSeconds, sliding);
    return { allowed: false, retryAfterSeconds, count: c.current };
  }

  // The sweep: deletes counters whose windows are over, in batches; returns how many.
  async deleteExpired(batchSize = 5000, maxBatches = 20): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.counters.deleteExpiredBatch(batchSize);
      deleted += n;
      if (n < batchSize) break;
    }
    return deleted;
  }
}

// Seconds until one more hit fits, if nothing else is counted meanwhile. A fixed window frees up
// when it ends. In a sliding window, the previous window's share shrinks linearly through the
// current one, and the current window's share through the next.
export function retryAfter(c: { current: number; previous: number; elapsed: number }, limit: number, window: number, sliding: boolean): number {
  const untilWindowEnd = window - c.elapsed;
  let wait = untilWindowEnd;
  if (sliding && c.current + 1 <= limit && c.previous > 0) {
    // previous * (1 - (elapsed + t) / window) + current + 1 <= limit
    wait = window * (1 - (limit - c.current - 1) / c.previous) - c.elapsed;
  } else if (sliding && c.current > 0) {
    // In the next window: current * (1 - t2 / window) + 1 <= limit
    wait = untilWindowEnd + Math.max(0, window * (1 - (limit - 1) / c.current));
  }
  return Math.max(1, Math.ceil(wait - 1e-9)); // 1e-9: floating-point noise never adds a second
}
