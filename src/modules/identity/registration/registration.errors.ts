import { DomainError } from '../../../common/errors';

export enum RegistrationErrorCode {
  // Wrong, expired, exhausted or already used code, or a number with no pending verification:
  // one answer for all, so the endpoint tells nothing about which numbers are registered.
  InvalidCode = 'invalid_code',
  // Too soon after the last code, or too many codes this hour, for this number.
  Throttled = 'otp_throttled',
}

const STATUS: Record<RegistrationErrorCode, number> = {
  [RegistrationErrorCode.InvalidCode]: 400,
  [RegistrationErrorCode.Throttled]: 429,
};

export class RegistrationError extends DomainError {
  constructor(code: RegistrationErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
