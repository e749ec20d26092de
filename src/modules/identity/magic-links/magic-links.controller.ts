import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { IpRateLimit } from '../../../common/rate-limit';
import { Page, readCookie } from '../../../common/web';
import { AppConfig } from '../../../config';
import { MagicLinksService } from './magic-links.service';
import { PAGE_SESSION_COOKIE } from './page-session.guard';
import { PageSessionsService } from './page-sessions.service';

// Ties the confirm form to the browser that opened the link: a cross-site form cannot send this
// (SameSite=Lax) cookie, so nobody can sign a member in to someone else's session (login CSRF).
const NONCE_COOKIE = 'josh_link';
const NONCE_MAX_AGE_MS = 60 * 60_000;

// GET /m/<token> only shows a confirm button (link scanners and SMS previews change nothing);
// POST consumes the link, starts the page session and redirects to the link's page.
@ApiExcludeController()
@Controller('m')
@Page()
@IpRateLimit('magic_link')
export class MagicLinksController {
  constructor(
    private readonly links: MagicLinksService,
    private readonly sessions: PageSessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get(':token')
  async confirm(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const link = await this.links.inspect(token);
    if (!link) return this.expired(res, 404);
    if (!link.usable) {
      // Back button after using the link: still signed in as its member? Offer the way on.
      const session = await this.sessions.authenticate(readCookie(req, PAGE_SESSION_COOKIE));
      if (session?.userId === link.userId) return res.status(200).render('identity/magic-links/views/used', { path: link.path });
      return this.expired(res, 410);
    }
    const nonce = randomBytes(16).toString('base64url');
    res.cookie(NONCE_COOKIE, nonce, this.cookieOptions('/m/', NONCE_MAX_AGE_MS));
    res.status(200).render('identity/magic-links/views/confirm', { buttonLabel: link.buttonLabel, nonce });
  }

  @Post(':token')
  async open(@Param('token') token: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!sameNonce(readCookie(req, NONCE_COOKIE), body?.nonce)) {
      // Nothing consumed: opening the link again shows a fresh form.
      return void res.status(403).render('identity/magic-links/views/retry', {});
    }
    const opened = await this.links.consume(token);
    if (!opened) return this.expired(res, (await this.links.inspect(token)) ? 410 : 404);
    res.clearCookie(NONCE_COOKIE, this.cookieOptions('/m/'));
    res.cookie(PAGE_SESSION_COOKIE, opened.sessionId, this.cookieOptions('/', this.sessions.maxAgeSeconds * 1000));
    res.redirect(303, opened.redirectTo);
  }

  // Used, expired and unknown links look the same (only the status differs) and change nothing.
  private expired(res: Response, status: 404 | 410): void {
    res.status(status).render('identity/magic-links/views/expired', {});
  }

  private cookieOptions(path: string, maxAge?: number) {
    return { httpOnly: true, sameSite: 'lax' as const, secure: this.config.isProduction, path, ...(maxAge ? { maxAge } : {}) };
  }
}

function sameNonce(cookie: string | undefined, submitted: unknown): boolean {
  if (!cookie || typeof submitted !== 'string' || cookie.length !== submitted.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(submitted));
}
