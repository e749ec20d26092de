import { Injectable } from '@nestjs/common';
import type { PageRequest } from '../../../common/pagination';
import { StripeEventsService } from '../../billing';
import { AdminAuditService } from '../audit/admin-audit.service';
import type { AdminPrincipal } from '../auth/admin-roles';
import type { StripeReplayResultDto } from './stripe-events.dto';

// Stripe events through billing's StripeEventsService. A replay processes the event inside the
// audited transaction; when processing fails, billing records processing_error on its own and
// neither the processing nor the audit row commits.
@Injectable()
export class AdminStripeEventsService {
  constructor(
    private readonly events: StripeEventsService,
    private readonly audit: AdminAuditService,
  ) {}

  list(failedOnly: boolean, page: PageRequest) {
    return this.events.list(failedOnly, page);
  }

  async replay(admin: AdminPrincipal, stripeEventId: string, reason: string): Promise<StripeReplayResultDto> {
    const summary = await this.events.find(stripeEventId);
    const outcome = await this.audit.audited(
      admin,
      { action: 'stripe_event.replayed', targetType: 'stripe_event', targetId: summary?.id ?? null, reason },
      (m) => this.events.replay(stripeEventId, m),
      (o) => ({ stripeEventId, eventType: summary?.eventType ?? null, outcome: o }),
    );
    return { stripeEventId, outcome };
  }
}
