import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../../common/errors';
import { Page, readCookie } from '../../../common/web';
import { PageSessionsService, type PageSessionInfo } from './page-sessions.service';

export const PAGE_SESSION_COOKIE = 'josh_session';

export class PageSessionError extends DomainError {}

type WithSession = Request & { pageSession?: PageSessionInfo };

// For member pages: the request must carry a live page session (cookie), else 401 with the
// "text LINK" page. Every POST must also carry the session's CSRF token (`_csrf`), else 403 and
// nothing happens.
@Injectable()
export class PageSessionGuard implements CanActivate {
  constructor(private readonly sessions: PageSessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WithSession>();
    const sessionId = readCookie(req, PAGE_SESSION_COOKIE);
    const session = await this.sessions.authenticate(sessionId);
    if (!session || !sessionId) throw new PageSessionError('page_session_required', 'Your page session has ended. Text LINK to JOSH for a new link.', 401);
    if (!['GET', 'HEAD'].includes(req.method)) {
      const submitted = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (!this.sessions.csrfMatches(sessionId, submitted)) {
        throw new PageSessionError('csrf_failed', 'That form had expired. Go back, reload the page and try again.', 403);
      }
    }
    req.pageSession = session;
    return true;
  }
}

// The member of the page session: `{ userId, csrfToken }` (put csrfToken in every form as `_csrf`).
export const PageMember = createParamDecorator((_data: unknown, context: ExecutionContext): PageSessionInfo => {
  const session = context.switchToHttp().getRequest<WithSession>().pageSession;
  if (!session) throw new Error('@PageMember() needs PageSessionGuard (use @MemberPage())');
  return session;
});

// A controller (or route) of member pages: page headers and friendly errors (@Page()), a live
// page session required, CSRF checked on every POST.
export function MemberPage(): ClassDecorator & MethodDecorator {
  return applyDecorators(Page(), UseGuards(PageSessionGuard));
}
