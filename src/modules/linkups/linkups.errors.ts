import { DomainError } from '../../common/errors';

export enum LinkupsErrorCode {
  NotFound = 'linkup_not_found',
  InvalidTransition = 'linkup_invalid_transition',
  NotEligibleToInitiate = 'linkup_not_eligible_to_initiate',
  AlreadyInitiating = 'linkup_already_initiating',
  TooSoon = 'linkup_too_soon',
  NoTimeZone = 'linkup_region_without_timezone',
}

const STATUS: Record<LinkupsErrorCode, number> = {
  [LinkupsErrorCode.NotFound]: 404,
  [LinkupsErrorCode.InvalidTransition]: 409,
  [LinkupsErrorCode.NotEligibleToInitiate]: 403,
  [LinkupsErrorCode.AlreadyInitiating]: 409,
  [LinkupsErrorCode.TooSoon]: 422,
  [LinkupsErrorCode.NoTimeZone]: 500,
};

export class LinkupsError extends DomainError {
  constructor(code: LinkupsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
