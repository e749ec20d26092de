import { parsePostalCode, parseRegistration, parseVerification, type ParseOptions } from './registration-input';

const OPTS: ParseOptions = { defaultCountry: 'US', minAgeYears: 18, today: new Date('2025-06-15T12:00:00Z'), source: 'json' };

const VALID = {
  phone: '(415) 555-0100',
  firstName: ' Ada ',
  lastName: "O'Brien-Lovelace",
  birthday: '1990-12-10',
  email: 'ada@example.com',
  zip: '94110-1234',
  smsConsent: true,
  ageConsent: true,
  termsConsent: true,
  privacyConsent: true,
};

function codes(body: unknown, opts: ParseOptions = OPTS): string[] {
  const r = parseRegistration(body, opts);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
}

describe('parseRegistration', () => {
  it('normalises a valid registration', () => {
    const r = parseRegistration(VALID, OPTS);
    expect(r).toEqual({
      ok: true,
      value: {
        phoneE164: '+14155550100',
        firstName: 'Ada',
        lastName: "O'Brien-Lovelace",
        birthday: '1990-12-10',
        email: 'ada@example.com',
        postalCode: '94110',
        consents: { sms: true, age: true, terms: true, privacy: true },
      },
    });
  });

  it('accepts numbers in any common format', () => {
    for (const phone of ['4155550100', '+1 415 555 0100', '415.555.0100', '1-415-555-0100', 'tel:+14155550100']) {
      const r = parseRegistration({ ...VALID, phone }, OPTS);
      expect(r.ok && r.value.phoneE164).toBe('+14155550100');
    }
    const uk = parseRegistration({ ...VALID, phone: '+44 7911 123456' }, OPTS);
    expect(uk.ok && uk.value.phoneE164).toBe('+447911123456');
  });

  it('uses the configured default country for national numbers', () => {
    const r = parseRegistration({ ...VALID, phone: '07911 123456', zip: 'SW1A 1AA' }, { ...OPTS, defaultCountry: 'GB' });
    expect(r.ok && r.value).toMatchObject({ phoneE164: '+447911123456', postalCode: 'SW1A 1AA' });
  });

  it('turns 18 exactly on the birthday, Feb 29 birthdays on Mar 1', () => {
    expect(codes({ ...VALID, birthday: '2007-06-15' })).toEqual([]);
    expect(codes({ ...VALID, birthday: '2007-06-16' })).toEqual(['birthday:under_age']);
    const leap = { ...OPTS, today: new Date('2026-02-28T23:00:00Z') };
    expect(codes({ ...VALID, birthday: '2008-02-29' }, leap)).toEqual(['birthday:under_age']);
    expect(codes({ ...VALID, birthday: '2008-02-29' }, { ...OPTS, today: new Date('2026-03-01T00:00:00Z') })).toEqual([]);
  });

  it('reports every bad field at once, one code each', () => {
    expect(codes({ ...VALID, phone: '123', firstName: '', birthday: 'yesterday', smsConsent: false, extra: 1 })).toEqual([
      'extra:unknown_field',
      'phone:invalid_phone',
      'firstName:required',
      'birthday:invalid_date',
      'smsConsent:consent_required',
    ]);
  });

  it('reads form posts: strings, and an unticked box is absent', () => {
    const form = { ...VALID, smsConsent: 'on', ageConsent: 'on', termsConsent: 'on', privacyConsent: undefined, email: '' };
    expect(codes(form, { ...OPTS, source: 'form' })).toEqual(['privacyConsent:consent_required']);
    const ok = parseRegistration({ ...form, privacyConsent: 'on' }, { ...OPTS, source: 'form' });
    expect(ok.ok && ok.value.email).toBeNull();
  });

  it('rejects a body that is not an object', () => {
    expect(codes([VALID])).toEqual(['body:invalid_type']);
    expect(codes('phone=1')).toEqual(['body:invalid_type']);
  });
});

describe('parsePostalCode', () => {
  it('reads US ZIPs as five digits and other codes generically', () => {
    expect(parsePostalCode(' 94110 ', 'US')).toBe('94110');
    expect(parsePostalCode('94110-0001', 'US')).toBe('94110');
    expect(parsePostalCode('9411', 'US')).toBeNull();
    expect(parsePostalCode('ABCDE', 'US')).toBeNull();
    expect(parsePostalCode('sw1a  1aa', 'GB')).toBe('SW1A 1AA');
    expect(parsePostalCode('<script>', 'GB')).toBeNull();
  });
});

describe('parseVerification', () => {
  const ID = '0b0e6a52-3d7f-4a59-9a51-2a3b1f0c9d11';
  const fields = (body: unknown) => {
    const r = parseVerification(body);
    return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
  };

  it('accepts a verificationId and a 6-digit code with spaces or a dash', () => {
    expect(parseVerification({ verificationId: ` ${ID.toUpperCase()} `, code: '123 456' })).toEqual({
      ok: true,
      value: { verificationId: ID, code: '123456' },
    });
  });

  it('gives per-field codes', () => {
    expect(fields({ verificationId: 5, code: '12345', x: 1 })).toEqual(['x:unknown_field', 'verificationId:invalid_type', 'code:invalid_code_format']);
    expect(fields({ verificationId: ID, code: 123456 })).toEqual(['code:invalid_type']);
    expect(fields({ verificationId: 'abc', code: '123456' })).toEqual(['verificationId:invalid_verification_id']);
  });

  it('tells a client that still sends the phone number what changed', () => {
    expect(fields({ phone: '+14155550100', code: '123456' })).toEqual(['phone:use_verification_id', 'verificationId:required']);
  });
});

describe('REGISTRATION_COUNTRIES', () => {
  const US = { ...OPTS, countries: ['US'] };

  it('refuses numbers of other countries, and non-geographic ones, with one code', () => {
    for (const phone of ['+44 7911 123456', '+234 803 123 4567', '+1 604 555 0123', '+882 16 5000 0000']) {
      expect({ phone, codes: codes({ ...VALID, phone }, US) }).toEqual({ phone, codes: expect.arrayContaining([expect.stringMatching(/^phone:(unsupported_country|invalid_phone)$/)]) });
    }
    expect(codes({ ...VALID, phone: '+44 7911 123456' }, US)).toEqual(['phone:unsupported_country']);
    expect(codes({ ...VALID, phone: '+1 604 555 0123' }, US)).toEqual(['phone:unsupported_country']);
  });

  it('lets the listed countries through', () => {
    expect(codes(VALID, US)).toEqual([]);
    expect(codes({ ...VALID, phone: '+1 604 555 0123' }, { ...US, countries: ['US', 'CA'] })).toEqual([]);
  });
});
