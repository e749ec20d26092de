// Metadata key of the role a route needs (set by @AdminRoute, read by AdminAuthGuard).
export const ADMIN_ROLE_KEY = 'josh:admin-role';
