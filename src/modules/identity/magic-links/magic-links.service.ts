import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import { MagicLinkTargets, type MagicLinkPurpose } from './magic-link-targets';
import { MagicLinksRepository } from './magic-links.repository';
import { MagicLinkSettings } from './magic-links.settings';
import { PageSessionsService, sha256Hex } from './page-sessions.service';

export interface IssueMagicLink {
  userId: string;
  purpose: MagicLinkPurpose;
  linkupId?: string | null;
  // Issue inside the caller's transaction (e.g. with the SMS that carries the link).
  manager?: EntityManager;
}

export interface LinkPreview {
  purpose: string;
  userId: string;
  buttonLabel: string;
  usable: boolean;
  // Where the link leads (shown as "continue" when a used link is opened again in the session).
  path: string;
}

export interface ConsumedMagicLink {
  userId: string;
  // The new page session's id: the caller sets it as the cookie.
  sessionId: string;
  redirectTo: string;
}

// A URL-safe token of 32 random bytes is 43 base64url characters.
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const SWEEP_BATCH = 1000;

// Magic links (PRODUCT.md section 8): 32 random bytes, base64url, only the SHA-256 stored,
// MAGIC_LINK_TTL_MINUTES to live, single use. Consuming one starts a page session.
@Injectable()
export class MagicLinksService {
  private readonly log = new Logger('MagicLinks');

  constructor(
    private readonly links: MagicLinksRepository,
    private readonly sessions: PageSessionsService,
    private readonly targets: MagicLinkTargets,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(MagicLinkSettings) private readonly settings: MagicLinkSettings,
  ) {}

  // The URL to text: PUBLIC_BASE_URL/m/<token>. The token itself is never stored or logged.
  async issue(req: IssueMagicLink): Promise<{ url: string; expiresAt: Date }> {
    if (!this.targets.get(req.purpose)) throw new Error(`no page is registered for magic link purpose ${req.purpose}`);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.settings.MAGIC_LINK_TTL_MINUTES * 60_000);
    await this.links.insert({ userId: req.userId, tokenHash: sha256Hex(token), purpose: req.purpose, linkupId: req.linkupId ?? null, expiresAt, now }, req.manager);
    return { url: `${this.config.publicBaseUrl}/m/${token}`, expiresAt };
  }

  // What GET /m/<token> shows; reads only, so scanners and previews change nothing.
  async inspect(token: string): Promise<LinkPreview | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    const link = await this.links.inspect(sha256Hex(token), this.clock.now());
    const target = link ? this.targets.get(link.purpose) : undefined;
    if (!link || !target) return null;
    return { purpose: link.purpose, userId: link.userId, buttonLabel: target.buttonLabel, usable: link.usable, path: target.path(link) };
  }

  // Consumes the link and starts a page session in one transaction: null (and nothing changed) when
  // the token is unknown, used or expired. Two concurrent consumers: one session, one null.
  async consume(token: string): Promise<ConsumedMagicLink | null> {
    if (!TOKEN_FORMAT.test(token)) return null;
    return this.tx.run(async (m) => {
      const link = await this.links.consume(sha256Hex(token), this.clock.now(), m);
      const target = link ? this.targets.get(link.purpose) : undefined;
      if (!link || !target) return null;
      const sessionId = await this.sessions.start(link.userId, m);
      return { userId: link.userId, sessionId, redirectTo: target.path(link) };
    });
  }

  // The member's unused links stop working and their page sessions end (member deletion, a
  // security action). Pass the caller's transaction.
  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<{ links: number; sessions: number }> {
    const links = await this.links.expireUnconsumed(userId, this.clock.now(), manager);
    const sessions = await this.sessions.revokeAllForUser(userId, manager);
    return { links, sessions };
  }

  // Hourly sweep: links and page sessions that ended more than MAGIC_LINK_RETENTION_DAYS ago.
  async sweepEnded(): Promise<{ links: number; sessions: number }> {
    const before = new Date(this.clock.now().getTime() - this.settings.MAGIC_LINK_RETENTION_DAYS * 86_400_000);
    const links = await inBatches(() => this.links.deleteEndedBatch(before, SWEEP_BATCH));
    const sessions = await inBatches(() => this.sessions.deleteEnded(SWEEP_BATCH));
    if (links || sessions) this.log.log({ msg: 'ended magic links and page sessions deleted', links, sessions });
    return { links, sessions };
  }
}

// Repeats a bounded delete until a batch comes back short; returns the total.
async function inBatches(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const n = await batch();
    total += n;
    if (n < SWEEP_BATCH) break;
  }
  return total;
}
