import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { FieldProblem } from '../../../common/errors';

// Parses and validates a registration (JSON or an HTML form post) with one code per bad field.
// Hand-written rather than a class-validator DTO: the codes are part of the API.

export interface RegistrationInput {
  phoneE164: string;
  firstName: string;
  lastName: string;
  birthday: string; // YYYY-MM-DD
  email: string | null;
  postalCode: string;
  consents: { sms: true; age: true; terms: true; privacy: true };
}

export interface VerificationInput {
  verificationId: string;
  code: string;
}

export interface ParseOptions {
  // Country assumed for numbers written without +country code; also the postal code format.
  defaultCountry: string;
  minAgeYears: number;
  today: Date;
  // Form posts carry strings, and an unticked checkbox is simply absent.
  source: 'json' | 'form';
  // ISO codes of the countries whose numbers may register (REGISTRATION_COUNTRIES); all when absent.
  countries?: readonly string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export const REGISTRATION_FIELDS = [
  'phone', 'firstName', 'lastName', 'birthday', 'email', 'zip',
  'smsConsent', 'ageConsent', 'termsConsent', 'privacyConsent',
] as const;
export const VERIFICATION_FIELDS = ['verificationId', 'code'] as const;

const CONSENT_FIELDS = ['smsConsent', 'ageConsent', 'termsConsent', 'privacyConsent'] as const;

const MAX_PHONE_LENGTH = 32;
const MAX_NAME_LENGTH = 50;
const MAX_EMAIL_LENGTH = 254;
const MAX_AGE_YEARS = 120;
const NAME_RE = /^[\p{L}\p{M}][\p{L}\p{M}'’ .-]*$/u;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_ZIP_RE = /^(\d{5})(?:-\d{4})?$/;
const POSTAL_RE = /^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$/;
const CODE_RE = /^\d{6}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Types that cannot take part in an SMS conversation.
const NON_SMS_TYPES = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'PAGER', 'VOICEMAIL']);
const FORM_TRUE = new Set(['on', 'true', '1', 'yes']);

class Collector {
  readonly problems: FieldProblem[] = [];
  add(field: string, code: string, message: string): undefined {
    this.problems.push({ field, code, message });
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function readBody(body: unknown, allowed: readonly string[], c: Collector): Record<string, unknown> | undefined {
  if (!isPlainObject(body)) return c.add('body', 'invalid_type', 'The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) c.add(key, 'unknown_field', `${key} is not a field of this request.`);
  }
  return body;
}

function requiredString(body: Record<string, unknown>, field: string, c: Collector): string | undefined {
  const value = body[field];
  if (absent(value)) return c.add(field, 'required', `${field} is required.`);
  if (typeof value !== 'string') return c.add(field, 'invalid_type', `${field} must be a string.`);
  return value.trim();
}

function parsePhone(raw: unknown, field: string, opts: Pick<ParseOptions, 'defaultCountry' | 'countries'>, c: Collector): string | undefined {
  if (absent(raw)) return c.add(field, 'required', 'A mobile number is required.');
  if (typeof raw !== 'string') return c.add(field, 'invalid_type', 'The phone number must be a string.');
  if (raw.length > MAX_PHONE_LENGTH) return c.add(field, 'too_long', `At most ${MAX_PHONE_LENGTH} characters.`);
  const phone = parsePhoneNumberFromString(raw.trim(), opts.defaultCountry as CountryCode);
  if (!phone || !phone.isValid() || phone.ext) return c.add(field, 'invalid_phone', 'This is not a valid phone number.');
  // Before anything is written or texted: SMS pumping sends codes to expensive destinations.
  // Non-geographic numbers (satellite +881/+882, +883) have no country and are never served.
  if (opts.countries && !(phone.country && opts.countries.includes(phone.country))) {
    return c.add(field, 'unsupported_country', 'JOSH is not available for numbers from this country yet.');
  }
  const type = phone.getType();
  if (type && NON_SMS_TYPES.has(type)) return c.add(field, 'unsupported_phone_type', 'Use a mobile number that can receive texts.');
  return phone.number;
}

function parseName(body: Record<string, unknown>, field: string, c: Collector): string | undefined {
  const raw = requiredString(body, field, c);
  if (raw === undefined) return undefined;
  const name = raw.replace(/\s+/g, ' ');
  if (name.length > MAX_NAME_LENGTH) return c.add(field, 'too_long', `At most ${MAX_NAME_LENGTH} characters.`);
  if (!NAME_RE.test(name)) return c.add(field, 'invalid_characters', 'Letters, spaces, hyphens and apostrophes only.');
  return name;
}

function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

function parseBirthday(body: Record<string, unknown>, opts: ParseOptions, c: Collector): string | undefined {
  const raw = requiredString(body, 'birthday', c);
  if (raw === undefined) return undefined;
  const match = DATE_RE.exec(raw);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = utcDate(y, m, d);
  if (!match || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return c.add('birthday', 'invalid_date', 'A date in the form YYYY-MM-DD.');
  }
  const today = utcDate(opts.today.getUTCFullYear(), opts.today.getUTCMonth() + 1, opts.today.getUTCDate());
  if (date > today) return c.add('birthday', 'invalid_date', 'The birthday is in the future.');
  // Date.UTC rolls Feb 29 over to Mar 1 in common years: the legal birthday then.
  if (utcDate(y + MAX_AGE_YEARS, m, d) <= today) return c.add('birthday', 'implausible_date', 'Please check the year.');
  if (utcDate(y + opts.minAgeYears, m, d) > today) {
    return c.add('birthday', 'under_age', `You must be at least ${opts.minAgeYears} to join.`);
  }
  return raw;
}

function parseEmail(body: Record<string, unknown>, c: Collector): string | null | undefined {
  const value = body.email;
  if (absent(value)) return null;
  if (typeof value !== 'string') return c.add('email', 'invalid_type', 'The email must be a string.');
  const email = value.trim();
  if (email.length > MAX_EMAIL_LENGTH) return c.add('email', 'too_long', `At most ${MAX_EMAIL_LENGTH} characters.`);
  if (!isEmail(email)) return c.add('email', 'invalid_email', 'This is not a valid email address.');
  return email;
}

// US: five-digit ZIP (ZIP+4 accepted, stored as five digits). Elsewhere: a generic postal code.
export function parsePostalCode(raw: string, country: string): string | null {
  const code = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (country === 'US') return US_ZIP_RE.exec(code)?.[1] ?? null;
  return POSTAL_RE.test(code) ? code : null;
}

function parseZip(body: Record<string, unknown>, country: string, c: Collector): string | undefined {
  const raw = requiredString(body, 'zip', c);
  if (raw === undefined) return undefined;
  return parsePostalCode(raw, country) ?? c.add('zip', 'invalid_postal_code', 'This is not a valid ZIP/postal code.');
}

// Records a problem unless the consent was given; all four must be.
function checkConsent(body: Record<string, unknown>, field: string, source: ParseOptions['source'], c: Collector): void {
  const value = body[field];
  if (source === 'form') {
    if (typeof value === 'string' && FORM_TRUE.has(value.toLowerCase())) return;
    if (value === undefined || typeof value === 'string') c.add(field, 'consent_required', 'This consent is required to join.');
    else c.add(field, 'invalid_type', 'A consent is a checkbox.');
    return;
  }
  if (value === undefined || value === null) c.add(field, 'required', `${field} is required.`);
  else if (typeof value !== 'boolean') c.add(field, 'invalid_type', `${field} must be true or false.`);
  else if (!value) c.add(field, 'consent_required', 'This consent is required to join.');
}

export function parseRegistration(body: unknown, opts: ParseOptions): Parsed<RegistrationInput> {
  const c = new Collector();
  const b = readBody(body, REGISTRATION_FIELDS, c);
  if (!b) return { ok: false, problems: c.problems };
  const phoneE164 = parsePhone(b.phone, 'phone', opts, c);
  const firstName = parseName(b, 'firstName', c);
  const lastName = parseName(b, 'lastName', c);
  const birthday = parseBirthday(b, opts, c);
  const email = parseEmail(b, c);
  const postalCode = parseZip(b, opts.defaultCountry, c);
  for (const field of CONSENT_FIELDS) checkConsent(b, field, opts.source, c);
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return {
    ok: true,
    value: {
      phoneE164: phoneE164!,
      firstName: firstName!,
      lastName: lastName!,
      birthday: birthday!,
      email: email ?? null,
      postalCode: postalCode!,
      consents: { sms: true, age: true, terms: true, privacy: true },
    },
  };
}

export function parseVerification(body: unknown): Parsed<VerificationInput> {
  const c = new Collector();
  // `phone` is what clients sent before verifications were bound to their requester: say so.
  const b = readBody(body, [...VERIFICATION_FIELDS, 'phone'], c);
  if (!b) return { ok: false, problems: c.problems };
  if (b.phone !== undefined) {
    c.add('phone', 'use_verification_id', 'Verify with the verificationId of the registration answer and the code, not the phone number.');
  }
  const id = b.verificationId;
  if (absent(id)) c.add('verificationId', 'required', 'The verificationId from the registration answer is required.');
  else if (typeof id !== 'string') c.add('verificationId', 'invalid_type', 'The verificationId must be a string.');
  else if (!UUID_RE.test(id.trim())) c.add('verificationId', 'invalid_verification_id', 'This is not a verificationId from a registration answer.');
  const raw = b.code;
  let code: string | undefined;
  if (absent(raw)) c.add('code', 'required', 'The 6-digit code is required.');
  else if (typeof raw !== 'string') c.add('code', 'invalid_type', 'The code must be a string.');
  else if (!CODE_RE.test(raw.replace(/[\s-]/g, ''))) c.add('code', 'invalid_code_format', 'The code is 6 digits.');
  else code = raw.replace(/[\s-]/g, '');
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, value: { verificationId: (id as string).trim().toLowerCase(), code: code! } };
}
