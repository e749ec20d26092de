import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimiter } from '../../../common/rate-limit';
import { AdminError, AdminErrorCode, unauthorized } from '../admin.errors';
import { AdminSettings } from '../admin.settings';
import { type AdminPrincipal, type AdminRole, isAdminRole, roleAtLeast } from './admin-roles';
import { ADMIN_ROLE_KEY } from './admin-route.keys';
import { AdminTokensService } from './admin-tokens.service';

// The one guard of /admin/v1: the bearer token (401, the same answer for missing, unknown and
// revoked), the per-token rate limit held in PostgreSQL (429 + Retry-After), then the route's
// role (403). A route without a declared role is refused: nothing is reachable by omission.
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AdminTokensService,
    private readonly limiter: RateLimiter,
    @Inject(AdminSettings) private readonly settings: AdminSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { admin?: AdminPrincipal }>();
    const admin = await this.tokens.authenticate(bearer(req.header('authorization')));
    if (!admin) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="admin"');
      throw unauthorized();
    }
    const decision = await this.limiter.consume(
      `admin:${admin.tokenId}`, this.settings.ADMIN_RATE_LIMIT_PER_TOKEN, this.settings.ADMIN_RATE_LIMIT_WINDOW_SECONDS, undefined, { window: 'sliding' },
    );
    if (!decision.allowed) {
      http.getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new AdminError(AdminErrorCode.RateLimited, 'Too many calls with this token; wait and try again.', { retryAfterSeconds: decision.retryAfterSeconds });
    }
    const need = this.reflector.get<AdminRole | undefined>(ADMIN_ROLE_KEY, context.getHandler());
    if (!isAdminRole(need)) throw new AdminError(AdminErrorCode.Forbidden, 'This route declares no role.');
    if (!roleAtLeast(admin.role, need)) throw new AdminError(AdminErrorCode.Forbidden, `This needs the ${need} role or higher.`);
    req.admin = admin;
    return true;
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
