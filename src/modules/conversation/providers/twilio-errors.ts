import { SmsProviderError } from './sms-provider';

// Twilio error codes that no retry can fix: the message is failed at once.
// https://www.twilio.com/docs/api/errors
const PERMANENT_CODES = new Set([
  21211, // invalid 'To' number
  21212, // invalid 'From' number
  21408, // region not enabled
  21409, // region not enabled for this number
  21602, // body required
  21604, // 'To' required
  21606, // 'From' cannot send SMS
  21610, // recipient unsubscribed (replied STOP)
  21612, // cannot route to this number
  21614, // not a mobile number
  21617, // body too long
  21635, // not a valid mobile number
  30003, // unreachable handset
  30004, // message blocked
  30005, // unknown destination
  30006, // landline or unreachable carrier
  30007, // filtered as spam
]);
// Authentication and account problems are fixed by an operator, not by dropping messages: retried.
const OPERATOR_FIXABLE = new Set([20003, 20005, 20429, 30001, 30002]);

export const TWILIO_UNSUBSCRIBED = 21610;

// Classifies an error thrown by the twilio SDK (RestException or a network error).
export function classifyTwilioError(err: unknown): SmsProviderError {
  const e = err as { status?: number; code?: number | string; message?: string };
  const message = e?.message ?? String(err);
  if (typeof e?.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    const codeText = code !== undefined ? String(code) : `http_${e.status}`;
    if (code === TWILIO_UNSUBSCRIBED) return new SmsProviderError('permanent', codeText, message, true);
    if (code !== undefined && PERMANENT_CODES.has(code)) return new SmsProviderError('permanent', codeText, message);
    if (code !== undefined && OPERATOR_FIXABLE.has(code)) return new SmsProviderError('transient', codeText, message);
    if (e.status === 429 || e.status >= 500 || e.status === 401 || e.status === 403) {
      return new SmsProviderError('transient', codeText, message);
    }
    return new SmsProviderError('permanent', codeText, message);
  }
  // No HTTP answer at all: connection refused, reset, timeout. The next try may get through.
  const code = typeof e?.code === 'string' ? e.code : 'network_error';
  return new SmsProviderError('transient', code, message);
}
