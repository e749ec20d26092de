export { IdentityModule } from './identity.module';
export { UsersService } from './users.service';
export type { UserRecord } from './users.repository';
export {
  SmsConsentService, type PhoneRef, type SmsNumberStatus, type SendBlock, type OptOutSource,
} from './sms-consent/sms-consent.service';
// Magic links and member pages (README.md of src/common/web, "Member pages").
export { MagicLinksService, type IssueMagicLink } from './magic-links/magic-links.service';
export { MagicLinkTargets, type MagicLinkPurpose, type MagicLinkTarget } from './magic-links/magic-link-targets';
export { MemberPage, PageMember, PageSessionGuard } from './magic-links/page-session.guard';
export type { PageSessionInfo } from './magic-links/page-sessions.service';
