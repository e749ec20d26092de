import { DomainError } from '../../common/errors';

export enum ConversationErrorCode {
  InvalidSignature = 'twilio_signature_invalid',
  InvalidWebhook = 'twilio_webhook_invalid',
  BodyTooLong = 'sms_body_too_long',
  EmptyBody = 'sms_body_empty',
  NoRecipient = 'sms_recipient_missing',
  UnknownUser = 'sms_user_not_found',
  InvalidPhone = 'sms_phone_invalid',
  DevToolingDisabled = 'dev_tooling_disabled',
}

const STATUS: Record<ConversationErrorCode, number> = {
  [ConversationErrorCode.InvalidSignature]: 403,
  [ConversationErrorCode.InvalidWebhook]: 400,
  [ConversationErrorCode.BodyTooLong]: 422,
  [ConversationErrorCode.EmptyBody]: 422,
  [ConversationErrorCode.NoRecipient]: 422,
  [ConversationErrorCode.UnknownUser]: 404,
  [ConversationErrorCode.InvalidPhone]: 422,
  [ConversationErrorCode.DevToolingDisabled]: 404,
};

export class ConversationError extends DomainError {
  constructor(code: ConversationErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, STATUS[code], details);
  }
}
