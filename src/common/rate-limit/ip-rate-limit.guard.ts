import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { PhoneHasher } from '../crypto';
import { DomainError } from '../errors';
import { ipLimitFor, type IpRateLimitScope, RateLimitSettings } from './rate-limit.settings';
import { RateLimiter } from './rate-limiter.service';

const SCOPE = 'josh:ip-rate-limit';

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'Too many requests from your network. Please wait a few minutes and try again.', 429, { retryAfterSeconds });
  }
}

// Limits a route per client IP (req.ip, see TRUST_PROXY), counted in PostgreSQL across instances.
// A refused request gets 429 with Retry-After: { code: 'rate_limited', message, correlationId,
// retryAfterSeconds } as JSON, or the friendly page on @Page() routes and form posts.
export function IpRateLimit(scope: IpRateLimitScope): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(SCOPE, scope), UseGuards(IpRateLimitGuard));
}

@Injectable()
export class IpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly hasher: PhoneHasher,
    @Inject(RateLimitSettings) private readonly settings: RateLimitSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<IpRateLimitScope | undefined>(SCOPE, [context.getHandler(), context.getClass()]);
    if (!scope) return true;
    const req = context.switchToHttp().getRequest<Request>();
    // The IP is kept only as a keyed hash, and only for the window.
    const key = `ip:${scope}:${this.hasher.digest('rate-limit-ip', req.ip ?? 'unknown')}`;
    const decision = await this.limiter.consume(key, ipLimitFor(this.settings, scope), this.settings.RATE_LIMIT_WINDOW_SECONDS, undefined, { window: 'sliding' });
    if (decision.allowed) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new RateLimitedError(decision.retryAfterSeconds);
  }
}
