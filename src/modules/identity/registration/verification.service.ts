import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../database';
import { EntitlementsService } from '../../billing';
import { ConversationSessionsService } from '../../conversation';
import { ProfileService } from '../../profile';
import { RegionsService, type MembershipAssignment } from '../../regions';
import { OtpService } from '../otp.service';
import { UsersService } from '../users.service';
import type { VerificationInput } from './registration-input';
import { RegistrationBudget } from './registration-budget';
import { RegistrationError, RegistrationErrorCode } from './registration.errors';
import { RegistrationSettings } from './registration.settings';

export interface VerificationSucceeded {
  status: 'verified';
  membership: { status: MembershipAssignment['status']; region: string };
}

@Injectable()
export class VerificationService {
  private readonly log = new Logger('VerificationService');

  constructor(
    private readonly users: UsersService,
    private readonly otp: OtpService,
    private readonly budget: RegistrationBudget,
    private readonly regions: RegionsService,
    private readonly profiles: ProfileService,
    private readonly entitlements: EntitlementsService,
    private readonly sessions: ConversationSessionsService,
    private readonly tx: TransactionRunner,
    @Inject(RegistrationSettings) private readonly settings: RegistrationSettings,
  ) {}

  // A right code for this verification verifies the member with the details of the request that
  // got it, and onboards them in the same transaction: region membership, conversation session,
  // empty profile, free entitlement, first interview question. `clientDigest` is the caller's IP
  // (keyed hash): wrong codes count per verification and per IP, never per number.
  async verify(input: VerificationInput, clientDigest: string, correlationId: string): Promise<VerificationSucceeded> {
    await this.budget.claimVerifyAttempt(clientDigest);
    const membership = await this.tx.run(async (m) => {
      // The member first (the order registration locks in), then the verification; an unknown id
      // runs the same two statements and the same failure update (OtpService.check).
      const user = await this.users.lockByVerificationId(input.verificationId, m);
      // A wrong code's attempt count must commit, so failure is a return value, not a throw.
      const v = await this.otp.check(input.verificationId, input.code, user?.state === 'unverified', m);
      if (!v) return null;
      await this.users.applyVerifiedDetails(v.userId, v, m);
      await this.regions.recordPostalCode(v.userId, v.postalCode, v.postalCountry, m);
      await this.users.markVerified(v.userId, m);
      const assigned = await this.regions.assignOnVerification(v.userId, correlationId, m);
      await this.sessions.ensureSession(v.userId, 'idle', m);
      await this.profiles.createEmptyProfile(v.userId, m);
      await this.entitlements.grantFreeIfApplicable(v.userId, m);
      await this.profiles.startInterview(v.userId, correlationId, m);
      return assigned;
    });
    if (!membership) {
      throw new RegistrationError(
        RegistrationErrorCode.InvalidCode,
        `That code is not valid. Codes expire after ${Math.round(this.settings.OTP_CODE_TTL_SECONDS / 60)} minutes and allow ${this.settings.OTP_MAX_ATTEMPTS} tries; register again for a new one if needed.`,
      );
    }
    // Only wrong codes count against the caller's IP.
    await this.budget.refundVerifyAttempt(clientDigest);
    this.log.log({ msg: 'member verified', membership: membership.status });
    return { status: 'verified', membership: { status: membership.status, region: membership.regionName } };
  }
}
