import { DomainError } from '../../common/errors';

export enum DemoErrorCode {
  MemberNotFound = 'demo_member_not_found',
  NumbersExhausted = 'demo_numbers_exhausted',
  RegistrationFailed = 'demo_registration_failed',
  TooManyStreams = 'demo_too_many_streams',
  CrossOrigin = 'demo_cross_origin',
}

const STATUS: Record<DemoErrorCode, number> = {
  [DemoErrorCode.MemberNotFound]: 404,
  [DemoErrorCode.NumbersExhausted]: 409,
  // The registration or verification route refused (its status and message are in the details).
  [DemoErrorCode.RegistrationFailed]: 502,
  [DemoErrorCode.TooManyStreams]: 503,
  [DemoErrorCode.CrossOrigin]: 403,
};

export class DemoError extends DomainError {
  constructor(code: DemoErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
