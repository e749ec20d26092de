import { Injectable } from '@nestjs/common';
import type { GlobalCommand, InboundContext, ModeHandler } from '../../conversation';
import { HoldsService } from '../holds/holds.service';
import { BlockFlowHandler } from './block-flow';
import { DeleteFlowHandler } from './delete-flow';
import { decodeFlow, type SafetyFlow } from './flow-token';
import { HoldNotice } from './hold-notice';
import { parseCommand, type Command } from './picker';
import { ReportFlowHandler } from './report-flow';
import { SafetyCopy } from './safety-copy';

// Safety's SMS entry (a router global command, asked before the mode's handler in every mode but
// safety_hold): the hold gate first, then REPORT, BLOCK, UNBLOCK and DELETE from anywhere (idle, a
// LinkUp draft, an open invite, the interview), then the next step of a safety flow in progress.
@Injectable()
export class SafetySmsCommands implements GlobalCommand {
  constructor(
    private readonly holds: HoldsService,
    private readonly notice: HoldNotice,
    private readonly report: ReportFlowHandler,
    private readonly block: BlockFlowHandler,
    private readonly deletion: DeleteFlowHandler,
  ) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    // A hard hold whose member is not in safety_hold yet (their session was busy when it was
    // applied, or they registered again): from now on they are.
    if (await this.holds.hardHoldInForce(ctx.userId, ctx.manager)) {
      await ctx.setMode('safety_hold', 'safety_hold', null);
      await this.notice.send(ctx);
      return true;
    }
    const flow = decodeFlow(ctx.mode, ctx.stateToken);
    const command = parseCommand(ctx.text);
    if (flow?.kind === 'delete') {
      if (command === 'delete') await this.deletion.confirm(ctx);
      else if (command) await this.start(command, ctx, flow);
      else await this.deletion.keep(ctx, flow);
      return true;
    }
    if (command) {
      await this.start(command, ctx, flow);
      return true;
    }
    if (!flow) return false;
    if (flow.kind === 'report') await this.report.continue(ctx, flow);
    else await this.block.continue(ctx, flow);
    return true;
  }

  private start(command: Command, ctx: InboundContext, flow: SafetyFlow | null): Promise<void> {
    if (command === 'report') return this.report.start(ctx, flow);
    if (command === 'block') return this.block.startBlock(ctx, flow);
    if (command === 'unblock') return this.block.startUnblock(ctx, flow);
    return this.deletion.start(ctx, flow);
  }
}

// Mode `safety_hold`: the hold notice and nothing else while the hard hold is in force. A text
// that finds the hold ended (cleared while the session was busy) puts the member back in idle.
@Injectable()
export class SafetyHoldHandler implements ModeHandler {
  constructor(
    private readonly holds: HoldsService,
    private readonly notice: HoldNotice,
    private readonly copy: SafetyCopy,
  ) {}

  async handle(ctx: InboundContext): Promise<void> {
    if (await this.holds.hardHoldInForce(ctx.userId, ctx.manager)) return this.notice.send(ctx);
    await ctx.setMode('idle', 'idle', null);
    await ctx.reply(this.copy.accountActive());
  }
}
