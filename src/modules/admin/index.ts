// What other code may use of the admin API: the module, and the token service the admin:token
// command line and the tests issue tokens with.
export { AdminModule } from './admin.module';
export { AdminTokensService, type IssuedToken, hashToken } from './auth/admin-tokens.service';
export { ADMIN_ROLES, type AdminRole, type AdminPrincipal, roleAtLeast } from './auth/admin-roles';
export { AdminAuditService, type AuditEntry, type AuditTargetType } from './audit/admin-audit.service';
