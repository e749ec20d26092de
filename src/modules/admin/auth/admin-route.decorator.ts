import { applyDecorators, Controller, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorDto } from '../common/common.dto';
import { AdminAuthGuard } from './admin-auth.guard';
import type { AdminPrincipal, AdminRole } from './admin-roles';
import { ADMIN_ROLE_KEY } from './admin-route.keys';

export const ADMIN_BEARER = 'admin';
export const API_PREFIX = 'admin/v1';

// An admin controller: every route under /admin/v1/<path> goes through AdminAuthGuard, which
// refuses any route that does not declare a role with @AdminRoute (fail closed).
export function AdminController(path: string): ClassDecorator {
  return applyDecorators(
    Controller(`${API_PREFIX}/${path}`),
    UseGuards(AdminAuthGuard),
    ApiTags('admin'),
    ApiBearerAuth(ADMIN_BEARER),
    ApiUnauthorizedResponse({ type: ErrorDto, description: 'Missing, unknown or revoked token.' }),
    ApiTooManyRequestsResponse({ type: ErrorDto, description: 'The token made too many calls; see Retry-After.' }),
    ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'Invalid or unknown fields (one code per field).' }),
  );
}

export interface AdminRouteOptions {
  summary: string;
  description?: string;
  // Takes a reason and writes admin_audit_log with the change.
  audited?: boolean;
}

// The role a route needs (support < ops < engineering), in the guard and in the OpenAPI document
// (`x-required-role`, the description, and 403 when the role is too low).
export function AdminRoute(role: AdminRole, options: AdminRouteOptions): MethodDecorator {
  const notes = [
    `Role: ${role} or higher.`,
    options.audited ? 'Needs a reason (3-500 characters); the change and its admin_audit_log row commit together.' : '',
    options.description ?? '',
  ].filter(Boolean);
  return applyDecorators(
    SetMetadata(ADMIN_ROLE_KEY, role),
    ApiOperation({ summary: options.summary, description: notes.join('\n\n') }),
    ApiExtension('x-required-role', role),
    ...(options.audited ? [ApiExtension('x-audited', true)] : []),
    ApiForbiddenResponse({ type: ErrorDto, description: `The token's role is below ${role}.` }),
  );
}

// The caller, as AdminAuthGuard resolved it.
export const CurrentAdmin = createParamDecorator((_data: unknown, ctx: ExecutionContext): AdminPrincipal => {
  const admin = ctx.switchToHttp().getRequest<Request & { admin?: AdminPrincipal }>().admin;
  if (!admin) throw new Error('CurrentAdmin used on a route without AdminAuthGuard');
  return admin;
});
