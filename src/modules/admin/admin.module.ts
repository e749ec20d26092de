import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config';
import { BillingModule } from '../billing';
import { ConversationModule } from '../conversation';
import { IdentityModule } from '../identity';
import { LinkupsModule } from '../linkups';
import { ProfileModule } from '../profile';
import { RegionsModule } from '../regions';
import { SafetyActionsModule, SafetyModule } from '../safety';
import { AdminSettings } from './admin.settings';
import { AdminAuditRepository } from './audit/admin-audit.repository';
import { AdminAuditService } from './audit/admin-audit.service';
import { AuditLogController } from './audit/audit-log.controller';
import { AdminAuthGuard } from './auth/admin-auth.guard';
import { AdminTokensRepository } from './auth/admin-tokens.repository';
import { AdminTokensService } from './auth/admin-tokens.service';
import { AdminStripeEventsController } from './billing/admin-stripe-events.controller';
import { AdminStripeEventsService } from './billing/admin-stripe-events.service';
import { IncidentsController, ReportsController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { ADMIN_ENTITIES } from './entities';
import { AdminLinkupsController } from './linkups/admin-linkups.controller';
import { AdminLinkupsService } from './linkups/admin-linkups.service';
import { MemberActionsService } from './members/member-actions.service';
import { MemberMessagesService } from './members/member-messages.service';
import { MemberSummaryService } from './members/member-summary.service';
import { MembersController } from './members/members.controller';
import { AdminRegionsController } from './regions/admin-regions.controller';
import { AdminRegionsService } from './regions/admin-regions.service';

// The admin API for support staff (PRODUCT.md 11, README "Admin API for support"): /admin/v1,
// bearer tokens with roles, every change audited in its own transaction. It calls the other
// modules through their doors and owns no SQL but admin_users, admin_api_tokens, admin_audit_log.
@Module({
  imports: [
    TypeOrmModule.forFeature(ADMIN_ENTITIES),
    IdentityModule, RegionsModule, ConversationModule, ProfileModule, LinkupsModule, BillingModule, SafetyModule, SafetyActionsModule,
  ],
  controllers: [
    MembersController, ReportsController, IncidentsController, AdminLinkupsController, AdminRegionsController, AdminStripeEventsController,
    AuditLogController,
  ],
  providers: [
    { provide: AdminSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(AdminSettings) },
    AdminTokensRepository,
    AdminTokensService,
    AdminAuditRepository,
    AdminAuditService,
    AdminAuthGuard,
    MemberSummaryService,
    MemberActionsService,
    MemberMessagesService,
    CasesService,
    AdminLinkupsService,
    AdminRegionsService,
    AdminStripeEventsService,
  ],
  exports: [AdminTokensService, AdminAuditService],
})
export class AdminModule {}
