import { Module } from '@nestjs/common';
import { SmsConsentRepository } from './sms-consent/sms-consent.repository';
import { SmsConsentService } from './sms-consent/sms-consent.service';
import { AppConfig } from '../../config';
import { MagicLinkTargets } from './magic-links/magic-link-targets';
import { MagicLinksController } from './magic-links/magic-links.controller';
import { MagicLinksCron } from './magic-links/magic-links.cron';
import { MagicLinksRepository } from './magic-links/magic-links.repository';
import { MagicLinksService } from './magic-links/magic-links.service';
import { MagicLinkSettings } from './magic-links/magic-links.settings';
import { PageSessionGuard } from './magic-links/page-session.guard';
import { PageSessionsRepository } from './magic-links/page-sessions.repository';
import { PageSessionsService } from './magic-links/page-sessions.service';
import { DomainEventsModule } from '../../common/domain-events';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [DomainEventsModule],
  controllers: [MagicLinksController],
  providers: [
    UsersRepository,
    UsersService,
    SmsConsentRepository,
    SmsConsentService,
    { provide: MagicLinkSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(MagicLinkSettings) },
    MagicLinksRepository,
    PageSessionsRepository,
    MagicLinkTargets,
    MagicLinksService,
    PageSessionsService,
    PageSessionGuard,
    MagicLinksCron,
  ],
  exports: [UsersService, SmsConsentService, MagicLinksService, MagicLinkTargets, PageSessionsService, PageSessionGuard],
})
export class IdentityModule {}
