import type { CarrierAction } from './twilio-errors';

// The SMS provider behind the dispatcher: Twilio in production, the console in development.
export interface SmsSendRequest {
  to: string;
  body: string;
  statusCallbackUrl: string;
  // Seconds the provider may keep the message queued before dropping it (Twilio: 1-36,000).
  validityPeriodSeconds: number;
}

export interface SmsSendResult {
  sid: string;
  status: string;
  // The number the provider sent from (a Messaging Service picks one from its pool), when known.
  from?: string | null;
}

export type SmsFailureKind = 'transient' | 'permanent';

// A send that did not go out. `code` is the provider's error code (e.g. Twilio 21610) or a network code.
export class SmsProviderError extends Error {
  readonly kind: SmsFailureKind;

  constructor(
    // What the error means for the job, the number and the sender (twilio-errors.ts).
    readonly action: CarrierAction,
    readonly code: string,
    message: string,
    // The provider may have created the message anyway (a timeout, a 5xx): look before resending.
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'SmsProviderError';
    this.kind = action === 'retry' ? 'transient' : 'permanent';
  }

  // The carrier says the recipient unsubscribed: they are opted out on our side too.
  get recipientOptedOut(): boolean {
    return this.action === 'opt_out';
  }
}

export abstract class SmsProvider {
  abstract readonly name: 'twilio' | 'console';
  // The number recorded as the sender of outbound rows when the provider does not say.
  abstract readonly fromNumber: string;
  // What paces and pauses as one sender: the Messaging Service SID, else the from number.
  abstract readonly senderKey: string;
  abstract send(request: SmsSendRequest): Promise<SmsSendResult>;
  // A message to `to` with this body that the provider created since `since`, if any: after a send
  // whose outcome is unknown, so a retry does not text the member twice.
  abstract findSent(query: { to: string; body: string; since: Date }): Promise<SmsSendResult | null>;
}
