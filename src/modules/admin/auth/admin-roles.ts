import type { AdminRole } from '../entities/admin-user.entity';

export type { AdminRole };

// Ordered: each role may do everything the ones before it may.
export const ADMIN_ROLES: readonly AdminRole[] = ['support', 'ops', 'engineering'];

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(have: AdminRole, need: AdminRole): boolean {
  return ADMIN_ROLES.indexOf(have) >= ADMIN_ROLES.indexOf(need);
}

// Who is calling: resolved from the bearer token on every request.
export interface AdminPrincipal {
  adminId: string;
  email: string;
  role: AdminRole;
  tokenId: string;
}
