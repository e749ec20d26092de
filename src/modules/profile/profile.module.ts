import { Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ConversationModule } from '../conversation';
import { IdentityModule } from '../identity';
import { RegionsModule } from '../regions';
import { InterviewRoutes } from './interview/interview-routes';
import { InterviewService } from './interview/interview.service';
import { ProfileEventsRepository } from './profile-events.repository';
import { ProfileRepository } from './profile.repository';
import { ProfileService } from './profile.service';
import { ProfileSettings } from './profile.settings';
import { ProfileWriter } from './profile-writer';
import { StaleProfilesCron } from './stale-profiles.cron';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PROFILE_ENTITIES } from './entities';

@Module({
  imports: [TypeOrmModule.forFeature(PROFILE_ENTITIES), ConversationModule, IdentityModule, RegionsModule],
  providers: [
    { provide: ProfileSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(ProfileSettings) },
    ProfileRepository,
    ProfileEventsRepository,
    ProfileWriter,
    InterviewService,
    InterviewRoutes,
    ProfileService,
    StaleProfilesCron,
  ],
  exports: [ProfileService],
})
export class ProfileModule {}
