import { SmsProviderError } from './sms-provider';

// What a Twilio error (an API answer, or the ErrorCode of a status callback) means for us
// (https://www.twilio.com/docs/api/errors):
// - retry: the next try may get through. API: backoff and try again; callback: send again as a new
//   attempt while the message is still valid.
// - opt_out: the recipient replied STOP; opted out per phone hash, the job fails.
// - undeliverable: the number cannot receive SMS; marked so (no more sends, support sees it).
// - alarm: the sender itself is blocked; an operator alarm, and the sender is paused.
// - fail: this message cannot go; nothing else changes.
export type CarrierAction = 'retry' | 'opt_out' | 'undeliverable' | 'alarm' | 'fail';

const ACTIONS: ReadonlyMap<number, CarrierAction> = new Map<number, CarrierAction>([
  [20429, 'retry'], // too many requests
  [21611, 'retry'], // the sender's queue at Twilio is full
  [30001, 'retry'], // queue overflow
  [30003, 'retry'], // unreachable destination handset (off, out of coverage)
  [30008, 'retry'], // unknown error
  [20003, 'retry'], // authentication failed: an operator fixes the credentials, messages wait
  [20005, 'retry'], // account not active
  [21610, 'opt_out'], // the recipient replied STOP
  [21211, 'undeliverable'], // invalid 'To' number
  [21614, 'undeliverable'], // 'To' is not a mobile number
  [30005, 'undeliverable'], // unknown destination handset
  [30006, 'undeliverable'], // landline or unreachable carrier
  [30002, 'alarm'], // account suspended
  [30007, 'alarm'], // filtered by the carrier (spam)
  [30034, 'alarm'], // sent from an unregistered (A2P 10DLC) number
]);

export const TWILIO_UNSUBSCRIBED = 21610;

// The action for a Twilio error code (a callback's ErrorCode or an API answer's code).
export function carrierAction(code: string | number | undefined): CarrierAction | undefined {
  const n = typeof code === 'string' ? Number(code) : code;
  return n === undefined || Number.isNaN(n) ? undefined : ACTIONS.get(n);
}

// Classifies an error thrown by the twilio SDK (RestException or a network error).
export function classifyTwilioError(err: unknown): SmsProviderError {
  const e = err as { status?: number; code?: number | string; message?: string };
  const message = e?.message ?? String(err);
  if (typeof e?.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    const codeText = code !== undefined ? String(code) : `http_${e.status}`;
    // A 5xx may come after Twilio created the message: the next try looks before sending again.
    const ambiguous = e.status >= 500;
    const known = carrierAction(code);
    if (known) return new SmsProviderError(known, codeText, message, ambiguous);
    if (e.status === 429 || e.status >= 500 || e.status === 401 || e.status === 403) {
      return new SmsProviderError('retry', codeText, message, ambiguous);
    }
    return new SmsProviderError('fail', codeText, message);
  }
  // No HTTP answer at all: connection refused, reset, timeout. The request may have reached Twilio.
  const code = typeof e?.code === 'string' ? e.code : 'network_error';
  return new SmsProviderError('retry', code, message, code !== 'ECONNREFUSED');
}
