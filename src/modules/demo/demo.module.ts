import { Module } from '@nestjs/common';
import { DevOnlyGuard } from '../../common/dev-tools';
import { AppConfig } from '../../config';
import { BillingModule } from '../billing';
import { ConversationModule } from '../conversation';
import { IdentityModule } from '../identity';
import { LinkupsModule } from '../linkups';
import { ProfileModule } from '../profile';
import { RegionsModule } from '../regions';
import { SafetyModule } from '../safety';
import { DemoSettings } from './demo.settings';
import { PhoneActionsController, SameOriginGuard } from './phone/phone-actions.controller';
import { PhoneFeedService } from './phone/phone-feed.service';
import { PhoneMembersService } from './phone/phone-members.service';
import { PhonePageController } from './phone/phone-page.controller';
import { PhoneViewService } from './phone/phone-view.service';

// The demo city (development only): the phone simulator at /dev/phone. It sits on top, like admin:
// it reads every module through its door and changes nothing except through public routes.
@Module({
  imports: [IdentityModule, RegionsModule, ConversationModule, ProfileModule, LinkupsModule, BillingModule, SafetyModule],
  controllers: [PhonePageController, PhoneActionsController],
  providers: [
    { provide: DemoSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(DemoSettings) },
    DevOnlyGuard,
    SameOriginGuard,
    PhoneViewService,
    PhoneMembersService,
    PhoneFeedService,
  ],
})
export class DemoModule {}
