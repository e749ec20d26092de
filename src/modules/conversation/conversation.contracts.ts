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
  // The handler could not read the text as an answer (and it was no command): it replies with a
  // gentle explanation and the question as usual; the router counts misses in a row and adds MENU
  // after the second.
  missed(): void;
  // The open question of the flow the member is in now (its handler's FlowView), e.g. to give back
  // an interrupted flow; null when nothing is asked.
  openQuestion(): Promise<string | null>;
}

// Where a member is in a flow, as the flow's owner describes it (ModeHandler.describe).
export interface FlowView {
  // For HELP: where they are and what they can reply, one short GSM-7 line ("You're on question 2 of
  // 11. Reply with numbers, SKIP, or LATER to finish later."). With the router's frame it is one segment.
  where: string;
  // The open question, repeated after a command that left the member where they were (STATUS, HELP,
  // MENU ...). Null: nothing is asked.
  question: string | null;
  // What leaving the flow would throw away ("your coffee plan"); a command that starts another flow
  // asks before it does. Null/absent: nothing worth asking about (it can be picked up again).
  unsaved?: string | null;
  // The open question is optional (interview steps 7-11): a text that reads as a request for another
  // flow (a command's `readsAsRequest`, e.g. "hike sunday") leaves it and starts that flow.
  optional?: boolean;
  // Said when the member leaves this flow for another one (how to come back).
  leaveNote?: string;
  // Command names the flow answers itself (contact exchange's list gives its own page for LINK); only
  // commands with `matches` can be kept this way.
  ownCommands?: readonly string[];
}

export interface ModeHandler {
  handle(ctx: InboundContext): Promise<void>;
  // Where the member is (HELP, repeating the question, asking before leaving). Reads only.
  describe?(ctx: InboundContext): Promise<FlowView | null>;
}

// What a command does to the flow the member is in (conversation README, "Commands"):
// - read_only: answers and leaves them where they were; the router repeats the open question.
// - starts_flow: moves them into its own flow; the router first asks when the current flow has
//   `unsaved` state, and repeats the open question when the command did not move them after all.
// - nested_flow: starts a short flow that saves the interrupted one and gives it back (safety's).
export type CommandEffect = 'read_only' | 'starts_flow' | 'nested_flow';

// A command that works in every mode but safety_hold (STATUS, PROFILE, LINKUP, REPORT ...).
export interface ConversationCommand {
  name: string; // upper case, as MENU and the README say it
  effect: CommandEffect;
  // The whole message is this command ("status", "My plans!"). Pure, no I/O. Required for
  // starts_flow and nested_flow; without it `run` is tried and returns false when it is not its text.
  matches?(text: string): boolean;
  // starts_flow only: a free-text request for this flow ("hike sunday" for LINKUP), which leaves an
  // optional question (FlowView.optional). Pure.
  readsAsRequest?(text: string): boolean;
  // Handles it (reply, and for starts_flow the new mode). False: not this command after all.
  run(ctx: InboundContext): Promise<boolean | void>;
  // MENU's line for it ("LINKUP - plan something"); commands without one are not listed. Lines are
  // listed by menuRank (lowest first, default 50), then in registration order.
  menu?: string;
  menuRank?: number;
  // starts_flow: how the "leave this?" question names it ("start a new LinkUp").
  label?: string;
}

// Called when a member opts out (STOP family), inside the same transaction.
export interface OptOutListener {
  onOptOut(userId: string, manager: EntityManager, correlationId: string): Promise<void>;
}

// Texts that mean something in idle without being a command: an answer to something asked earlier
// (YES to an invite, a late outcome or contact answer), "coffee sat morning", any text resuming an
// unfinished interview. Asked in registration order after the commands.
export interface IdleCommand {
  // Returns true when it handled the text.
  tryHandle(ctx: InboundContext): Promise<boolean>;
  // Optional: what tryHandle reads, for every member of an inbound batch in one statement, before the
  // batch is routed (kept for that transaction: database/prefetched.ts).
  prefetch?(userIds: string[], manager: EntityManager): Promise<void>;
}

// A gate asked before any command or handler in every mode but safety_hold (safety's hard-hold check),
// in registration order. Returns true when it took the text.
export interface ConversationGate {
  tryHandle(ctx: InboundContext): Promise<boolean>;
  // Optional, as IdleCommand.prefetch.
  prefetch?(userIds: string[], manager: EntityManager): Promise<void>;
}
// The name issue 11 gave gates.
export type GlobalCommand = ConversationGate;

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
