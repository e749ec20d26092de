import { DomainError } from '../../../common/errors';

export enum RegistrationErrorCode {
  // Wrong, expired, exhausted or already used code, or an unknown verificationId: one answer for
  // all, so the endpoint tells nothing about which numbers or verifications exist.
  InvalidCode = 'invalid_code',
  // Too soon after the last code, or too many codes this hour, for this number.
  Throttled = 'otp_throttled',
  // The number texted STOP (or the carrier opted it out): no code is sent until it texts START.
  OptedOut = 'sms_opted_out',
  // The service's daily budget of registration SMS is spent (OTP_DAILY_BUDGET).
  Paused = 'registrations_paused',
}

const STATUS: Record<RegistrationErrorCode, number> = {
  [RegistrationErrorCode.InvalidCode]: 400,
  [RegistrationErrorCode.Throttled]: 429,
  [RegistrationErrorCode.OptedOut]: 409,
  [RegistrationErrorCode.Paused]: 503,
};

export class RegistrationError extends DomainError {
  constructor(code: RegistrationErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}

export const OPTED_OUT_MESSAGE =
  'This number has opted out of texts from JOSH, so we cannot text it a code. Text START to JOSH from this phone, then register again.';
