import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationCommand, ConversationGate, FlowView, InboundContext, ModeHandler } from '../../conversation';
import { CompanionsService } from '../../linkups';
import { SafetySettings } from '../core/safety.settings';
import { HoldsService } from '../holds/holds.service';
import { BlockFlowHandler } from './block-flow';
import { DeleteFlowHandler } from './delete-flow';
import { FlowSupport } from './flow-support';
import { decodeFlow, type SafetyFlow } from './flow-token';
import { HoldNotice } from './hold-notice';
import { parseCommand, type Command } from './picker';
import { PICKER_SIZE, ReportFlowHandler } from './report-flow';
import { SafetyCopy } from './safety-copy';

// The token kinds of safety's flows (flow-token.ts), each handled by SafetyFlowHandler.
export const SAFETY_FLOW_KINDS = ['report', 'block', 'unblock', 'delete'] as const;

const MENU: Record<Command, { menu?: string; rank: number }> = {
  report: { menu: 'REPORT - tell us about someone', rank: 60 },
  block: { menu: 'BLOCK - never meet someone again', rank: 61 },
  unblock: { rank: 62 },
  delete: { menu: 'DELETE - delete your account', rank: 70 },
};

// The hold gate (a router gate, asked first in every mode but safety_hold): a hard hold whose member
// is not in safety_hold yet (their session was busy when it was applied, or they registered again)
// puts them there, and the text gets the hold notice. The one way through is DELETE confirming a
// DELETE asked from the hold (SafetyHoldHandler): a held member may still delete their account.
@Injectable()
export class SafetyHoldGate implements ConversationGate {
  constructor(
    private readonly holds: HoldsService,
    private readonly notice: HoldNotice,
  ) {}

  // Before an inbound batch is routed: its members' holds in one statement.
  prefetch(userIds: string[], manager: EntityManager): Promise<void> {
    return this.holds.prefetchHardHolds(userIds, manager);
  }

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (!(await this.holds.hardHoldInForce(ctx.userId, ctx.manager))) return false;
    if (decodeFlow(ctx.mode, ctx.stateToken)?.kind === 'delete' && parseCommand(ctx.text) === 'delete') return false;
    await ctx.setMode('safety_hold', 'safety_hold', null);
    await this.notice.send(ctx);
    return true;
  }
}

// REPORT, BLOCK, UNBLOCK and DELETE: router commands (nested flows) that work from anywhere (idle, a
// LinkUp draft, an open invite, the interview, another safety flow): each saves the flow the member
// was in and gives it back when it ends. DELETE inside the DELETE confirmation deletes.
@Injectable()
export class SafetyCommands {
  constructor(
    private readonly report: ReportFlowHandler,
    private readonly block: BlockFlowHandler,
    private readonly deletion: DeleteFlowHandler,
  ) {}

  all(): ConversationCommand[] {
    return (['report', 'block', 'unblock', 'delete'] as const).map((command) => ({
      name: command.toUpperCase(),
      effect: 'nested_flow',
      matches: (text: string) => parseCommand(text) === command,
      run: (ctx: InboundContext) => this.start(command, ctx),
      menu: MENU[command].menu,
      menuRank: MENU[command].rank,
    }));
  }

  private start(command: Command, ctx: InboundContext): Promise<void> {
    const flow = decodeFlow(ctx.mode, ctx.stateToken);
    if (command === 'report') return this.report.start(ctx, flow);
    if (command === 'block') return this.block.startBlock(ctx, flow);
    if (command === 'unblock') return this.block.startUnblock(ctx, flow);
    if (flow?.kind === 'delete') return this.deletion.confirm(ctx);
    return this.deletion.start(ctx, flow);
  }
}

// The next step of a safety flow (the state-token handler of its kinds in awaiting_invite_reply), and
// where the member is in it.
@Injectable()
export class SafetyFlowHandler implements ModeHandler {
  constructor(
    private readonly report: ReportFlowHandler,
    private readonly block: BlockFlowHandler,
    private readonly deletion: DeleteFlowHandler,
    private readonly companions: CompanionsService,
    private readonly flows: FlowSupport,
    private readonly copy: SafetyCopy,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async handle(ctx: InboundContext): Promise<void> {
    const flow = decodeFlow(ctx.mode, ctx.stateToken);
    if (!flow) return this.flows.finish(ctx, this.copy.left(), null); // a damaged token: nothing is pending
    if (flow.kind === 'delete') return this.deletion.keep(ctx, flow);
    if (flow.kind === 'report') return this.report.continue(ctx, flow);
    return this.block.continue(ctx, flow);
  }

  async describe(ctx: InboundContext): Promise<FlowView | null> {
    const flow = decodeFlow(ctx.mode, ctx.stateToken);
    if (!flow) return null;
    if (flow.kind === 'delete') return { where: this.copy.whereDelete(), question: this.copy.deleteAsk() };
    if (flow.step === 'describe') {
      const [name] = await this.flows.names([flow.person], ctx);
      return { where: this.copy.whereDescribe(), question: this.copy.askWhatHappened(name), unsaved: this.copy.unsavedReport() };
    }
    return { where: this.copy.wherePick(flow.kind), question: await this.picker(ctx, flow) };
  }

  // The list as it was sent: names, and the LinkUp each was met in.
  private async picker(ctx: InboundContext, flow: Extract<SafetyFlow, { step: 'pick' }>): Promise<string> {
    const names = await this.flows.names(flow.people, ctx);
    if (flow.kind === 'unblock') return this.copy.unblockPicker(names.map((name) => ({ name })));
    // A day more than the picker looked back: the flow may have started yesterday.
    const recent = await this.companions.recentCompanions(ctx.userId, this.settings.SAFETY_REPORT_LOOKBACK_DAYS + 1, 100, ctx.manager);
    const lines = flow.people.map((p, i) => ({ name: names[i], label: recent.find((c) => c.userId === p.u && c.linkupId === p.l)?.linkupLabel }));
    return flow.kind === 'report' ? this.copy.reportPicker(lines) : this.copy.blockPicker(lines.slice(0, PICKER_SIZE));
  }
}

// Mode `safety_hold`: the hold notice and nothing else while the hard hold is in force, but DELETE:
// deleting one's account is a right a hold does not take away (PRODUCT.md section 13); the hold
// stays with the number (`phone_hash`), so registering again lands back in it. A text that finds the
// hold ended (cleared while the session was busy) puts the member back in idle.
@Injectable()
export class SafetyHoldHandler implements ModeHandler {
  constructor(
    private readonly holds: HoldsService,
    private readonly notice: HoldNotice,
    private readonly deletion: DeleteFlowHandler,
    private readonly copy: SafetyCopy,
  ) {}

  async handle(ctx: InboundContext): Promise<void> {
    if (await this.holds.hardHoldInForce(ctx.userId, ctx.manager)) {
      return parseCommand(ctx.text) === 'delete' ? this.deletion.start(ctx, null) : this.notice.send(ctx);
    }
    await ctx.setMode('idle', 'idle', null);
    await ctx.reply(this.copy.accountActive());
  }
}
