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

  // Inbound handling (APP_ROLE worker or all): this many handling transactions at a time per
  // process, each claiming up to SMS_INBOUND_BATCH_SIZE stored messages in one statement and
  // closing them in one statement. Each holds one connection of the main pool while it runs.
  @Type(() => Number) @IsInt() @Min(1) @Max(16)
  SMS_INBOUND_CONCURRENCY = 3;

  @Type(() => Number) @IsInt() @Min(1) @Max(500)
  SMS_INBOUND_BATCH_SIZE = 50;

  // How often an idle handling loop looks for stored messages (a webhook in the same process
  // wakes it at once; messages stored by web processes wait at most this long).
  @Type(() => Number) @IsInt() @Min(10) @Max(10000)
  SMS_INBOUND_POLL_MS = 200;

  // The inbound webhook's own connection pool, so handling and API work never make it wait.
  @Type(() => Number) @IsInt() @Min(1) @Max(100)
  SMS_WEBHOOK_POOL_MAX = 20;

  // Where the webhook spools inbound messages (append + fsync) while the database is unreachable.
  // One directory per instance; it is moved into the database, in order, when it is back.
  @IsString() @MinLength(1)
  SPOOL_DIR = '.data/spool';

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
