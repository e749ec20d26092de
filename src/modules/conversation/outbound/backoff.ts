// Capped exponential backoff with "equal jitter": half the delay fixed, half random, so a burst of
// failures does not retry in lockstep. `attempt` counts from 1.
export function backoffSeconds(attempt: number, baseSeconds: number, maxSeconds: number, random = Math.random): number {
  const exp = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
