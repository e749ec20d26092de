import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { maskPhone } from '../../../common/logging/mask';

// What an audit row may hold: phone numbers only masked, never names, emails, birthdays or message
// text. Keys that name such a field are masked or dropped whatever their value; every other string
// has the phone numbers inside it masked (free text such as a reason: "called from (415) 555-0134").

const PHONE_KEYS = /^(phone|phoneE164|phone_e164|e164|to|from|number|toE164|fromE164)$/i;
const PERSONAL_KEYS = /^(first_?name|last_?name|name|full_?name|email|birthday|body|text|message)$/i;
// E.164 written out (+ and 8-15 digits) is masked even where libphonenumber would not call it valid.
const E164_RE = /\+\d{8,15}\b/g;
const MAX_DEPTH = 8;

export const REDACTED = '[redacted]';

export function maskPhonesInText(text: string, defaultCountry = 'US'): string {
  let out = '';
  let at = 0;
  for (const found of findPhoneNumbersInText(text, defaultCountry as CountryCode)) {
    out += text.slice(at, found.startsAt) + maskPhone(found.number.number);
    at = found.endsAt;
  }
  out += text.slice(at);
  return out.replace(E164_RE, (m) => maskPhone(m));
}

export function redactPayload(value: unknown, defaultCountry = 'US', depth = 0): unknown {
  if (depth > MAX_DEPTH) return REDACTED;
  if (typeof value === 'string') return maskPhonesInText(value, defaultCountry);
  if (Array.isArray(value)) return value.map((v) => redactPayload(v, defaultCountry, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (PHONE_KEYS.test(key)) out[key] = typeof v === 'string' ? maskPhone(v) : REDACTED;
    else if (PERSONAL_KEYS.test(key)) out[key] = REDACTED;
    else out[key] = redactPayload(v, defaultCountry, depth + 1);
  }
  return out;
}
