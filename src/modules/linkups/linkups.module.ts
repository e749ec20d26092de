import { Module, OnModuleInit } from '@nestjs/common';
import { DomainEventsModule } from '../../common/domain-events';
import { AppConfig, ConfigValidationError } from '../../config';
import { BillingModule } from '../billing';
import { ConversationModule, ConversationRouter } from '../conversation';
import { IdentityModule, MagicLinkTargets } from '../identity';
import { ProfileModule } from '../profile';
import { RegionsModule } from '../regions';
import { SafetyModule } from '../safety/core';
import { LinkupAttendanceService } from './attendance/linkup-attendance.service';
import { InvitesRepository } from './data/invites.repository';
import { LinkupsRepository } from './data/linkups.repository';
import { OutcomesRepository } from './data/outcomes.repository';
import { ParticipantsRepository } from './data/participants.repository';
import { RemindersRepository } from './data/reminders.repository';
import { LinkupActivities } from './forming/linkup-activities';
import { LinkupFormingService } from './forming/linkup-forming.service';
import { WaveService } from './invites/wave.service';
import { checkLinkupsSettings, LinkupsSettings } from './linkups.settings';
import { LinkupLockService } from './lock/linkup-lock.service';
import { SpotReleaseService } from './lock/spot-release.service';
import { CandidateCache } from './matching/candidate-cache';
import { CandidatesRepository } from './matching/candidates.repository';
import { WaveChooser } from './matching/wave-chooser';
import { LinkupNotifier } from './messages/linkup-notifier';
import { CompanionsService } from './members/companions.service';
import { MemberDepartureService } from './members/member-departure.service';
import { ConversationAdapter, MembersAdapter, RegionsAdapter } from './ports/adapters';
import { AttendanceListeners } from './ports/attendance-listeners';
import { ConversationPort, MembersPort, ProfileSignalsPort, RegionsPort } from './ports/ports';
import { ProfileSignalsAdapter } from './ports/profile-signals.adapter';
import { OutcomesService } from './reminders/outcomes.service';
import { RemindersService } from './reminders/reminders.service';
import { CancelService } from './replies/cancel.service';
import { InviteRepliesService } from './replies/invite-replies.service';
import { LinkupInsightsService } from './insights/linkup-insights.service';
import { LinkCommand } from './sms/link-command';
import { LinkupCancelKeyword } from './sms/linkup-cancel-keyword';
import { LinkupCommands } from './sms/linkup-commands';
import { LinkupOptOutListener } from './sms/linkup-opt-out.listener';
import { AwaitingReplyHandler, LinkupFormingHandler, LinkupIdleCommands } from './sms/linkup-sms.handlers';
import { LinkupStatusService } from './sms/linkup-status.service';
import { LinkupSweepsCron } from './sweeps/linkup-sweeps.cron';
import { LinkupSweepsService } from './sweeps/linkup-sweeps.service';
import { LinkupSupportService } from './support/linkup-support.service';
import { LinkupPageLinks } from './web/linkup-page-links';
import { LinkupPageController } from './web/linkup-page.controller';
import { LinkupPageService } from './web/linkup-page.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LINKUPS_ENTITIES } from './entities';

function loadSettings(config: AppConfig): LinkupsSettings {
  const settings = config.section(LinkupsSettings);
  const problems = checkLinkupsSettings(settings);
  if (problems.length) throw new ConfigValidationError(problems);
  return settings;
}

@Module({
  imports: [TypeOrmModule.forFeature(LINKUPS_ENTITIES), DomainEventsModule, ConversationModule, IdentityModule, BillingModule, ProfileModule, RegionsModule, SafetyModule],
  controllers: [LinkupPageController],
  providers: [
    { provide: LinkupsSettings, inject: [AppConfig], useFactory: loadSettings },
    { provide: ConversationPort, useClass: ConversationAdapter },
    { provide: MembersPort, useClass: MembersAdapter },
    { provide: RegionsPort, useClass: RegionsAdapter },
    { provide: ProfileSignalsPort, useClass: ProfileSignalsAdapter },
    {
      provide: WaveChooser,
      inject: [CandidatesRepository, LinkupsSettings, LinkupActivities, CandidateCache],
      useFactory: (c: CandidatesRepository, s: LinkupsSettings, a: LinkupActivities, cache: CandidateCache) =>
        new WaveChooser(c, s, a.catalog, cache),
    },
    {
      provide: CandidateCache,
      inject: [CandidatesRepository, LinkupsSettings],
      useFactory: (c: CandidatesRepository, s: LinkupsSettings) => new CandidateCache(c, s),
    },
    LinkupsRepository,
    InvitesRepository,
    ParticipantsRepository,
    RemindersRepository,
    OutcomesRepository,
    CandidatesRepository,
    LinkupActivities,
    LinkupNotifier,
    LinkupLockService,
    SpotReleaseService,
    WaveService,
    LinkupFormingService,
    InviteRepliesService,
    CancelService,
    OutcomesService,
    RemindersService,
    LinkupStatusService,
    LinkupSweepsService,
    LinkupSweepsCron,
    LinkupIdleCommands,
    LinkupFormingHandler,
    AwaitingReplyHandler,
    LinkupOptOutListener,
    LinkupCancelKeyword,
    AttendanceListeners,
    LinkupAttendanceService,
    LinkupPageLinks,
    LinkupPageService,
    LinkCommand,
    LinkupCommands,
    MemberDepartureService,
    CompanionsService,
    LinkupSupportService,
    LinkupInsightsService,
  ],
  exports: [
    LinkupSweepsService, WaveChooser, AttendanceListeners, LinkupAttendanceService, LinkupPageLinks, MemberDepartureService, CompanionsService,
    LinkupSupportService, LinkupInsightsService,
  ],
})
export class LinkupsModule implements OnModuleInit {
  constructor(
    private readonly router: ConversationRouter,
    private readonly idle: LinkupIdleCommands,
    private readonly forming: LinkupFormingHandler,
    private readonly awaiting: AwaitingReplyHandler,
    private readonly optOut: LinkupOptOutListener,
    private readonly cancelKeyword: LinkupCancelKeyword,
    private readonly commands: LinkupCommands,
    private readonly magicLinkTargets: MagicLinkTargets,
  ) {}

  onModuleInit(): void {
    this.router.registerModeHandler('linkup_forming', this.forming);
    this.router.registerModeHandler('awaiting_invite_reply', this.awaiting);
    for (const command of this.commands.all()) this.router.registerCommand(command);
    this.router.registerIdleCommand(this.idle);
    this.router.registerOptOutListener(this.optOut);
    // DROP always; a bare CANCEL only reaches it when the provider does not treat CANCEL as an opt-out.
    this.router.registerKeywordInterceptor(this.cancelKeyword);
    this.router.registerKeywordInterceptor(this.cancelKeyword.as('CANCEL'));
    this.magicLinkTargets.register('linkup', { buttonLabel: 'Open my LinkUp', path: (l) => `/linkups/${l.linkupId}` });
  }
}
