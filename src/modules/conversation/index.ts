// What other modules may use of the SMS pipeline.
export { ConversationModule } from './conversation.module';
export { OutboundSmsService } from './outbound/outbound-sms.service';
export { ConversationSessionsService, type SessionOptions } from './sessions/conversation-sessions.service';
export type { SessionRecord } from './sessions/conversation-sessions.repository';
export { ConversationRouter } from './router/conversation-router';
export { ConversationPrivacyService, type ConversationErasure } from './privacy/conversation-privacy.service';
export { MessageHistoryService, type MessageMetadata } from './messages/message-history.service';
export { ConversationError, ConversationErrorCode } from './conversation.errors';
export type {
  OutboundPurpose, EnqueueSmsRequest, EnqueueResult, InboundContext, ModeHandler, OptOutListener, IdleCommand, GlobalCommand,
  KeywordInterceptor, InterceptableKeyword, ConversationCommand, ConversationGate, CommandEffect, FlowView,
} from './conversation.contracts';
export { ConversationSettings } from './conversation.settings';
// Development tools only (/dev/phone): callers must be behind the dev-only guard.
export { DevSmsService, type ThreadLine, type DevTextResult } from './dev/dev-sms.service';
