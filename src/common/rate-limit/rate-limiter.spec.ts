import { retryAfter } from './rate-limiter.service';

describe('retryAfter', () => {
  it('waits for the end of a fixed window', () => {
    expect(retryAfter({ current: 5, previous: 9, elapsed: 20 }, 5, 60, false)).toBe(40);
    expect(retryAfter({ current: 5, previous: 0, elapsed: 59.2 }, 5, 60, false)).toBe(1);
  });

  it('waits until the previous window has slid out enough, in a sliding window', () => {
    // 10 last minute, 2 now, limit 10: the carried share must fall to 7 (10 * (1 - t/60) <= 7).
    expect(retryAfter({ current: 2, previous: 10, elapsed: 0 }, 10, 60, true)).toBe(18);
    expect(retryAfter({ current: 2, previous: 10, elapsed: 30 }, 10, 60, true)).toBe(1);
  });

  it('waits into the next window when this window is full, in a sliding window', () => {
    // full now (10 of 10) with 15 s left: then 10 * (1 - t2/60) + 1 <= 10 -> t2 = 6.
    expect(retryAfter({ current: 10, previous: 0, elapsed: 45 }, 10, 60, true)).toBe(21);
  });
});
