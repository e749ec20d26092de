import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { BillingModule } from '../../billing';
import { ConversationModule } from '../../conversation';
import { ProfileModule } from '../../profile';
import { RegionMembersPort, RegionsModule } from '../../regions';
import { IdentityModule } from '../identity.module';
import { OtpSweepCron } from '../otp.cron';
import { OtpRepository } from '../otp.repository';
import { OtpService } from '../otp.service';
import { RegistrationBudget } from './registration-budget';
import { RegistrationPurgeService } from './registration-purge.service';
import { RegionMembersAdapter } from './region-members.adapter';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';
import { RegistrationSettings } from './registration.settings';
import { VerificationService } from './verification.service';

@Module({
  imports: [IdentityModule, ConversationModule, RegionsModule, BillingModule, ProfileModule],
  controllers: [RegistrationController],
  providers: [
    { provide: RegistrationSettings, inject: [AppConfig], useFactory: (c: AppConfig) => c.section(RegistrationSettings) },
    OtpRepository,
    OtpService,
    OtpSweepCron,
    RegistrationBudget,
    RegistrationPurgeService,
    RegistrationService,
    VerificationService,
    RegionMembersAdapter,
  ],
  exports: [OtpService],
})
export class RegistrationModule implements OnModuleInit {
  constructor(
    private readonly regionMembers: RegionMembersPort,
    private readonly adapter: RegionMembersAdapter,
  ) {}

  // Regions places and tells members through this (verification, opening a region).
  onModuleInit(): void {
    this.regionMembers.register(this.adapter);
  }
}
