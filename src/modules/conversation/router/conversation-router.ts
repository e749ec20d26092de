import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationMode } from '../../../database/enums';
import { SmsConsentService, UsersService, type OptOutSource, type UserRecord } from '../../identity';
import type {
  ConversationCommand, ConversationGate, EnqueueSmsRequest, IdleCommand, InboundContext, KeywordInterceptor, ModeHandler, OptOutListener,
  OutboundPurpose,
} from '../conversation.contracts';
import { ConversationSettings } from '../conversation.settings';
import type { NewOutboundJob } from '../outbound/outbound-jobs.repository';
import { OutboundSmsService } from '../outbound/outbound-sms.service';
import type { SessionRecord } from '../sessions/conversation-sessions.repository';
import { ConversationSessionsService } from '../sessions/conversation-sessions.service';
import { CarrierReplies } from './carrier-replies';
import { interceptableWord, parseKeyword, type ParsedKeyword } from './global-keywords';
import { RouterRegistry } from './router-registry';
import { SmsCopy } from './sms-copy';
import { Turn, type Route } from './turn';
import { TurnDispatcher } from './turn-dispatcher';

export type { Route } from './turn';

export interface InboundMessage {
  messageSid: string;
  fromE164: string;
  text: string;
  correlationId: string;
}

type ReplyFn = (body: string, purpose?: OutboundPurpose, suffix?: string, notBefore?: Date) => Promise<void>;

// The handling context of a message that reached the member's session, and its turn.
interface OpenSession {
  ctx: InboundContext;
  turn: Turn;
}

// What the routing decided; the caller writes it with the message's outcome in one statement.
export interface Routing {
  route: Route;
  // SMS to queue (replies and notices), in order.
  outbound: NewOutboundJob[];
  // Extra facts for the audit event (never bodies or numbers).
  details: Record<string, unknown>;
}

// Decides who handles an inbound text: carrier keywords first, then (for a member whose text reaches
// their session) the turn dispatcher: commands in every mode, then the handler of the member's mode.
// Runs inside the message's handling transaction.
@Injectable()
export class ConversationRouter {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: ConversationSessionsService,
    private readonly outbound: OutboundSmsService,
    private readonly copy: SmsCopy,
    private readonly carrier: CarrierReplies,
    private readonly consent: SmsConsentService,
    private readonly registry: RouterRegistry,
    private readonly turns: TurnDispatcher,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {}

  // Feature modules call these from their onModuleInit.
  registerModeHandler(mode: ConversationMode, handler: ModeHandler): void {
    this.registry.addModeHandler(mode, handler);
  }

  // A handler for one kind of state token in a mode (the part before the first ':', e.g.
  // `contacts` of `contacts:{linkupId}` in awaiting_invite_reply); the mode's handler keeps the
  // others. Lets a module run a short flow in a mode another module owns, without touching it.
  registerStateTokenHandler(mode: ConversationMode, kind: string, handler: ModeHandler): void {
    this.registry.addTokenHandler(mode, kind, handler);
  }

  // A command that works in every mode but safety_hold (see ConversationCommand and the README's
  // table): asked after the gates, before the mode's handler and idle's.
  registerCommand(command: ConversationCommand): void {
    this.registry.addCommand(command);
  }

  // What idle understands besides commands (answers to earlier questions, "coffee sat morning").
  registerIdleCommand(command: IdleCommand): void {
    this.registry.idleCommands.push(command);
  }

  // Asked first in every mode but safety_hold (safety's hard-hold check).
  registerGate(gate: ConversationGate): void {
    this.registry.gates.push(gate);
  }

  // Issue 11's name for a gate.
  registerGlobalCommand(gate: ConversationGate): void {
    this.registerGate(gate);
  }

  // Before an inbound batch is routed: the gates and idle commands read what they need for all of
  // its members at once (one statement each instead of one per text).
  async prefetch(userIds: string[], manager: EntityManager): Promise<void> {
    if (userIds.length === 0) return;
    for (const step of [...this.registry.gates, ...this.registry.idleCommands]) await step.prefetch?.(userIds, manager);
  }

  registerOptOutListener(listener: OptOutListener): void {
    this.registry.optOutListeners.push(listener);
  }

  // Lets a feature module claim DROP (or CANCEL, when the provider does not treat it as an opt-out)
  // in its own context (see KeywordInterceptor).
  registerKeywordInterceptor(interceptor: KeywordInterceptor): void {
    this.registry.addInterceptor(interceptor);
  }

  // STOP from the member: remembered per phone hash (users.sms_consent mirrors it), then the
  // listeners (pending invites declined). True when they were not opted out before.
  async optOutMember(userId: string, correlationId: string, manager: EntityManager, source: OptOutSource = 'keyword'): Promise<boolean> {
    const user = await this.users.findById(userId, manager);
    if (!user) return false;
    const changed = await this.consent.recordOptOut({ phoneHash: user.phoneHash }, source, manager);
    for (const listener of this.registry.optOutListeners) await listener.onOptOut(userId, manager, correlationId);
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

    const reply: ReplyFn = (body, purpose = 'reply', suffix, notBefore) =>
      queue({ userId: member.id, to: member.phoneE164, body, purpose, notBefore, idempotencyKey: `reply:${msg.messageSid}${suffix ? `:${suffix}` : ''}` });
    const keywordRoute = await this.routeKeyword(parsed, member, msg, manager, reply);
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
    return this.routeToMode(member, msg, manager, reply, done, locked, parsed?.keyword === 'help');
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
      // A member who can be in a flow hears where they are in it (routeToMode). An opted-out member
      // gets only the carrier's reply: nothing of ours may reach them.
      if (member.smsConsent && member.state !== 'unverified' && member.state !== 'suspended') return null;
      const where = member.state === 'unverified' ? this.copy.unverifiedWhere() : this.copy.modeWhere('suspended');
      if (this.appMode) await reply(member.smsConsent ? this.copy.helpWithCarrier(where, this.carrier.help()) : this.carrier.help(), 'carrier_reply');
      else if (member.smsConsent) await reply(this.copy.helpLine(where));
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
      if (this.appMode) await carrierReply(this.copy.helpWithCarrier(this.copy.strangerWhere(), this.carrier.help()));
      else if (!optedOut) await queue({ to, body: this.copy.helpLine(this.copy.strangerWhere()), purpose: 'reply', idempotencyKey: `reply:${msg.messageSid}` });
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

  private async routeToMode(
    member: UserRecord,
    msg: InboundMessage,
    manager: EntityManager,
    reply: ReplyFn,
    done: (route: Route, details?: Record<string, unknown>) => Routing,
    locked: SessionRecord | null,
    carrierHelp: boolean,
  ): Promise<Routing> {
    const { ctx, turn } = await this.openSession(member, msg, manager, locked);
    const finish = async (route: Route): Promise<Routing> => {
      await this.turns.countMisses(ctx, turn);
      // Several replies to one text (an answer, then the open question again) share a transaction
      // time: a millisecond apart, the dispatcher claims (and paces) them in this order.
      const base = Date.now();
      for (const [i, r] of turn.outgoing().entries()) await reply(r.body, r.purpose, r.suffix, new Date(base + i));
      return done(route, turn.details);
    };
    if (carrierHelp) return finish(await this.turns.carrierHelp(ctx, turn));
    const answered = await this.turns.answerSwitch(ctx, turn);
    if (answered) return finish(answered);
    const claimed = await this.tryInterceptors(ctx);
    if (claimed) return finish(claimed);
    if (interceptableWord(msg.text, this.keywordOptions()) === 'CANCEL') return done(await this.optOutUnclaimed(member, msg, manager, reply));
    return finish(await this.turns.dispatch(ctx, turn));
  }

  // A word a feature module may claim (DROP; CANCEL when it is no opt-out), asked only when the text
  // reached the member's session (opted in, verified, not suspended) and not in safety_hold.
  private async tryInterceptors(ctx: InboundContext): Promise<Route | null> {
    const word = interceptableWord(ctx.text, this.keywordOptions());
    if (!word || ctx.mode === 'safety_hold') return null;
    for (const interceptor of this.registry.interceptors.get(word) ?? []) {
      if (!(await interceptor.claims(ctx))) continue;
      await interceptor.handle(ctx);
      return `claimed:${word}`;
    }
    return null;
  }

  // Locks the member's session (falling back to idle when its mode timed out) and builds the
  // context handlers see. Replies wait in the turn until the routing is done.
  private async openSession(member: UserRecord, msg: InboundMessage, manager: EntityManager, locked: SessionRecord | null): Promise<OpenSession> {
    let session = locked?.userId === member.id ? locked : await this.sessions.lockForHandling(member.id, manager);
    const turn = new Turn(session.expiresAt, locked?.userId === member.id ? locked.missStreak : undefined);
    if (ConversationSessionsService.isExpired(session)) {
      turn.details.timedOutMode = session.mode;
      session = await this.sessions.setMode(member.id, 'idle', { ttlSeconds: null }, manager);
      turn.notes.push(this.copy.timedOut());
      turn.expiresAt = null;
    }
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
        turn.replies.push({ body, purpose: options.purpose ?? 'reply', suffix: options.suffix });
      },
      setMode: async (mode, stateToken, ttlSeconds) => {
        const next = await this.sessions.setMode(member.id, mode, { stateToken, ttlSeconds }, manager);
        ctx.mode = next.mode;
        ctx.stateToken = next.stateToken;
        turn.expiresAt = next.expiresAt;
        turn.moves += 1;
      },
      missed: () => {
        turn.missed = true;
      },
      openQuestion: async () => (await this.turns.describe(ctx)).question,
    };
    return { ctx, turn };
  }

  private windowBucket(): number {
    return Math.floor(Date.now() / (this.settings.SMS_UNKNOWN_SENDER_REPLY_WINDOW_HOURS * 3600_000));
  }
}
