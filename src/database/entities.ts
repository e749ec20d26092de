import { DomainEvent } from '../common/domain-events/domain-event.entity';
import { SweepRun } from '../common/sweeps/sweep-run.entity';
import { RateLimitCounter } from '../common/rate-limit/rate-limit-counter.entity';
import { AdminAuditLog } from '../modules/admin/entities/admin-audit-log.entity';
import { AdminUser } from '../modules/admin/entities/admin-user.entity';
import { Entitlement } from '../modules/billing/entities/entitlement.entity';
import { StripeCustomer } from '../modules/billing/entities/stripe-customer.entity';
import { StripeEvent } from '../modules/billing/entities/stripe-event.entity';
import { Subscription } from '../modules/billing/entities/subscription.entity';
import { ContactExchangeChoice } from '../modules/contact-exchange/entities/contact-exchange-choice.entity';
import { ContactExchange } from '../modules/contact-exchange/entities/contact-exchange.entity';
import { ConversationSession } from '../modules/conversation/entities/conversation-session.entity';
import { MessageEvent } from '../modules/conversation/entities/message-event.entity';
import { SmsMessage } from '../modules/conversation/entities/sms-message.entity';
import { SmsOutboundJob } from '../modules/conversation/entities/sms-outbound-job.entity';
import { SmsSenderState } from '../modules/conversation/entities/sms-sender-state.entity';
import { SmsEarlyStatusCallback } from '../modules/conversation/entities/sms-early-status-callback.entity';
import { SmsOptOut } from '../modules/identity/entities/sms-opt-out.entity';
import { MagicLink } from '../modules/identity/entities/magic-link.entity';
import { OtpSession } from '../modules/identity/entities/otp-session.entity';
import { PageSession } from '../modules/identity/entities/page-session.entity';
import { User } from '../modules/identity/entities/user.entity';
import { LinkUpInvite } from '../modules/linkups/entities/linkup-invite.entity';
import { LinkUpOutcome } from '../modules/linkups/entities/linkup-outcome.entity';
import { LinkUpParticipant } from '../modules/linkups/entities/linkup-participant.entity';
import { LinkUpReminder } from '../modules/linkups/entities/linkup-reminder.entity';
import { LinkUp } from '../modules/linkups/entities/linkup.entity';
import { ProfileEvent } from '../modules/profile/entities/profile-event.entity';
import { Profile } from '../modules/profile/entities/profile.entity';
import { RegionMembership } from '../modules/regions/entities/region-membership.entity';
import { Region } from '../modules/regions/entities/region.entity';
import { UserPostalCode } from '../modules/regions/entities/user-postal-code.entity';
import { SafetyHold } from '../modules/safety/entities/safety-hold.entity';
import { SafetyIncident } from '../modules/safety/entities/safety-incident.entity';
import { SafetyReport } from '../modules/safety/entities/safety-report.entity';
import { UserBlock } from '../modules/safety/entities/user-block.entity';
import { UserStrike } from '../modules/safety/entities/user-strike.entity';

// Every TypeORM entity, one list for the app, the CLI and the drift check.
// Cross-module foreign keys name their target by class name ('User', 'Region', 'LinkUp'),
// so every class below must stay registered here.
export const entities: Function[] = [
  User,
  OtpSession,
  MagicLink,
  Region,
  RegionMembership,
  UserPostalCode,
  ConversationSession,
  SmsMessage,
  SmsOutboundJob,
  MessageEvent,
  Profile,
  ProfileEvent,
  LinkUp,
  LinkUpInvite,
  LinkUpParticipant,
  LinkUpReminder,
  LinkUpOutcome,
  ContactExchangeChoice,
  ContactExchange,
  StripeCustomer,
  Subscription,
  Entitlement,
  StripeEvent,
  SafetyHold,
  SafetyIncident,
  SafetyReport,
  UserBlock,
  UserStrike,
  AdminUser,
  AdminAuditLog,
  DomainEvent,
  SweepRun,
  SmsOptOut,
  SmsSenderState,
  SmsEarlyStatusCallback,
  PageSession,
  RateLimitCounter,
];
