export { IdentityModule } from './identity.module';
export { UsersService } from './users.service';
export type { UserRecord } from './users.repository';
export {
  SmsConsentService, type PhoneRef, type SmsNumberStatus, type SendBlock, type OptOutSource,
} from './sms-consent/sms-consent.service';
