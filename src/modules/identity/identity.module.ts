import { Module } from '@nestjs/common';
import { SmsConsentRepository } from './sms-consent/sms-consent.repository';
import { SmsConsentService } from './sms-consent/sms-consent.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  providers: [UsersRepository, UsersService, SmsConsentRepository, SmsConsentService],
  exports: [UsersService, SmsConsentService],
})
export class IdentityModule {}
