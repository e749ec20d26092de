import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../../common/clock';
import { ValidationFailedError } from '../../../common/errors';
import { maskPhone } from '../../../common/logging/mask';
import { AppConfig } from '../../../config';
import { TransactionRunner } from '../../../database';
import { OutboundSmsService } from '../../conversation';
import { OtpService, type PendingDetails } from '../otp.service';
import { SmsConsentService } from '../sms-consent/sms-consent.service';
import type { UserRecord } from '../users.repository';
import { UsersService } from '../users.service';
import { parseRegistration, parseVerification, RegistrationInput, VerificationInput } from './registration-input';
import { RegistrationBudget } from './registration-budget';
import { OPTED_OUT_MESSAGE, RegistrationError, RegistrationErrorCode } from './registration.errors';
import { registrationCountries, RegistrationSettings } from './registration.settings';

export interface RegistrationAccepted {
  status: 'code_sent';
  message: string;
  // Send it back with the code (POST /v1/registrations/verify). Random; for a number that is
  // already a member it is a decoy that no code verifies, so the answer is the same for all.
  verificationId: string;
}

export const ALREADY_REGISTERED_TEXT =
  'Someone just tried to sign up to JOSH with this number, which is already registered. Nothing changed. Text HELP if you need us.';

@Injectable()
export class RegistrationService {
  private readonly log = new Logger('RegistrationService');

  constructor(
    private readonly users: UsersService,
    private readonly consent: SmsConsentService,
    private readonly otp: OtpService,
    private readonly budget: RegistrationBudget,
    private readonly sms: OutboundSmsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(RegistrationSettings) private readonly settings: RegistrationSettings,
  ) {}

  private get ttlMinutes(): number {
    return Math.round(this.settings.OTP_CODE_TTL_SECONDS / 60);
  }

  // Numbers outside REGISTRATION_COUNTRIES are refused here (422), before anything is written or texted.
  parseRegistration(body: unknown, source: 'json' | 'form'): RegistrationInput {
    const parsed = parseRegistration(body, {
      defaultCountry: this.config.env.DEFAULT_PHONE_REGION,
      countries: registrationCountries(this.settings),
      minAgeYears: this.settings.REGISTRATION_MIN_AGE_YEARS,
      today: this.clock.now(),
      source,
    });
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    return parsed.value;
  }

  parseVerification(body: unknown): VerificationInput {
    const parsed = parseVerification(body);
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems);
    return parsed.value;
  }

  // New or unverified number: a verification with these details and the number's code texted
  // (the live one again, never replaced). A member's number: nothing changes, the owner gets a
  // heads-up and the caller a decoy id. All answer alike and share one throttle. An opted-out
  // number gets nothing (409: text START first). Every SMS spends the daily budget.
  async register(input: RegistrationInput, correlationId: string): Promise<RegistrationAccepted> {
    const verificationId = await this.tx.run(async (m) => {
      if (await this.consent.isOptedOut({ e164: input.phoneE164 }, m)) throw new RegistrationError(RegistrationErrorCode.OptedOut, OPTED_OUT_MESSAGE);
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
      // A member's own opt-out (users.sms_consent) is honoured the same way.
      if (!user.smsConsent) throw new RegistrationError(RegistrationErrorCode.OptedOut, OPTED_OUT_MESSAGE);
      const throttle = await this.otp.checkThrottle(user.id, m);
      if (!throttle.allowed) {
        throw new RegistrationError(RegistrationErrorCode.Throttled, 'A code was sent recently. Please wait before asking for another.', {
          retryAfterSeconds: throttle.retryAfterSeconds,
        });
      }
      const id = user.state === 'unverified' ? await this.otp.issueCode(user.id, this.pending(input), correlationId, m) : await this.notifyMember(user, correlationId, m);
      await this.budget.spendSms(m);
      return id;
    });
    this.log.log({ msg: 'registration accepted', phoneMasked: maskPhone(input.phoneE164) });
    // Same answer whatever the number's state: it never says whether the number was known.
    return {
      status: 'code_sent',
      message: `If this number can receive texts, a 6-digit code is on its way. It expires in ${this.ttlMinutes} minutes.`,
      verificationId,
    };
  }

  // Counted by the throttle like a code (purpose otp), so the two cases cannot be told apart.
  private async notifyMember(user: UserRecord, correlationId: string, m: EntityManager): Promise<string> {
    await this.sms.enqueue({
      userId: user.id,
      body: ALREADY_REGISTERED_TEXT,
      purpose: 'otp',
      idempotencyKey: `registration-notice:${user.id}:${correlationId}`,
      correlationId,
      manager: m,
    });
    return randomUUID();
  }

  private pending(input: RegistrationInput): PendingDetails {
    return {
      firstName: input.firstName,
      lastName: input.lastName,
      birthday: input.birthday,
      email: input.email,
      postalCode: input.postalCode,
      postalCountry: this.config.env.DEFAULT_PHONE_REGION,
    };
  }
}
