// What other modules may use of the SMS pipeline.
export { ConversationModule } from './conversation.module';
export { OutboundSmsService } from './outbound/outbound-sms.service';
export { ConversationSessionsService, type SessionOptions } from './sessions/conversation-sessions.service';
export type { SessionRecord } from './sessions/conversation-sessions.repository';
export { ConversationRouter } from './router/conversation-router';
export { ConversationError, ConversationErrorCode } from './conversation.errors';
export type {
  OutboundPurpose, EnqueueSmsRequest, EnqueueResult, InboundContext, ModeHandler, OptOutListener, IdleCommand,
  KeywordInterceptor, InterceptableKeyword,
} from './conversation.contracts';
