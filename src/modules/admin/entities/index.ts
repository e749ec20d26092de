import { AdminApiToken } from './admin-api-token.entity';
import { AdminAuditLog } from './admin-audit-log.entity';
import { AdminUser } from './admin-user.entity';

// The tables the admin API owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const ADMIN_ENTITIES: Function[] = [AdminAuditLog, AdminUser, AdminApiToken];
