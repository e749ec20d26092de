import { DomainError } from '../../common/errors';

export enum RegionsErrorCode {
  NotFound = 'region_not_found',
  WaitlistNotOpenable = 'region_waitlist_not_openable',
  SlugTaken = 'region_slug_taken',
}

const STATUS: Record<RegionsErrorCode, number> = {
  [RegionsErrorCode.NotFound]: 404,
  [RegionsErrorCode.WaitlistNotOpenable]: 409,
  [RegionsErrorCode.SlugTaken]: 409,
};

export class RegionsError extends DomainError {
  constructor(code: RegionsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
