import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { constantTimeEqualHex, PhoneHasher } from '../../../common/crypto';
import { MagicLinkSettings } from './magic-links.settings';
import { PageSessionsRepository } from './page-sessions.repository';

export interface PageSessionInfo {
  userId: string;
  // Hidden `_csrf` field of every form the page shows; checked on every POST.
  csrfToken: string;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

// Page sessions: a random id in an HttpOnly cookie, only its hash stored. The CSRF token is a keyed
// digest of the id, so it is tied to the session and needs no storage.
@Injectable()
export class PageSessionsService {
  constructor(
    private readonly sessions: PageSessionsRepository,
    private readonly hasher: PhoneHasher,
    private readonly clock: Clock,
    @Inject(MagicLinkSettings) private readonly settings: MagicLinkSettings,
  ) {}

  get maxAgeSeconds(): number {
    return this.settings.PAGE_SESSION_MAX_HOURS * 3600;
  }

  // Returns the session id for the cookie; the caller's transaction decides whether it exists.
  async start(userId: string, manager?: EntityManager): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.sessions.insert(sha256Hex(id), userId, now, new Date(now.getTime() + this.maxAgeSeconds * 1000), manager);
    return id;
  }

  // The member behind a live session (and it counts as activity), or null.
  async authenticate(sessionId: string | undefined): Promise<PageSessionInfo | null> {
    if (!sessionId || sessionId.length > 100) return null;
    const row = await this.sessions.touch(sha256Hex(sessionId), this.clock.now(), this.settings.PAGE_SESSION_IDLE_MINUTES * 60);
    return row ? { userId: row.userId, csrfToken: this.csrfToken(sessionId) } : null;
  }

  csrfToken(sessionId: string): string {
    return this.hasher.digest('page-csrf', sessionId);
  }

  csrfMatches(sessionId: string, submitted: unknown): boolean {
    return typeof submitted === 'string' && /^[0-9a-f]{64}$/.test(submitted) && constantTimeEqualHex(submitted, this.csrfToken(sessionId));
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.revoke(sha256Hex(sessionId), this.clock.now());
  }

  revokeAllForUser(userId: string, manager?: EntityManager): Promise<number> {
    return this.sessions.revokeForUser(userId, this.clock.now(), manager);
  }

  async deleteEnded(batchSize: number): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.settings.MAGIC_LINK_RETENTION_DAYS * 86_400_000);
    return this.sessions.deleteEndedBatch(before, batchSize);
  }
}
