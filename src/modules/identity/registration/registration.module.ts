import { Module } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { BillingModule } from '../../billing';
import { ConversationModule } from '../../conversation';
import { ProfileModule } from '../../profile';
import { RegionsModule } from '../../regions';
import { IdentityModule } from '../identity.module';
import { OtpSweepCron } from '../otp.cron';
import { OtpRepository } from '../otp.repository';
import { OtpService } from '../otp.service';
import { RegistrationBudget } from './registration-budget';
import { RegistrationPurgeService } from './registration-purge.service';
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
  ],
  exports: [OtpService],
})
export class RegistrationModule {}
