import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationMode } from '../../../database/enums';
import { SmsConsentService, UsersService, type OptOutSource, type UserRecord } from '../../identity';
import type {
  EnqueueSmsRequest, GlobalCommand, IdleCommand, InboundContext, KeywordInterceptor, ModeHandler, OptOutListener, OutboundPurpose,
} from '../conversation.contracts';
import { ConversationSettings } from '../conversation.settings';
import type { NewOutboundJob } from '../outbound/outbound-jobs.repository';
import { OutboundSmsService } from '../outbound/outbound-sms.service';
import type { SessionRecord } from '../sessions/conversation-sessions.repository';
import { ConversationSessionsService } from '../sessions/conversation-sessions.service';
import { CarrierReplies } from './carrier-replies';
import { interceptableWord, isInterceptableKeyword, parseKeyword, type InterceptableKeyword, type ParsedKeyword } from './global-keywords';
import { SmsCopy, type HelpContext } from './sms-copy';

export interface InboundMessage {
  messageSid: string;
  fromE164: string;
  text: string;
  correlationId: string;
}

// Where a message went, recorded on its message_events row.
export type Route =
  | 'unknown_sender' | 'unknown_stop' | 'unknown_start' | 'unverified' | 'opt_out' | 'opt_in' | 'help' | 'opted_out_ignored'
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
  private readonly tokenHandlers = new Map<string, ModeHandler>();
  private readonly idleCommands: IdleCommand[] = [];
  private readonly globalCommands: GlobalCommand[] = [];
  private readonly optOutListeners: OptOutListener[] = [];
  private readonly interceptors = new Map<InterceptableKeyword, KeywordInterceptor[]>();

  constructor(
    private readonly users: UsersService,
    private readonly sessions: ConversationSessionsService,
    private readonly outbound: OutboundSmsService,
    private readonly copy: SmsCopy,
    private readonly carrier: CarrierReplies,
    private readonly consent: SmsConsentService,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Feature modules call these from their onModuleInit.
  registerModeHandler(mode: ConversationMode, handler: ModeHandler): void {
    if (mode === 'idle') throw new Error('idle mode is routed through idle commands: use registerIdleCommand');
    if (this.modeHandlers.has(mode)) throw new Error(`a handler for mode ${mode} is already registered`);
    this.modeHandlers.set(mode, handler);
  }

  // A handler for one kind of state token in a mode (the part before the first ':', e.g.
  // `contacts` of `contacts:{linkupId}` in awaiting_invite_reply); the mode's handler keeps the
  // others. Lets a module run a short flow in a mode another module owns, without touching it.
  registerStateTokenHandler(mode: ConversationMode, kind: string, handler: ModeHandler): void {
    if (mode === 'idle') throw new Error('idle mode is routed through idle commands: use registerIdleCommand');
    const key = `${mode}:${kind}`;
    if (this.tokenHandlers.has(key)) throw new Error(`a handler for ${key} tokens is already registered`);
    this.tokenHandlers.set(key, handler);
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

  // Lets a feature module claim DROP (or CANCEL, when the provider does not treat it as an opt-out)
  // in its own context (see KeywordInterceptor).
  registerKeywordInterceptor(interceptor: KeywordInterceptor): void {
    const word = String(interceptor.keyword);
    if (!isInterceptableKeyword(word)) throw new Error(`${word} cannot be intercepted: carriers require it to opt the member out`);
    this.interceptors.set(word, [...(this.interceptors.get(word) ?? []), interceptor]);
  }

  // STOP from the member: remembered per phone hash (users.sms_consent mirrors it), then the
  // listeners (pending invites declined). True when they were not opted out before.
  async optOutMember(userId: string, correlationId: string, manager: EntityManager, source: OptOutSource = 'keyword'): Promise<boolean> {
    const user = await this.users.findById(userId, manager);
    if (!user) return false;
    const changed = await this.consent.recordOptOut({ phoneHash: user.phoneHash }, source, manager);
    for (const listener of this.optOutListeners) await listener.onOptOut(userId, manager, correlationId);
    return changed;
  }

  // The carrier says a number opted out (OptOutType=STOP, Twilio 21610), member or not.
  async optOutNumber(e164: string, source: OptOutSource, correlationId: string, manager: EntityManager): Promise<boolean> {
    const member = await this.users.findByPhoneE164(e164, manager);
    if (member) return this.optOutMember(member.id, correlationId, manager, source);
    return this.consent.recordOptOut({ e164 }, source, manager);
  }

  // `locked`: the member's session when the caller already holds its row lock in this transaction
  // (the inbound handling reads it with the member); otherwise the router locks (or creates) it.
  async route(msg: InboundMessage, member: UserRecord | null, manager: EntityManager, locked: SessionRecord | null = null): Promise<Routing> {
    const outbound: NewOutboundJob[] = [];
    const queue = async (req: Omit<EnqueueSmsRequest, 'correlationId' | 'manager'>) => {
      outbound.push(await this.outbound.prepare({ ...req, correlationId: msg.correlationId, manager }));
    };
    const done = (route: Route, details: Record<string, unknown> = {}): Routing => ({ route, outbound, details });
    const parsed = parseKeyword(msg.text, this.keywordOptions());
    if (!member || member.deletedAt) return this.routeStranger(msg, parsed, manager, queue, done);

    const reply: ReplyFn = (body, purpose = 'reply', suffix) =>
      queue({ userId: member.id, to: member.phoneE164, body, purpose, idempotencyKey: `reply:${msg.messageSid}${suffix ? `:${suffix}` : ''}` });
    const keywordRoute = await this.routeKeyword(parsed, member, msg, manager, reply, locked);
    if (keywordRoute) return done(keywordRoute);
    if (!member.smsConsent) return done('opted_out_ignored'); // stored, never answered
    // A CANCEL the provider did not act on (SMS_CANCEL_IS_OPT_OUT=false) that no flow can claim opts out.
    if ((member.state === 'unverified' || member.state === 'suspended') && interceptableWord(msg.text, this.keywordOptions()) === 'CANCEL') {
      return done(await this.optOutUnclaimed(member, msg, manager, reply));
    }
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

  private keywordOptions() {
    return { cancelIsOptOut: this.settings.cancelIsOptOut };
  }

  private get appMode(): boolean {
    return this.settings.SMS_KEYWORD_MODE === 'app';
  }

  // STOP/START/HELP from a member. With Twilio (SMS_KEYWORD_MODE=twilio) the carrier side already
  // acted and replied: we mirror the state and add only the context line to HELP. In app mode we send
  // the carrier replies too. Null: not a keyword here (YES while opted in belongs to the handlers).
  private async routeKeyword(
    parsed: ParsedKeyword | null,
    member: UserRecord,
    msg: InboundMessage,
    manager: EntityManager,
    reply: ReplyFn,
    locked: SessionRecord | null,
  ): Promise<Route | null> {
    const keyword = parsed?.keyword;
    if (keyword === 'stop') {
      const changed = await this.optOutMember(member.id, msg.correlationId, manager);
      if (changed && this.appMode) await reply(this.carrier.optedOut(), 'carrier_reply');
      return 'opt_out';
    }
    if (keyword === 'start' || (keyword === 'yes' && !member.smsConsent)) {
      await this.consent.recordOptIn({ phoneHash: member.phoneHash }, manager);
      if (this.appMode) await reply(this.carrier.optedIn(), 'carrier_reply');
      return 'opt_in';
    }
    if (keyword === 'help') {
      // An opted-out member gets only the carrier's reply: nothing of ours may reach them.
      const context = member.smsConsent ? this.copy.helpContext(await this.helpWhere(member, manager, locked)) : null;
      if (this.appMode) await reply([this.carrier.help(), context].filter(Boolean).join('\n'), 'carrier_reply');
      else if (context) await reply(context);
      return 'help';
    }
    return null;
  }

  // A text from a number with no member: opt-outs are remembered per phone hash all the same.
  private async routeStranger(
    msg: InboundMessage,
    parsed: ParsedKeyword | null,
    manager: EntityManager,
    queue: (req: Omit<EnqueueSmsRequest, 'correlationId' | 'manager'>) => Promise<void>,
    done: (route: Route) => Routing,
  ): Promise<Routing> {
    const to = msg.fromE164;
    const carrierReply = (body: string) => queue({ to, body, purpose: 'carrier_reply', idempotencyKey: `reply:${msg.messageSid}` });
    const keyword = parsed?.keyword;
    if (keyword === 'stop') {
      const changed = await this.consent.recordOptOut({ e164: to }, 'keyword', manager);
      if (changed && this.appMode) await carrierReply(this.carrier.optedOut());
      return done('unknown_stop');
    }
    const optedOut = await this.consent.isOptedOut({ e164: to }, manager);
    if (keyword === 'start' || (keyword === 'yes' && optedOut)) {
      await this.consent.recordOptIn({ e164: to }, manager);
      if (this.appMode) await carrierReply(this.carrier.optedIn());
      return done('unknown_start');
    }
    if (keyword === 'help') {
      if (this.appMode) await carrierReply(`${this.carrier.help()}\n${this.copy.helpContext('unknown')}`);
      else if (!optedOut) await queue({ to, body: this.copy.helpContext('unknown'), purpose: 'reply', idempotencyKey: `reply:${msg.messageSid}` });
      return done('help');
    }
    if (optedOut) return done('opted_out_ignored');
    // One link per number per window: the idempotency key is the rate limit.
    await queue({
      to, body: this.copy.registrationLink(), purpose: 'registration_link',
      idempotencyKey: `registration_link:${this.users.phoneHash(to)}:${this.windowBucket()}`,
    });
    return done('unknown_sender');
  }

  // A bare CANCEL the provider did not treat as an opt-out and no flow claimed: the member meant to
  // stop, so they are opted out, and told so (the provider sent no confirmation).
  private async optOutUnclaimed(member: UserRecord, msg: InboundMessage, manager: EntityManager, reply: ReplyFn): Promise<Route> {
    if (await this.optOutMember(member.id, msg.correlationId, manager)) await reply(this.carrier.optedOut(), 'carrier_reply');
    return 'opt_out';
  }

  private async helpWhere(member: UserRecord, manager: EntityManager, locked: SessionRecord | null): Promise<HelpContext> {
    if (member.state === 'unverified' || member.state === 'suspended') return member.state;
    const session = locked?.userId === member.id ? locked : await this.sessions.getSession(member.id, manager);
    return session && !ConversationSessionsService.isExpired(session) ? session.mode : 'idle';
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
    const claimed = await this.tryInterceptors(ctx);
    if (claimed) return done(claimed, await finish());
    if (interceptableWord(msg.text, this.keywordOptions()) === 'CANCEL') return done(await this.optOutUnclaimed(member, msg, manager, reply));
    const route = await this.dispatch(ctx);
    return done(route, await finish());
  }

  // A word a feature module may claim (DROP; CANCEL when it is no opt-out), asked only when the text
  // reached the member's session (opted in, verified, not suspended) and not in safety_hold.
  private async tryInterceptors(ctx: InboundContext): Promise<Route | null> {
    const word = interceptableWord(ctx.text, this.keywordOptions());
    if (!word || ctx.mode === 'safety_hold') return null;
    for (const interceptor of this.interceptors.get(word) ?? []) {
      if (!(await interceptor.claims(ctx))) continue;
      await interceptor.handle(ctx);
      return `claimed:${word}`;
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
    const byToken = this.tokenHandlers.get(`${ctx.mode}:${ctx.stateToken.split(':')[0]}`);
    const handler = ctx.mode === 'idle' ? undefined : (byToken ?? this.modeHandlers.get(ctx.mode));
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
