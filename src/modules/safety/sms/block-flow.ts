import { Inject, Injectable } from '@nestjs/common';
import type { InboundContext } from '../../conversation';
import { CompanionsService } from '../../linkups';
import { BlocksService } from '../blocks/blocks.service';
import { SafetySettings } from '../core/safety.settings';
import { FlowSupport } from './flow-support';
import type { SafetyFlow } from './flow-token';
import { parsePick } from './picker';
import { PICKER_SIZE } from './report-flow';
import { SafetyCopy } from './safety-copy';

type PickFlow = Extract<SafetyFlow, { kind: 'block' | 'unblock' }>;

// BLOCK: the REPORT picker (people not blocked yet), then one user_blocks row and a confirmation.
// UNBLOCK: the people the member blocked, then the row goes.
@Injectable()
export class BlockFlowHandler {
  constructor(
    private readonly companions: CompanionsService,
    private readonly blocks: BlocksService,
    private readonly flows: FlowSupport,
    private readonly copy: SafetyCopy,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async startBlock(ctx: InboundContext, current: SafetyFlow | null): Promise<void> {
    const saved = await this.flows.saved(ctx, current);
    const blocked = new Set(await this.blocks.listBlocked(ctx.userId, 10_000, ctx.manager));
    const recent = await this.companions.recentCompanions(ctx.userId, this.settings.SAFETY_REPORT_LOOKBACK_DAYS, 100, ctx.manager);
    const people = recent.filter((p) => !blocked.has(p.userId)).slice(0, PICKER_SIZE);
    if (people.length === 0) return this.flows.finish(ctx, this.copy.noOneToBlock(), saved);
    await this.flows.enter(ctx, { kind: 'block', step: 'pick', people: people.map((p) => ({ u: p.userId, l: p.linkupId })), saved });
    await ctx.reply(this.copy.blockPicker(people.map((p) => ({ name: p.firstName, label: p.linkupLabel }))));
  }

  async startUnblock(ctx: InboundContext, current: SafetyFlow | null): Promise<void> {
    const saved = await this.flows.saved(ctx, current);
    const people = (await this.blocks.listBlocked(ctx.userId, PICKER_SIZE, ctx.manager)).map((u) => ({ u, l: null }));
    if (people.length === 0) return this.flows.finish(ctx, this.copy.noBlocks(), saved);
    await this.flows.enter(ctx, { kind: 'unblock', step: 'pick', people, saved });
    await ctx.reply(this.copy.unblockPicker((await this.flows.names(people, ctx)).map((name) => ({ name }))));
  }

  async continue(ctx: InboundContext, flow: PickFlow): Promise<void> {
    const names = await this.flows.names(flow.people, ctx);
    const answer = parsePick(ctx.text, names);
    if (answer.kind === 'leave') return this.flows.finish(ctx, this.copy.left(), flow.saved);
    if (answer.kind !== 'pick') return ctx.reply(this.copy.pickAgain(flow.people.length));
    const { u } = flow.people[answer.index];
    const name = names[answer.index];
    if (flow.kind === 'unblock') {
      await this.blocks.unblock(ctx.userId, u, ctx.manager);
      return this.flows.finish(ctx, this.copy.unblocked(name), flow.saved);
    }
    const { created } = await this.blocks.block(ctx.userId, u, ctx.manager);
    const body = created ? this.copy.blocked(name, await this.companions.shareUpcoming(ctx.userId, u, ctx.manager)) : this.copy.alreadyBlocked(name);
    await this.flows.finish(ctx, body, flow.saved);
  }
}
