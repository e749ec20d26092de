import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationMode } from '../../../database/enums';
import { UsersService, type UserRecord } from '../../identity';
import type {
  EnqueueSmsRequest, GlobalCommand, IdleCommand, InboundContext, KeywordInterceptor, ModeHandler, OptOutListener, OutboundPurpose,
} from '../conversation.contracts';
import { ConversationSettings } from '../conversation.settings';
import type { NewOutboundJob } from '../outbound/outbound-jobs.repository';
import { OutboundSmsService } from '../outbound/outbound-sms.service';
import type { SessionRecord } from '../sessions/conversation-sessions.repository';
import { ConversationSessionsService } from '../sessions/conversation-sessions.service';
import { isInterceptableKeyword, parseKeyword, type InterceptableKeyword } from './global-keywords';
import { SmsCopy } from './sms-copy';

export interface InboundMessage {
  messageSid: string;
  fromE164: string;
  text: string;
  correlationId: string;
}

// Where a message went, recorded on its message_events row.
export type Route =
  | 'unknown_sender' | 'unknown_stop' | 'unverified' | 'opt_out' | 'opt_in' | 'help' | 'opted_out_ignored'
  | 'suspended' | `mode:${ConversationMode}` | `idle_command:${number}` | 'idle_default' | `claimed:${InterceptableKeyword}`
  | `global_command:${number}`;

type ReplyFn = (body: string, purpose?: OutboundPurpose, suffix?: string) => Promise<void>;

// The handling context of a message that reached the member's session, and how to close it.
interface OpenSession {
  ctx: InboundContext;
  // Sends the timeout note if no reply carried it; returns the audit details.
  finish(): Promise<Record<string, unknown>>;
}

// What the routing decided; the caller writes it with the message's outcome in one statement.
export interface Routing {
  route: Route;
  // SMS to queue (replies and notices), in order.
  outbound: NewOutboundJob[];
  // Extra facts for the audit event (never bodies or numbers).
  details: Record<string, unknown>;
}

// Decides who handles an inbound text: global keywords first, then the handler registered for the
// member's conversation mode. Runs inside the message's handling transaction.
@Injectable()
export class ConversationRouter {
  private readonly log = new Logger(ConversationRouter.name);
  private readonly modeHandlers = new Map<ConversationMode, ModeHandler>();
  private readonly idleCommands: IdleCommand[] = [];
  private readonly globalCommands: GlobalCommand[] = [];
  private readonly optOutListeners: OptOutListener[] = [];
  private readonly interceptors = new Map<InterceptableKeyword, KeywordInterceptor[]>();

  constructor(
    private readonly users: UsersService,
    private readonly sessions: ConversationSessionsService,
    private readonly outbound: OutboundSmsService,
    private readonly copy: SmsCopy,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Feature modules call these from their onModuleInit.
  registerModeHandler(mode: ConversationMode, handler: ModeHandler): void {
    if (mode === 'idle') throw new Error('idle mode is routed through idle commands: use registerIdleCommand');
    if (this.modeHandlers.has(mode)) throw new Error(`a handler for mode ${mode} is already registered`);
    this.modeHandlers.set(mode, handler);
  }

  registerIdleCommand(command: IdleCommand): void {
    this.idleCommands.push(command);
  }

  // Commands asked before the mode's handler in every mode but safety_hold (see GlobalCommand).
  registerGlobalCommand(command: GlobalCommand): void {
    this.globalCommands.push(command);
  }

  registerOptOutListener(listener: OptOutListener): void {
    this.optOutListeners.push(listener);
  }

  // Lets a feature module claim CANCEL in its own context instead of the opt-out (see KeywordInterceptor).
  registerKeywordInterceptor(interceptor: KeywordInterceptor): void {
    const word = String(interceptor.keyword);
    if (!isInterceptableKeyword(word)) throw new Error(`${word} cannot be intercepted: carriers require it to opt the member out`);
    this.interceptors.set(word, [...(this.interceptors.get(word) ?? []), interceptor]);
  }

  // STOP from the member, or the carrier telling us they unsubscribed (Twilio 21610).
  async optOutMember(userId: string, correlationId: string, manager: EntityManager): Promise<void> {
    await this.users.setSmsConsent(userId, false, manager);
    for (const listener of this.optOutListeners) await listener.onOptOut(userId, manager, correlationId);
  }

  // `locked`: the member's session when the caller already holds its row lock in this transaction
  // (the inbound handling reads it with the member); otherwise the router locks (or creates) it.
  async route(msg: InboundMessage, member: UserRecord | null, manager: EntityManager, locked: SessionRecord | null = null): Promise<Routing> {
    const outbound: NewOutboundJob[] = [];
    const queue = async (req: Omit<EnqueueSmsRequest, 'correlationId' | 'manager'>) => {
      outbound.push(await this.outbound.prepare({ ...req, correlationId: msg.correlationId, manager }));
    };
    const done = (route: Route, details: Record<string, unknown> = {}): Routing => ({ route, outbound, details });
    const parsed = parseKeyword(msg.text);
    const keyword = parsed?.keyword ?? null;

    if (!member || member.deletedAt) {
      if (keyword === 'stop') return done('unknown_stop');
      if (keyword === 'help') {
        await queue({ to: msg.fromE164, body: this.copy.help(), purpose: 'reply', idempotencyKey: `reply:${msg.messageSid}` });
        return done('help');
      }
      // One link per number per window: the idempotency key is the rate limit.
      await queue({
        to: msg.fromE164, body: this.copy.registrationLink(), purpose: 'registration_link',
        idempotencyKey: `registration_link:${this.users.phoneHash(msg.fromE164)}:${this.windowBucket()}`,
      });
      return done('unknown_sender');
    }

    const reply: ReplyFn = (body, purpose = 'reply', suffix) =>
      queue({ userId: member.id, to: member.phoneE164, body, purpose, idempotencyKey: `reply:${msg.messageSid}${suffix ? `:${suffix}` : ''}` });
    if (keyword === 'stop') {
      const claimed = await this.tryInterceptors(parsed!.word, member, msg, manager, reply, done, locked);
      if (claimed) return claimed;
      await this.optOutMember(member.id, msg.correlationId, manager);
      // No reply of ours: the carrier-required confirmation comes from Twilio's opt-out handling.
      return done('opt_out');
    }
    if (keyword === 'start' || (keyword === 'yes' && !member.smsConsent)) {
      await this.users.setSmsConsent(member.id, true, manager);
      await reply(this.copy.optedIn());
      return done('opt_in');
    }
    if (keyword === 'help') {
      await reply(this.copy.help());
      return done('help');
    }
    if (!member.smsConsent) return done('opted_out_ignored'); // stored, never answered
    if (member.state === 'unverified') {
      await queue({
        userId: member.id, to: member.phoneE164, body: this.copy.finishRegistration(), purpose: 'registration_link',
        idempotencyKey: `registration_link:${member.id}:${this.windowBucket()}`,
      });
      return done('unverified');
    }
    if (member.state === 'suspended') {
      // At most one notice a day, however often they text.
      await queue({
        userId: member.id, to: member.phoneE164, body: this.copy.suspended(), purpose: 'notice',
        idempotencyKey: `notice:suspended:${member.id}:${Math.floor(Date.now() / 86400_000)}`,
      });
      return done('suspended');
    }
    return this.routeToMode(member, msg, manager, reply, done, locked);
  }

  private async routeToMode(
    member: UserRecord,
    msg: InboundMessage,
    manager: EntityManager,
    reply: ReplyFn,
    done: (route: Route, details?: Record<string, unknown>) => Routing,
    locked: SessionRecord | null,
  ): Promise<Routing> {
    const { ctx, finish } = await this.openSession(member, msg, manager, reply, locked);
    const route = await this.dispatch(ctx);
    return done(route, await finish());
  }

  // An opt-out word a feature module may claim: only when the text would otherwise have reached a
  // handler (opted in, verified, not suspended, not in safety_hold, where only keywords work).
  // Null = nobody claimed it, and the caller opts the member out.
  private async tryInterceptors(
    word: string,
    member: UserRecord,
    msg: InboundMessage,
    manager: EntityManager,
    reply: ReplyFn,
    done: (route: Route, details?: Record<string, unknown>) => Routing,
    locked: SessionRecord | null,
  ): Promise<Routing | null> {
    const interceptors = isInterceptableKeyword(word) ? this.interceptors.get(word) : undefined;
    if (!interceptors?.length || !member.smsConsent || member.state === 'unverified' || member.state === 'suspended') return null;
    const { ctx, finish } = await this.openSession(member, msg, manager, reply, locked);
    if (ctx.mode === 'safety_hold') return null;
    for (const interceptor of interceptors) {
      if (!(await interceptor.claims(ctx))) continue;
      await interceptor.handle(ctx);
      return done(`claimed:${interceptor.keyword}`, await finish());
    }
    return null;
  }

  // Locks the member's session (falling back to idle when its mode timed out) and builds the
  // context handlers see.
  private async openSession(
    member: UserRecord,
    msg: InboundMessage,
    manager: EntityManager,
    reply: ReplyFn,
    locked: SessionRecord | null,
  ): Promise<OpenSession> {
    let session = locked?.userId === member.id ? locked : await this.sessions.lockForHandling(member.id, manager);
    let note: string | null = null;
    const timedOutMode = session.mode;
    if (ConversationSessionsService.isExpired(session)) {
      session = await this.sessions.setMode(member.id, 'idle', { ttlSeconds: null }, manager);
      note = this.copy.timedOut();
    }
    let replied = false;
    const ctx: InboundContext = {
      userId: member.id,
      phoneE164: member.phoneE164,
      firstName: member.firstName,
      text: msg.text.trim(),
      messageSid: msg.messageSid,
      correlationId: msg.correlationId,
      mode: session.mode,
      stateToken: session.stateToken,
      manager,
      reply: async (body, options = {}) => {
        // A timeout note rides on the first reply, so the member still gets one message.
        const text = note && !replied ? `${note}\n${body}` : body;
        replied = true;
        await reply(text, options.purpose ?? 'reply', options.suffix);
      },
      setMode: async (mode, stateToken, ttlSeconds) => {
        const next = await this.sessions.setMode(member.id, mode, { stateToken, ttlSeconds }, manager);
        ctx.mode = next.mode;
        ctx.stateToken = next.stateToken;
      },
    };
    const finish = async () => {
      if (note && !replied) await ctx.reply(note);
      return note ? { timedOutMode } : {};
    };
    return { ctx, finish };
  }

  private async dispatch(ctx: InboundContext): Promise<Route> {
    if (ctx.mode !== 'safety_hold') {
      for (const [i, command] of this.globalCommands.entries()) {
        if (await command.tryHandle(ctx)) return `global_command:${i}`;
      }
    }
    const handler = ctx.mode === 'idle' ? undefined : this.modeHandlers.get(ctx.mode);
    if (handler) {
      await handler.handle(ctx);
      return `mode:${ctx.mode}`;
    }
    if (ctx.mode !== 'idle') this.log.warn({ msg: 'no handler registered for mode; treating as idle', mode: ctx.mode });
    for (const [i, command] of this.idleCommands.entries()) {
      if (await command.tryHandle(ctx)) return `idle_command:${i}`;
    }
    await ctx.reply(this.copy.idleHelp(ctx.firstName));
    return 'idle_default';
  }

  private windowBucket(): number {
    return Math.floor(Date.now() / (this.settings.SMS_UNKNOWN_SENDER_REPLY_WINDOW_HOURS * 3600_000));
  }
}
