import { createHmac, timingSafeEqual } from 'node:crypto';

// phone_hash = HMAC-SHA256(pepper, E.164): the pepper lives outside the database,
// so the ~10^10 possible numbers cannot be brute-forced from a dump.
export class PhoneHasher {
  constructor(private readonly pepper: string) {}

  hash(e164: string): string {
    return createHmac('sha256', this.pepper).update(e164).digest('hex');
  }

  // Keyed digest of any secret (OTP codes, tokens) under the same pepper, domain-separated.
  digest(domain: string, value: string): string {
    return createHmac('sha256', this.pepper).update(`${domain}\u0000${value}`).digest('hex');
  }
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
