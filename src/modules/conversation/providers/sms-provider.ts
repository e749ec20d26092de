// The SMS provider behind the dispatcher: Twilio in production, the console in development.
export interface SmsSendRequest {
  to: string;
  from: string;
  body: string;
  statusCallbackUrl: string;
}

export interface SmsSendResult {
  sid: string;
  status: string;
}

export type SmsFailureKind = 'transient' | 'permanent';

// A send that did not go out. `code` is the provider's error code (e.g. Twilio 21610) or a network code.
export class SmsProviderError extends Error {
  constructor(
    readonly kind: SmsFailureKind,
    readonly code: string,
    message: string,
    // The carrier says the recipient unsubscribed: they are opted out on our side too.
    readonly recipientOptedOut = false,
  ) {
    super(message);
    this.name = 'SmsProviderError';
  }
}

export abstract class SmsProvider {
  abstract readonly name: 'twilio' | 'console';
  abstract readonly fromNumber: string;
  abstract send(request: SmsSendRequest): Promise<SmsSendResult>;
}
