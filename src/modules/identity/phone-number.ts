import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

// A phone number as people write it ("(415) 555-0134", "415.555.0134", "+1 415 555 0134",
// "1-415-555-0134") in E.164, read as registration reads it: libphonenumber with the
// deployment's default country (DEFAULT_PHONE_REGION) for numbers without a country code. Null
// when it is not a valid number. A '+' that arrived in a URL query unencoded reads as a space, so a
// leading space before digits counts as '+'.
export function normalisePhoneNumber(raw: string, defaultCountry: string): string | null {
  if (typeof raw !== 'string' || raw.length > 40) return null;
  const text = /^ \d/.test(raw) ? `+${raw.slice(1)}` : raw.trim();
  const phone = parsePhoneNumberFromString(text, defaultCountry as CountryCode);
  return phone && phone.isValid() && !phone.ext ? phone.number : null;
}
