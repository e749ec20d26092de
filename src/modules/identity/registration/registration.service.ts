import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { ValidationFailedError } from '../../../common/errors';
import { maskPhone } from '../../../common/logging/mask';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import { EntitlementsService } from '../../billing';
import { ConversationSessionsService, OutboundSmsService } from '../../conversation';
import { ProfileService } from '../../profile';
import { RegionsService, type MembershipAssignment } from '../../regions';
import { OtpService } from '../otp.service';
import { UsersService } from '../users.service';
import { parseRegistration, parseVerification, RegistrationInput, VerificationInput } from './registration-input';
import { RegistrationError, RegistrationErrorCode } from './registration.errors';
import { RegistrationSettings } from './registration.settings';

export interface RegistrationAccepted {
  status: 'code_sent';
  message: string;
}

export interface VerificationSucceeded {
  status: 'verified';
  membership: { status: MembershipAssignment['status']; region: string };
}

export const ALREADY_REGISTERED_TEXT =
  'Someone just tried to sign up to JOSH with this number, which is already registered. Nothing changed. Text HELP if you need us.';

@Injectable()
export class RegistrationService {
  private readonly log = new Logger('RegistrationService');

  constructor(
    private readonly users: UsersService,
    private readonly otp: OtpService,
    private readonly regions: RegionsService,
    private readonly profiles: ProfileService,
    private readonly entitlements: EntitlementsService,
    private readonly sessions: ConversationSessionsService,
    private readonly sms: OutboundSmsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(RegistrationSettings) private readonly settings: RegistrationSettings,
  ) {}

  private get ttlMinutes(): number {
    return Math.round(this.settings.OTP_CODE_TTL_SECONDS / 60);
  }

  parseRegistration(body: unknown, source: 'json' | 'form'): RegistrationInput {
    const parsed = parseRegistration(body, {
      defaultCountry: this.config.env.DEFAULT_PHONE_REGION,
      minAgeYears: this.settings.REGISTRATION_MIN_AGE_YEARS,
      today: this.clock.now(),
      source,
    });
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    return parsed.value;
  }

  parseVerification(body: unknown): VerificationInput {
    const parsed = parseVerification(body, { defaultCountry: this.config.env.DEFAULT_PHONE_REGION });
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    return parsed.value;
  }

  // New or unverified number: details saved, a fresh code sent. Verified (or any other state):
  // nothing changes and the owner gets a heads-up. All three answer alike and share one throttle.
  async register(input: RegistrationInput, correlationId: string): Promise<RegistrationAccepted> {
    await this.tx.run(async (m) => {
      const { user } = await this.users.lockOrCreateUnverified(
        {
          phoneE164: input.phoneE164,
          firstName: input.firstName,
          lastName: input.lastName,
          birthday: input.birthday,
          email: input.email,
          smsConsent: input.consents.sms,
          ageConsent: input.consents.age,
          termsConsent: input.consents.terms,
          privacyConsent: input.consents.privacy,
        },
        m,
      );
      const throttle = await this.otp.checkThrottle(user.id, m);
      if (!throttle.allowed) {
        throw new RegistrationError(RegistrationErrorCode.Throttled, 'A code was sent recently. Please wait before asking for another.', {
          retryAfterSeconds: throttle.retryAfterSeconds,
        });
      }
      if (user.state === 'unverified') {
        await this.regions.recordPostalCode(user.id, input.postalCode, this.config.env.DEFAULT_PHONE_REGION, m);
        await this.otp.issueCode(user.id, correlationId, m);
      } else {
        // Counted by the throttle like a code (purpose otp), so the two cases cannot be told apart.
        await this.sms.enqueue({
          userId: user.id,
          body: ALREADY_REGISTERED_TEXT,
          purpose: 'otp',
          idempotencyKey: `registration-notice:${user.id}:${correlationId}`,
          correlationId,
          manager: m,
        });
      }
    });
    this.log.log({ msg: 'registration accepted', phoneMasked: maskPhone(input.phoneE164) });
    // Same answer whatever the number's state: it never says whether the number was known.
    return {
      status: 'code_sent',
      message: `If this number can receive texts, a 6-digit code is on its way. It expires in ${this.ttlMinutes} minutes.`,
    };
  }

  // A matching code verifies the member and onboards them in the same transaction: region
  // membership, conversation session, empty profile, free entitlement, first interview question.
  async verify(input: VerificationInput, correlationId: string): Promise<VerificationSucceeded> {
    const membership = await this.tx.run(async (m) => {
      const user = await this.users.lockByPhoneE164(input.phoneE164, m);
      if (!user || user.state !== 'unverified') {
        this.otp.checkDecoy(input.code);
        return null;
      }
      // A wrong code's attempt count must commit, so failure is a return value, not a throw.
      if ((await this.otp.checkCode(user.id, input.code, m)) !== 'verified') return null;
      await this.users.markVerified(user.id, m);
      const assigned = await this.regions.assignOnVerification(user.id, correlationId, m);
      await this.sessions.ensureSession(user.id, 'idle', m);
      await this.profiles.createEmptyProfile(user.id, m);
      await this.entitlements.grantFreeIfApplicable(user.id, m);
      await this.profiles.startInterview(user.id, correlationId, m);
      return assigned;
    });
    if (!membership) {
      throw new RegistrationError(
        RegistrationErrorCode.InvalidCode,
        `That code is not valid. Codes expire after ${this.ttlMinutes} minutes and allow ${this.settings.OTP_MAX_ATTEMPTS} tries; ask for a new one if needed.`,
      );
    }
    this.log.log({ msg: 'member verified', phoneMasked: maskPhone(input.phoneE164), membership: membership.status });
    return { status: 'verified', membership: { status: membership.status, region: membership.regionName } };
  }
}
