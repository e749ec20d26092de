import { Module, OnModuleInit } from '@nestjs/common';
import { DomainEventsModule } from '../../common/domain-events';
import { AppConfig } from '../../config';
import { ConversationModule, ConversationRouter, ConversationSettings } from '../conversation';
import { IdentityModule } from '../identity';
import { LinkupsModule } from '../linkups';
import { ProfileModule } from '../profile';
import { RegionsModule } from '../regions';
import { BlocksRepository } from './blocks/blocks.repository';
import { BlocksService } from './blocks/blocks.service';
import { MemberDeletionService } from './deletion/member-deletion.service';
import { HoldsCron } from './holds/holds.cron';
import { HoldsSweepService } from './holds/holds-sweep.service';
import { HoldsService } from './holds/holds.service';
import { IncidentsRepository } from './incidents/incidents.repository';
import { IncidentsService } from './incidents/incidents.service';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';
import { SeverityMatcher } from './reports/severity';
import { SafetyModule } from './core/safety.module';
import { SafetySettings } from './core/safety.settings';
import { BlockFlowHandler } from './sms/block-flow';
import { DeleteFlowHandler } from './sms/delete-flow';
import { FlowSupport } from './sms/flow-support';
import { HoldNotice } from './sms/hold-notice';
import { ReportFlowHandler } from './sms/report-flow';
import { SafetyCopy } from './sms/safety-copy';
import { SafetyHoldHandler, SafetySmsCommands } from './sms/safety-sms.commands';

// Safety on top of LinkUps (the core, SafetyModule, sits below them): holds with their
// consequences, reports and incidents, blocks, member deletion, the SMS commands (REPORT, BLOCK,
// UNBLOCK, DELETE), the `safety_hold` mode and the hourly holds sweep. The services are what the
// admin API calls (src/modules/safety/index.ts, README.md).
@Module({
  imports: [DomainEventsModule, SafetyModule, ConversationModule, IdentityModule, LinkupsModule, ProfileModule, RegionsModule],
  providers: [
    { provide: ConversationSettings, inject: [AppConfig], useFactory: (config: AppConfig) => config.section(ConversationSettings) },
    { provide: SeverityMatcher, inject: [SafetySettings], useFactory: (s: SafetySettings) => new SeverityMatcher(s.severeKeywords()) },
    // Switch to identity's MagicLinksService when issue 9 lands (see member-access.port.ts).
    HoldsService,
    HoldsSweepService,
    HoldsCron,
    ReportsRepository,
    ReportsService,
    IncidentsRepository,
    IncidentsService,
    BlocksRepository,
    BlocksService,
    MemberDeletionService,
    SafetyCopy,
    FlowSupport,
    HoldNotice,
    ReportFlowHandler,
    BlockFlowHandler,
    DeleteFlowHandler,
    SafetySmsCommands,
    SafetyHoldHandler,
  ],
  exports: [HoldsService, HoldsSweepService, ReportsService, IncidentsService, BlocksService, MemberDeletionService],
})
export class SafetyActionsModule implements OnModuleInit {
  constructor(
    private readonly router: ConversationRouter,
    private readonly commands: SafetySmsCommands,
    private readonly holdHandler: SafetyHoldHandler,
  ) {}

  onModuleInit(): void {
    this.router.registerGlobalCommand(this.commands);
    this.router.registerModeHandler('safety_hold', this.holdHandler);
  }
}
