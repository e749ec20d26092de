import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { StripeEventsService } from './stripe-events.service';

// Stripe's webhook. The app is created with rawBody: true, so the exact bytes Stripe signed are
// on the request beside the parsed JSON.
@ApiExcludeController()
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(private readonly events: StripeEventsService) {}

  @Post()
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>, @Headers('stripe-signature') signature?: string) {
    return { received: true, outcome: await this.events.receive(req.rawBody, signature) };
  }
}
