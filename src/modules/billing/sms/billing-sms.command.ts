import { Injectable } from '@nestjs/common';
import type { IdleCommand, InboundContext } from '../../conversation';
import { BillingService } from '../account/billing.service';
import { billingCopy } from './billing-copy';
import { BillingLinks } from './billing-links';

const WORDS = new Set(['billing', 'subscribe', 'membership']);

// BILLING / SUBSCRIBE / MEMBERSHIP, in every mode (a read-only command, see billing.module.ts): the member's billing state in plain words and, when the page
// has something to do (stripe mode), a fresh magic link to it. The link is issued in the
// message's handling transaction with the reply, so a handling that rolls back leaves neither.
@Injectable()
export class BillingSmsCommand implements IdleCommand {
  constructor(
    private readonly billing: BillingService,
    private readonly links: BillingLinks,
  ) {}

  async tryHandle(ctx: InboundContext): Promise<boolean> {
    if (!WORDS.has(ctx.text.trim().toLowerCase().replace(/[.!?]+$/, ''))) return false;
    const state = await this.billing.getBillingState(ctx.userId, ctx.manager);
    const link = state.action ? await this.links.issue(ctx.userId, ctx.manager) : undefined;
    await ctx.reply(billingCopy.billingReply(state, link));
    return true;
  }
}
