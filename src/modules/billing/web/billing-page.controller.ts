import { Body, Controller, Get, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { RateLimiter } from '../../../common/rate-limit';
import { AppConfig } from '../../../config';
import { MemberPage, PageMember, type PageSessionInfo } from '../../identity';
import { BillingService } from '../account/billing.service';
import { BillingError, BillingErrorCode } from '../billing.errors';
import { BillingPageErrorFilter } from './billing-page.filter';
import { BILLING_NOTICES, billingPageCsp, billingPageView } from './billing-page.view';

// Stripe sessions a member may start from the page (checkout and portal together), per window.
const STARTS_PER_WINDOW = 20;
const WINDOW_SECONDS = 600;

// /billing (the member's membership in plain words and one button), and the pages Stripe's
// Checkout returns to. Member pages: a live page session is required, every POST carries the
// session's CSRF token. Every POST redirects (303): to Stripe, or back to /billing with a notice.
@ApiExcludeController()
@Controller('billing')
// Listed above @MemberPage() so Nest asks it before the generic page filter.
@UseFilters(BillingPageErrorFilter)
@MemberPage()
export class BillingPageController {
  private readonly csp: string;

  constructor(
    private readonly billing: BillingService,
    private readonly limiter: RateLimiter,
    config: AppConfig,
  ) {
    this.csp = billingPageCsp(config.env.STRIPE_API_BASE);
  }

  @Get()
  async show(@Query('done') done: string | undefined, @PageMember() member: PageSessionInfo, @Res() res: Response): Promise<void> {
    const state = await this.billing.getBillingState(member.userId);
    res.set('Content-Security-Policy', this.csp);
    res.render('billing/web/views/billing', {
      page: billingPageView(state),
      notice: done ? BILLING_NOTICES[done] : undefined,
      csrf: member.csrfToken,
      // One value per page view: a double click posts it twice and gets one Checkout Session.
      idempotency: randomUUID(),
    });
  }

  @Post('checkout')
  async checkout(@Body() body: Record<string, unknown>, @PageMember() member: PageSessionInfo, @Res() res: Response): Promise<void> {
    if (!(await this.withinLimit(member.userId))) return res.redirect(303, '/billing?done=busy');
    const idempotency = typeof body?.idempotency === 'string' ? body.idempotency : '';
    const next = await this.orNotice(() => this.billing.startCheckout(member.userId, { idempotency }), {
      [BillingErrorCode.AlreadySubscribed]: 'already',
      [BillingErrorCode.InvalidRequest]: 'expired',
    });
    res.redirect(303, next);
  }

  @Post('portal')
  async portal(@PageMember() member: PageSessionInfo, @Res() res: Response): Promise<void> {
    if (!(await this.withinLimit(member.userId))) return res.redirect(303, '/billing?done=busy');
    const next = await this.orNotice(() => this.billing.startPortal(member.userId), { [BillingErrorCode.NoCustomer]: 'nothing_to_manage' });
    res.redirect(303, next);
  }

  // Stripe's Checkout returns here (`?session_id=`) once paid; the webhook may still be on its way.
  @Get('success')
  async success(@PageMember() member: PageSessionInfo, @Res() res: Response): Promise<void> {
    const state = await this.billing.getBillingState(member.userId);
    res.render('billing/web/views/success', { page: billingPageView(state), started: state.status === 'trial' || state.status === 'active' });
  }

  // Stripe's Checkout returns here when the member leaves it without paying.
  @Get('cancel')
  async cancel(@PageMember() member: PageSessionInfo, @Res() res: Response): Promise<void> {
    res.render('billing/web/views/cancel', { page: billingPageView(await this.billing.getBillingState(member.userId)) });
  }

  // Where to send the member: the Stripe page, or /billing with the notice of a refusal.
  private async orNotice(start: () => Promise<{ url: string }>, notices: Partial<Record<BillingErrorCode, string>>): Promise<string> {
    try {
      return (await start()).url;
    } catch (err) {
      if (!(err instanceof BillingError)) throw err;
      // Free mode: the page says there is nothing to pay.
      if (err.code === BillingErrorCode.Disabled) return '/billing';
      const notice = notices[err.code as BillingErrorCode];
      if (!notice) throw err;
      return `/billing?done=${notice}`;
    }
  }

  private async withinLimit(userId: string): Promise<boolean> {
    return (await this.limiter.consume(`billing_page:${userId}`, STARTS_PER_WINDOW, WINDOW_SECONDS)).allowed;
  }
}
