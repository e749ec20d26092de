import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ConversationModule, ConversationRouter } from '../conversation';
import { IdentityModule, MagicLinkTargets } from '../identity';
import { AttendanceListeners, LinkupPageLinks, LinkupsModule } from '../linkups';
import { ContactChoicesService } from './contact-choices.service';
import { ContactExchangeSettings } from './contact-exchange.settings';
import { ContactsPromptService } from './contacts-prompt.service';
import { ContactExchangeRepository } from './data/contact-exchange.repository';
import { ContactsAnswers, ContactsLateReplyCommand, ContactsReplyHandler, CONTACTS_TOKEN } from './sms/contacts-sms.service';
import { ContactsPageController } from './web/contacts-page.controller';
import { ContactsPageService } from './web/contacts-page.service';

// Contact exchange (PRODUCT.md section 7). Depends on LinkUps (never the other way): it hears of
// attendance through LinkUps' AttendanceListeners, adds its link to the LinkUp page through
// LinkupPageLinks, and runs its SMS answer in the router's awaiting_invite_reply mode under its own
// state token (`contacts:{linkupId}`).
@Module({
  imports: [IdentityModule, ConversationModule, LinkupsModule],
  controllers: [ContactsPageController],
  providers: [
    { provide: ContactExchangeSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(ContactExchangeSettings) },
    ContactExchangeRepository,
    ContactChoicesService,
    ContactsPromptService,
    ContactsAnswers,
    ContactsReplyHandler,
    ContactsLateReplyCommand,
    ContactsPageService,
  ],
  exports: [ContactChoicesService],
})
export class ContactExchangeModule implements OnModuleInit {
  constructor(
    private readonly router: ConversationRouter,
    private readonly attendance: AttendanceListeners,
    private readonly pageLinks: LinkupPageLinks,
    private readonly targets: MagicLinkTargets,
    private readonly prompt: ContactsPromptService,
    private readonly replies: ContactsReplyHandler,
    private readonly lateReplies: ContactsLateReplyCommand,
    private readonly choices: ContactChoicesService,
  ) {}

  onModuleInit(): void {
    this.attendance.register(this.prompt);
    this.router.registerStateTokenHandler('awaiting_invite_reply', CONTACTS_TOKEN, this.replies);
    this.router.registerIdleCommand(this.lateReplies);
    this.targets.register('contacts', { buttonLabel: 'Choose who to swap numbers with', path: (l) => `/linkups/${l.linkupId}/contacts` });
    this.pageLinks.register(async ({ linkupId, userId, manager }) => {
      const state = await this.choices.state(linkupId, userId, manager);
      if (state?.open) return { href: `/linkups/${linkupId}/contacts`, label: 'Choose who to swap numbers with' };
      if (state && state.attendance.myStatus === 'attended') return { href: `/linkups/${linkupId}/contacts`, label: 'See who you swapped numbers with' };
      return null;
    });
  }
}
