import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseYesNo } from '../../../common/text';
import type { ConversationCommand, FlowView, InboundContext } from '../conversation.contracts';
import { ConversationSettings } from '../conversation.settings';
import { MessageEventsRepository } from '../events/message-events.repository';
import { CarrierReplies } from './carrier-replies';
import { BuiltInCommands } from './built-in-commands';
import { decodeSwitch, encodeSwitch, secondsLeft, SWITCH_MODE, type SavedFlow, type SwitchState } from './flow-switch';
import { RouterRegistry } from './router-registry';
import { SmsCopy } from './sms-copy';
import type { Route, Turn } from './turn';

// The part of routing that happens once a text reached the member's session (conversation README,
// "Commands in every mode"): the router's "leave this flow?" question, gates, commands, requests that
// leave an optional question, the mode's handler or idle's, and misses.
@Injectable()
export class TurnDispatcher {
  private readonly log = new Logger(TurnDispatcher.name);
  private readonly builtIns: BuiltInCommands;

  constructor(
    private readonly registry: RouterRegistry,
    private readonly copy: SmsCopy,
    private readonly carrier: CarrierReplies,
    private readonly events: MessageEventsRepository,
    @Inject(ConversationSettings) private readonly settings: ConversationSettings,
  ) {
    this.builtIns = new BuiltInCommands(registry, copy, (ctx) => this.describe(ctx));
    for (const command of this.builtIns.commands()) registry.addCommand(command);
  }

  // Where the member is: their flow's own view, else the mode's generic line.
  async describe(ctx: InboundContext): Promise<FlowView> {
    const pending = decodeSwitch(ctx.mode, ctx.stateToken);
    if (pending) return this.switchView(ctx, pending);
    if (ctx.mode === 'idle' || ctx.mode === 'safety_hold') return { where: this.copy.modeWhere(ctx.mode), question: null };
    const handler = this.registry.handlerFor(ctx.mode, ctx.stateToken);
    return (await handler?.describe?.(ctx)) ?? { where: this.copy.modeWhere(ctx.mode), question: null };
  }

  // HELP or INFO, the carrier keyword: answered in every mode (carriers require it), before any gate.
  async carrierHelp(ctx: InboundContext, turn: Turn): Promise<Route> {
    const view = await this.describe(ctx);
    if (this.settings.SMS_KEYWORD_MODE === 'app') turn.replies.push({ body: this.copy.helpWithCarrier(view.where, this.carrier.help()), purpose: 'carrier_reply' });
    else turn.replies.push({ body: this.copy.helpLine(view.where), purpose: 'reply' });
    this.repeatQuestion(turn, view);
    return 'help';
  }

  // The router's "leave this flow?" question, answered (before keyword interceptors: a DROP meant
  // for the flow set aside must find it back). Null when the text goes on through the usual routing.
  async answerSwitch(ctx: InboundContext, turn: Turn): Promise<Route | null> {
    const pending = decodeSwitch(ctx.mode, ctx.stateToken);
    if (!pending) return null;
    const answer = parseYesNo(ctx.text);
    if (answer === 'yes') {
      await ctx.setMode('idle', 'idle', null);
      const command = this.registry.commandNamed(pending.command);
      // The command runs as if just texted (its canonical word: the token never holds message text).
      ctx.text = pending.command.toLowerCase();
      if (command) await command.run(ctx);
      else await ctx.reply(this.copy.modeWhere('idle')); // a command no longer registered (a deploy in between)
      return 'switch:yes';
    }
    const back = await this.giveBack(ctx, pending.saved, turn);
    if (answer !== 'no') return null;
    const question = back ? (await this.describe(ctx)).question : null;
    await ctx.reply([this.copy.switchKept(), question].filter(Boolean).join('\n'));
    return 'switch:no';
  }

  async dispatch(ctx: InboundContext, turn: Turn): Promise<Route> {
    if (ctx.mode === 'safety_hold') return this.toHandler(ctx, turn);
    for (const [i, gate] of this.registry.gates.entries()) {
      if (await gate.tryHandle(ctx)) return `gate:${i}`;
    }
    // Where the member is costs reads in some flows: asked only when a command or a request needs it.
    let described: Promise<FlowView> | undefined;
    const view = () => (described ??= this.describe(ctx));
    const command = this.registry.matchCommand(ctx.text);
    if (command && !(await view()).ownCommands?.includes(command.name)) return this.runCommand(command, ctx, turn, await view());
    const request = command ? undefined : this.registry.requestFor(ctx.text);
    if (request && (await view()).optional && !(await view()).unsaved) {
      await this.runCommand(request, ctx, turn, await view());
      return `request:${request.name}`;
    }
    // Commands that find out by running are read-only (RouterRegistry): the member is where they were.
    for (const tried of this.registry.tryByRunning()) {
      const moves = turn.moves;
      if ((await tried.run(ctx)) === false) continue;
      if (turn.moves === moves) this.repeatQuestion(turn, await view());
      return `command:${tried.name}`;
    }
    return this.toHandler(ctx, turn);
  }

  // After the handling: the second miss in a row gets MENU (the count lives on the message events).
  async countMisses(ctx: InboundContext, turn: Turn): Promise<void> {
    if (!turn.missed) return;
    const streak = (turn.details.miss as number | undefined) ?? (await this.nextMiss(ctx, turn));
    turn.details.miss = streak;
    if (streak >= 2 && !turn.menuSent) {
      turn.replies.push({ body: this.builtIns.menuText(ctx.mode !== 'idle'), purpose: 'reply', suffix: 'menu' });
      turn.menuSent = true;
    }
  }

  private async runCommand(command: ConversationCommand, ctx: InboundContext, turn: Turn, view: FlowView): Promise<Route> {
    if (command.effect === 'starts_flow' && view.unsaved) return this.askSwitch(command, ctx, turn, view.unsaved);
    const moves = turn.moves;
    const from = ctx.mode;
    if ((await command.run(ctx)) === false) return this.toHandler(ctx, turn);
    if (command.effect === 'nested_flow') return `command:${command.name}`;
    if (turn.moves === moves) this.repeatQuestion(turn, view);
    else if (ctx.mode !== from && view.leaveNote) turn.notes.push(view.leaveNote);
    return `command:${command.name}`;
  }

  private async askSwitch(command: ConversationCommand, ctx: InboundContext, turn: Turn, unsaved: string): Promise<Route> {
    const saved: SavedFlow = { mode: ctx.mode, token: ctx.stateToken, expiresAt: turn.expiresAt ? new Date(turn.expiresAt).toISOString() : null };
    const left = secondsLeft(saved);
    await ctx.setMode(SWITCH_MODE, encodeSwitch({ command: command.name, saved }), left ?? undefined);
    await ctx.reply(this.copy.switchAsk(unsaved, this.labelOf(command)));
    return `switch_asked:${command.name}`;
  }

  // Puts the member back in the flow set aside, with the time it had left; false when it timed out.
  private async giveBack(ctx: InboundContext, saved: SavedFlow, turn: Turn): Promise<boolean> {
    const left = secondsLeft(saved);
    if (left !== null && left <= 0) {
      await ctx.setMode('idle', 'idle', null);
      turn.notes.push(this.copy.timedOut());
      return false;
    }
    await ctx.setMode(saved.mode, saved.token, left);
    return true;
  }

  private async switchView(ctx: InboundContext, pending: SwitchState): Promise<FlowView> {
    const before = await this.describe({ ...ctx, mode: pending.saved.mode, stateToken: pending.saved.token });
    const unsaved = before.unsaved ?? 'what we were doing';
    const label = this.labelOf(this.registry.commandNamed(pending.command));
    return { where: this.copy.switchWhere(unsaved, label), question: this.copy.switchAsk(unsaved, label), unsaved: before.unsaved };
  }

  private labelOf(command: ConversationCommand | undefined): string {
    return command?.label ?? `go to ${command?.name ?? 'something else'}`;
  }

  private repeatQuestion(turn: Turn, view: FlowView): void {
    if (view.question) turn.replies.push({ body: view.question, purpose: 'reply', suffix: 'question' });
  }

  private async toHandler(ctx: InboundContext, turn: Turn): Promise<Route> {
    const handler = this.registry.handlerFor(ctx.mode, ctx.stateToken);
    if (handler) {
      const mode = ctx.mode;
      await handler.handle(ctx);
      return `mode:${mode}`;
    }
    if (ctx.mode !== 'idle') this.log.warn({ msg: 'no handler registered for mode; treating as idle', mode: ctx.mode });
    for (const [i, command] of this.registry.idleCommands.entries()) {
      if (await command.tryHandle(ctx)) return `idle_command:${i}`;
    }
    // Nothing we know: a gentle explanation, or MENU when the last text was a miss too.
    turn.missed = true;
    turn.details.miss = await this.nextMiss(ctx, turn);
    if (turn.details.miss === 2) {
      turn.menuSent = true;
      await ctx.reply(this.builtIns.menuText(false));
    } else {
      await ctx.reply(this.copy.idleHelp(ctx.firstName));
    }
    return 'idle_default';
  }

  // The third miss starts counting again: MENU comes every second one, never twice in a row.
  // The streak so far comes with the session when the batch read it there (one statement for the
  // batch), else from the member's last routed event.
  private async nextMiss(ctx: InboundContext, turn: Turn): Promise<number> {
    const last = turn.lastMissStreak ?? (await this.events.lastMissStreak(ctx.userId, ctx.manager));
    return last === 1 ? 2 : 1;
  }
}
