import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiParam } from '@nestjs/swagger';
import { ValidationFailedError } from '../../../common/errors';
import { AdminController, AdminRoute, CurrentAdmin } from '../auth/admin-route.decorator';
import type { AdminPrincipal } from '../auth/admin-roles';
import { pageRequest, ReasonDto } from '../common/common.dto';
import { AdminStripeEventsService } from './admin-stripe-events.service';
import { StripeEventPageDto, StripeEventsQueryDto, StripeReplayResultDto } from './stripe-events.dto';

const STRIPE_EVENT_ID = /^evt_[A-Za-z0-9_]{1,250}$/;

@AdminController('stripe-events')
export class AdminStripeEventsController {
  constructor(private readonly events: AdminStripeEventsService) {}

  @Get()
  @AdminRoute('engineering', { summary: 'Stripe events received, newest first' })
  @ApiOkResponse({ type: StripeEventPageDto })
  list(@Query() q: StripeEventsQueryDto): Promise<StripeEventPageDto> {
    return this.events.list(q.failed === true, pageRequest(q));
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiParam({ name: 'id', description: "Stripe's event id", example: 'evt_1PXyz' })
  @AdminRoute('engineering', { summary: 'Process a stored Stripe event again', audited: true, description: 'Once: a processed event is left alone (already_processed). 500 stripe_event_failed when processing fails again (processing_error kept, nothing audited).' })
  @ApiOkResponse({ type: StripeReplayResultDto })
  replay(@CurrentAdmin() admin: AdminPrincipal, @Param('id') id: string, @Body() body: ReasonDto): Promise<StripeReplayResultDto> {
    if (!STRIPE_EVENT_ID.test(id)) throw new ValidationFailedError([{ field: 'id', code: 'invalid_stripe_event_id', message: 'A Stripe event id (evt_...).' }]);
    return this.events.replay(admin, id, body.reason);
  }
}
