// What other modules may use of the SMS pipeline.
export { ConversationModule } from './conversation.module';
export { OutboundSmsService } from './outbound/outbound-sms.service';
export { ConversationSessionsService, type SessionOptions } from './sessions/conversation-sessions.service';
export type { SessionRecord } from './sessions/conversation-sessions.repository';
export { ConversationRouter } from './router/conversation-router';
export { ConversationPrivacyService, type ConversationErasure } from './privacy/conversation-privacy.service';
export { ConversationError, ConversationErrorCode } from './conversation.errors';
export type {
  OutboundPurpose, EnqueueSmsRequest, EnqueueResult, InboundContext, ModeHandler, OptOutListener, IdleCommand, GlobalCommand,
  KeywordInterceptor, InterceptableKeyword,
} from './conversation.contracts';
export { ConversationSettings } from './conversation.settings';
