import { MagicLink } from './magic-link.entity';
import { OtpSession } from './otp-session.entity';
import { PageSession } from './page-session.entity';
import { RegistrationVerification } from './registration-verification.entity';
import { SmsOptOut } from './sms-opt-out.entity';
import { User } from './user.entity';

// The tables identity owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const IDENTITY_ENTITIES: Function[] = [MagicLink, OtpSession, PageSession, RegistrationVerification, SmsOptOut, User];
