import { DomainError } from '../../common/errors';

export enum ProfileErrorCode {
  ProfileNotFound = 'profile_not_found',
  InvalidBehaviourSignal = 'profile_signal_invalid',
}

const STATUS: Record<ProfileErrorCode, number> = {
  [ProfileErrorCode.ProfileNotFound]: 404,
  [ProfileErrorCode.InvalidBehaviourSignal]: 422,
};

export class ProfileError extends DomainError {
  constructor(code: ProfileErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
