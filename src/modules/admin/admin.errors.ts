import { DomainError } from '../../common/errors';

export enum AdminErrorCode {
  // Missing, unknown, malformed or revoked token: one answer for all, so a caller learns nothing.
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  RateLimited = 'rate_limited',
  MemberNotFound = 'admin_member_not_found',
  InvalidPhone = 'admin_invalid_phone',
  InvalidRequest = 'admin_invalid_request',
}

const STATUS: Record<AdminErrorCode, number> = {
  [AdminErrorCode.Unauthorized]: 401,
  [AdminErrorCode.Forbidden]: 403,
  [AdminErrorCode.RateLimited]: 429,
  [AdminErrorCode.MemberNotFound]: 404,
  [AdminErrorCode.InvalidPhone]: 422,
  [AdminErrorCode.InvalidRequest]: 422,
};

export class AdminError extends DomainError {
  constructor(code: AdminErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}

export const unauthorized = () => new AdminError(AdminErrorCode.Unauthorized, 'A valid admin token is required (Authorization: Bearer <token>).');
