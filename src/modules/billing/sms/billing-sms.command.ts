import { Injectable } from '@nestjs/common';
import type { IdleCommand, InboundContext } from '../../conversation';
import { BillingService } from '../account/billing.service';

const WORDS = new Set(['billing', 'subscribe', 'membership']);

// BILLING / SUBSCRIBE in idle mode: the member's billing state in plain words. The billing page's
// magic link is added here once member pages exist (issue 9): pass it to the reply.
@Injectable()
export class BillingSmsCommand implements IdleCommand {
  constructor(private readonly billing: BillingService) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (!WORDS.has(ctx.text.trim().toLowerCase().replace(/[.!?]+$/, ''))) return false;
    const state = await this.billing.getBillingState(ctx.userId, ctx.manager);
    await ctx.reply(`JOSH: ${state.summary}`);
    return true;
  }
}
