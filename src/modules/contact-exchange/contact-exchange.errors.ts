import { DomainError } from '../../common/errors';

export enum ContactExchangeErrorCode {
  // Not in this LinkUp (or no such LinkUp): the same answer for both.
  NotFound = 'linkup_not_found',
  // In the LinkUp but not recorded as having gone (yet).
  NotAttendee = 'contacts_not_attendee',
  WindowClosed = 'contacts_window_closed',
  InvalidChoice = 'contacts_invalid_choice',
}

const STATUS: Record<ContactExchangeErrorCode, number> = {
  [ContactExchangeErrorCode.NotFound]: 404,
  [ContactExchangeErrorCode.NotAttendee]: 403,
  [ContactExchangeErrorCode.WindowClosed]: 409,
  [ContactExchangeErrorCode.InvalidChoice]: 400,
};

export class ContactExchangeError extends DomainError {
  constructor(code: ContactExchangeErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }
}
