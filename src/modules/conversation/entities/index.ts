import { ConversationSession } from './conversation-session.entity';
import { MessageEvent } from './message-event.entity';
import { SmsEarlyStatusCallback } from './sms-early-status-callback.entity';
import { SmsMessage } from './sms-message.entity';
import { SmsOutboundJob } from './sms-outbound-job.entity';
import { SmsSenderState } from './sms-sender-state.entity';

// The tables conversation owns. Its Nest module registers them (TypeOrmModule.forFeature) and
// src/database/entities.ts adds the list to the CLI's full list: a new entity goes here only.
export const CONVERSATION_ENTITIES: Function[] = [ConversationSession, MessageEvent, SmsEarlyStatusCallback, SmsMessage, SmsOutboundJob, SmsSenderState];
