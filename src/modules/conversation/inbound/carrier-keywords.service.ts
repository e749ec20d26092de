import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { currentCorrelationId } from '../../../common/context/request-context';
import { errorSummary } from '../../../common/logging/log-safe';
import { TransactionRunner } from '../../../database';
import { SmsConsentService } from '../../identity';
import { ConversationRouter } from '../router/conversation-router';

// Twilio's OptOutType webhook parameter: sent by a Messaging Service with Advanced Opt-Out when the
// text was one of its opt-out (STOP), opt-in (START) or help (HELP) keywords, including custom ones
// our own keyword list does not know (e.g. ARRET).
export type OptOutType = 'STOP' | 'START' | 'HELP';

export function parseOptOutType(value: string | undefined): OptOutType | null {
  const v = value?.trim().toUpperCase();
  return v === 'STOP' || v === 'START' || v === 'HELP' ? v : null;
}

// Mirrors what Twilio already did with a keyword (it answered the member itself): an OptOutType=STOP
// opts the number out (per phone hash; a member's invites are declined), START opts it back in. Runs
// in the webhook before the message is stored, so the handling that follows sees the new state and
// sends nothing of ours to a number that just opted out.
@Injectable()
export class CarrierKeywordsService {
  private readonly log = new Logger(CarrierKeywordsService.name);

  constructor(
    private readonly router: ConversationRouter,
    private readonly consent: SmsConsentService,
    private readonly tx: TransactionRunner,
  ) {}

  async mirror(from: string, type: OptOutType | null): Promise<void> {
    if (type !== 'STOP' && type !== 'START') return;
    const correlationId = currentCorrelationId() ?? randomUUID();
    try {
      if (type === 'STOP') await this.tx.run((m) => this.router.optOutNumber(from, 'opt_out_type', correlationId, m));
      else await this.consent.recordOptIn({ e164: from });
    } catch (err) {
      // The message is still stored and routed: the router knows Twilio's default words itself.
      this.log.error({ msg: 'could not mirror OptOutType; the keyword is left to the router', code: 'sms_opt_out_type_unmirrored', type, error: errorSummary(err) });
    }
  }
}
