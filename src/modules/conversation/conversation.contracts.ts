import type { EntityManager } from 'typeorm';
import type { ConversationMode } from '../../database/enums';
import type { InterceptableKeyword } from './router/global-keywords';

export type { InterceptableKeyword };

// What other modules see of the SMS pipeline. The conversation module implements these;
// feature modules (profile, linkups, safety ...) register handlers and enqueue SMS through them.

// Time-critical purposes are dispatched ahead of bulk ones.
export type OutboundPurpose =
  | 'otp'
  // A reply carriers require (STOP/START/HELP confirmations) when the provider does not send it:
  // it goes out even to a number that just opted out.
  | 'carrier_reply'
  | 'lock_confirmation'
  | 'reply'
  | 'interview'
  | 'invite'
  | 'reminder'
  | 'notice'
  | 'registration_link'
  | 'bulk';

export interface EnqueueSmsRequest {
  // A member (their number is looked up) or a raw number (unknown senders, OTP before verification).
  userId?: string | null;
  to?: string;
  body: string;
  purpose: OutboundPurpose;
  // Derived from the cause (`reply:{MessageSid}`, `invite:{inviteId}` ...): a retried handler queues nothing twice.
  idempotencyKey: string;
  correlationId?: string;
  // Validity period: a message still unsent after this many seconds is dropped, not delivered late.
  validForSeconds?: number;
  notBefore?: Date;
  // Join the caller's transaction so the SMS is queued only if the change commits.
  manager?: EntityManager;
}

export interface EnqueueResult {
  jobId: string;
  created: boolean; // false when the idempotency key already had a job
}

export interface InboundContext {
  userId: string;
  phoneE164: string;
  firstName: string;
  text: string; // trimmed plaintext, never logged
  messageSid: string;
  correlationId: string;
  mode: ConversationMode;
  stateToken: string;
  manager: EntityManager; // the handling transaction
  // Queue a reply (idempotency key `reply:{messageSid}` plus an optional suffix for a second message).
  // Replies are written with the message's outcome when the handler returns, in the same transaction.
  reply(body: string, options?: { suffix?: string; purpose?: OutboundPurpose }): Promise<void>;
  // Move the member's conversation pointer; ttlSeconds null = no timeout.
  setMode(mode: ConversationMode, stateToken?: string, ttlSeconds?: number | null): Promise<void>;
}

export interface ModeHandler {
  handle(ctx: InboundContext): Promise<void>;
}

// Called when a member opts out (STOP family), inside the same transaction.
export interface OptOutListener {
  onOptOut(userId: string, manager: EntityManager, correlationId: string): Promise<void>;
}

// Idle-mode commands ("linkup", "status", "profile" ...) owned by other modules.
export interface IdleCommand {
  // Returns true when it handled the text.
  tryHandle(ctx: InboundContext): Promise<boolean>;
}

// A command that works in every mode but safety_hold (REPORT, BLOCK, DELETE ...): the router asks the
// registered global commands, in registration order, before the mode's handler (or the idle commands).
export interface GlobalCommand {
  // Returns true when it handled the text; false leaves it to the mode's handler.
  tryHandle(ctx: InboundContext): Promise<boolean>;
}

// A feature module's claim on a whole-message word that means something in its own flow (PRODUCT.md
// section 6: DROP inside a LinkUp asks to confirm). Only INTERCEPTABLE_KEYWORDS can be claimed: DROP,
// and CANCEL only when the provider does not treat it as an opt-out (SMS_CANCEL_IS_OPT_OUT=false; an
// unclaimed CANCEL then opts out). STOP and the rest always opt out. The router asks only for an
// opted-in, verified, not suspended member outside `safety_hold`, after locking their session (a
// timed-out mode is already back to idle), in registration order; an unclaimed DROP goes on to the
// mode handler.
export interface KeywordInterceptor {
  keyword: InterceptableKeyword;
  // True when the member is in this module's context. Reads only.
  claims(ctx: InboundContext): Promise<boolean>;
  // Handles the text like a mode handler would (reply, move the mode).
  handle(ctx: InboundContext): Promise<void>;
}
