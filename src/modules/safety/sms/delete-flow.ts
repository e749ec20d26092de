import { Inject, Injectable } from '@nestjs/common';
import { OutboundSmsService, type InboundContext } from '../../conversation';
import { MemberDeletionService } from '../deletion/member-deletion.service';
import { SafetySettings } from '../core/safety.settings';
import { FlowSupport } from './flow-support';
import type { SafetyFlow } from './flow-token';
import { SafetyCopy } from './safety-copy';

// DELETE (PRODUCT.md section 13): the first asks to confirm and changes nothing; DELETE again within
// SAFETY_DELETE_CONFIRM_MINUTES deletes the account (MemberDeletionService) in the handling's
// transaction; anything else keeps it.
@Injectable()
export class DeleteFlowHandler {
  constructor(
    private readonly deletion: MemberDeletionService,
    private readonly sms: OutboundSmsService,
    private readonly flows: FlowSupport,
    private readonly copy: SafetyCopy,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async start(ctx: InboundContext, current: SafetyFlow | null): Promise<void> {
    const saved = await this.flows.saved(ctx, current);
    await this.flows.enter(ctx, { kind: 'delete', step: 'confirm', saved }, this.settings.SAFETY_DELETE_CONFIRM_MINUTES * 60);
    await ctx.reply(this.copy.deleteAsk());
  }

  async confirm(ctx: InboundContext): Promise<void> {
    await this.deletion.deleteMember(ctx.userId, { type: 'member', userId: ctx.userId }, ctx.manager, ctx.correlationId);
    // To the number, not the member: the member is gone (a reply to them would be dropped), and the
    // number now belongs to nobody.
    await this.sms.enqueue({
      to: ctx.phoneE164, body: this.copy.deleted(), purpose: 'reply', idempotencyKey: `reply:${ctx.messageSid}`,
      correlationId: ctx.correlationId, manager: ctx.manager,
    });
  }

  keep(ctx: InboundContext, flow: Extract<SafetyFlow, { kind: 'delete' }>): Promise<void> {
    return this.flows.finish(ctx, this.copy.deleteKept(), flow.saved);
  }
}
