import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { ConversationMode } from '../../database/enums';

// The SMS pipeline's own settings (documented in .env.example), validated at boot.
export class ConversationSettings {
  // Message bodies (ciphertext, IV, tag) are nulled after this many days; metadata stays.
  @Type(() => Number) @IsInt() @Min(1)
  SMS_RETENTION_DAYS = 60;

  @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  SMS_RETENTION_BATCH_SIZE = 1000;

  // Dispatcher loop: how often it claims due jobs, and how many per claim.
  @Type(() => Number) @IsInt() @Min(10)
  SMS_DISPATCH_INTERVAL_MS = 1000;

  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  SMS_DISPATCH_BATCH_SIZE = 20;

  // A claimed job belongs to its dispatcher for this long; after that another may take it.
  @Type(() => Number) @IsInt() @Min(1)
  SMS_DISPATCH_LEASE_SECONDS = 60;

  // Provider HTTP timeout; kept well under the lease so a send never outlives its claim.
  @Type(() => Number) @IsInt() @Min(100)
  SMS_PROVIDER_TIMEOUT_MS = 15000;

  @Type(() => Number) @IsInt() @Min(1) @Max(20)
  SMS_MAX_ATTEMPTS = 5;

  // Transient failures retry after base * 2^(attempt-1) seconds (with jitter), capped.
  @Type(() => Number) @IsInt() @Min(0)
  SMS_BACKOFF_BASE_SECONDS = 5;

  @Type(() => Number) @IsInt() @Min(1)
  SMS_BACKOFF_MAX_SECONDS = 600;

  // Segments per second from one sender (the Messaging Service, else the from number), across every
  // instance: what the carrier carries (US long code 1, toll-free 3, short code 100), so nothing waits
  // in Twilio's first-in first-out queue and our priorities hold.
  @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  SMS_SENDER_SEGMENTS_PER_SECOND = 1;

  // Replaced by SMS_SENDER_SEGMENTS_PER_SECOND (it counted messages); setting it stops the boot.
  @IsOptional() @IsString()
  SMS_SENDER_RATE_PER_SECOND: string | undefined = undefined;

  // twilio: Twilio's opt-out handling answers STOP/START/HELP and we mirror the state, sending no
  // carrier boilerplate; app: a provider without keyword handling, we send the carrier replies.
  @IsIn(['twilio', 'app'])
  SMS_KEYWORD_MODE: 'twilio' | 'app' = 'twilio';

  // Whether the provider treats CANCEL as an opt-out word (Twilio's default list does). false only
  // for a Messaging Service whose Advanced Opt-Out removed it: then LinkUps may claim a bare CANCEL.
  @IsIn(['true', 'false'])
  SMS_CANCEL_IS_OPT_OUT: 'true' | 'false' = 'true';

  get cancelIsOptOut(): boolean {
    return this.SMS_CANCEL_IS_OPT_OUT === 'true';
  }

  // Bodies longer than this many segments are refused at enqueue.
  @Type(() => Number) @IsInt() @Min(1) @Max(10)
  SMS_MAX_SEGMENTS = 10;

  // Unknown senders get at most one registration link per window.
  @Type(() => Number) @IsInt() @Min(1)
  SMS_UNKNOWN_SENDER_REPLY_WINDOW_HOURS = 24;

  // Inbound handling runs beside the webhook, this many messages at a time per instance
  // (texts from one number always one after the other, in arrival order). Each holds one of the
  // pool's 20 connections for its transaction; on two cores, 8 drained a backlog fastest without
  // taking connections (and latency) from the webhook (bench:inbound: 12 pushed its p99 near 90 ms).
  @Type(() => Number) @IsInt() @Min(1) @Max(20)
  SMS_INBOUND_CONCURRENCY = 8;

  // Stored messages waiting for handling in memory; past this, they are read back from the database
  // when the queue has room again.
  @Type(() => Number) @IsInt() @Min(1)
  SMS_INBOUND_QUEUE_LIMIT = 20000;

  // A stored message still unhandled after this long (its instance died, or the queue was full)
  // is handled by the recovery sweep.
  @Type(() => Number) @IsInt() @Min(1)
  SMS_INBOUND_RECOVERY_AFTER_SECONDS = 30;

  @IsString() @MinLength(3) @MaxLength(80)
  SMS_SUPPORT_CONTACT = 'support@joshfriends.example';

  // Mode timeouts in seconds (0 = none); an abandoned flow falls back to idle.
  @Type(() => Number) @IsInt() @Min(0)
  CONVERSATION_TIMEOUT_INTERVIEWING_SECONDS = 172800;

  @Type(() => Number) @IsInt() @Min(0)
  CONVERSATION_TIMEOUT_LINKUP_FORMING_SECONDS = 3600;

  @Type(() => Number) @IsInt() @Min(0)
  CONVERSATION_TIMEOUT_AWAITING_INVITE_REPLY_SECONDS = 10800;

  @Type(() => Number) @IsInt() @Min(0)
  CONVERSATION_TIMEOUT_SAFETY_HOLD_SECONDS = 0;

  // Default timeout of a mode, in seconds; null = the mode never times out.
  modeTimeoutSeconds(mode: ConversationMode): number | null {
    const seconds: Record<ConversationMode, number> = {
      idle: 0,
      interviewing: this.CONVERSATION_TIMEOUT_INTERVIEWING_SECONDS,
      linkup_forming: this.CONVERSATION_TIMEOUT_LINKUP_FORMING_SECONDS,
      awaiting_invite_reply: this.CONVERSATION_TIMEOUT_AWAITING_INVITE_REPLY_SECONDS,
      safety_hold: this.CONVERSATION_TIMEOUT_SAFETY_HOLD_SECONDS,
    };
    return seconds[mode] > 0 ? seconds[mode] : null;
  }
}
