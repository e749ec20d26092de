import { DomainError } from '../../common/errors';

export enum SafetyErrorCode {
  MemberNotFound = 'safety_member_not_found',
  ReportNotFound = 'safety_report_not_found',
  IncidentNotFound = 'safety_incident_not_found',
  ReportAlreadyResolved = 'safety_report_already_resolved',
  InvalidHold = 'safety_invalid_hold',
  InvalidStatus = 'safety_invalid_status',
}

const STATUS: Record<SafetyErrorCode, number> = {
  [SafetyErrorCode.MemberNotFound]: 404,
  [SafetyErrorCode.ReportNotFound]: 404,
  [SafetyErrorCode.IncidentNotFound]: 404,
  [SafetyErrorCode.ReportAlreadyResolved]: 409,
  [SafetyErrorCode.InvalidHold]: 422,
  [SafetyErrorCode.InvalidStatus]: 422,
};

export class SafetyError extends DomainError {
  constructor(code: SafetyErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
