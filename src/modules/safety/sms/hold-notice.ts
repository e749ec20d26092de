import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock';
import { OutboundSmsService, type InboundContext } from '../../conversation';
import { SafetySettings } from '../core/safety.settings';
import { SafetyCopy } from './safety-copy';

// The one reply a member on a hard hold gets, whatever they text: PRODUCT.md says "one a day" and
// the issue "every SMS gets the hold notice and nothing else". Both hold: every text is answered
// with the notice and only the notice, and the notice goes out at most once per
// SAFETY_HOLD_NOTICE_INTERVAL_HOURS (its idempotency key is the rate limit), so a member texting
// in a loop cannot make us text back in a loop.
@Injectable()
export class HoldNotice {
  constructor(
    private readonly sms: OutboundSmsService,
    private readonly copy: SafetyCopy,
    private readonly clock: Clock,
    @Inject(SafetySettings) private readonly settings: SafetySettings,
  ) {}

  async send(ctx: InboundContext): Promise<void> {
    const bucket = Math.floor(this.clock.now().getTime() / (this.settings.SAFETY_HOLD_NOTICE_INTERVAL_HOURS * 3_600_000));
    await this.sms.enqueue({
      userId: ctx.userId,
      body: this.copy.holdNotice(),
      purpose: 'notice',
      idempotencyKey: `notice:safety_hold:${ctx.userId}:${bucket}`,
      correlationId: ctx.correlationId,
      manager: ctx.manager,
    });
  }
}
