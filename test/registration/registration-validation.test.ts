import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { registrationBody } from '../support/registration-helpers';

function yearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const long = (n: number) => 'a'.repeat(n);

// [case, body overrides (undefined deletes the field), expected field -> code]
const CASES: Array<[string, Record<string, unknown>, Record<string, string>]> = [
  ['phone missing', { phone: undefined }, { phone: 'required' }],
  ['phone too short', { phone: '12345' }, { phone: 'invalid_phone' }],
  ['phone not a number at all', { phone: 'call me maybe' }, { phone: 'invalid_phone' }],
  ['phone in a non-existent area', { phone: '+1 555 555 5555' }, { phone: 'invalid_phone' }],
  ['phone with an extension', { phone: '+1 415 555 0100 ext 5' }, { phone: 'invalid_phone' }],
  ['phone as a JSON number', { phone: 4155550100 }, { phone: 'invalid_type' }],
  ['phone absurdly long', { phone: `+1415555${'0'.repeat(40)}` }, { phone: 'too_long' }],
  ['toll-free phone', { phone: '+1 800 555 0100' }, { phone: 'unsupported_phone_type' }],
  ['a UK mobile (REGISTRATION_COUNTRIES is US)', { phone: '+44 7911 123456' }, { phone: 'unsupported_country' }],
  ['a Nigerian mobile', { phone: '+234 803 123 4567' }, { phone: 'unsupported_country' }],
  ['first name missing', { firstName: undefined }, { firstName: 'required' }],
  ['first name blank', { firstName: '   ' }, { firstName: 'required' }],
  ['first name too long', { firstName: long(51) }, { firstName: 'too_long' }],
  ['first name with digits and markup', { firstName: '<R2D2>' }, { firstName: 'invalid_characters' }],
  ['last name as an object', { lastName: { en: 'Lovelace' } }, { lastName: 'invalid_type' }],
  ['birthday missing', { birthday: undefined }, { birthday: 'required' }],
  ['birthday in US format', { birthday: '12/10/1990' }, { birthday: 'invalid_date' }],
  ['birthday that does not exist', { birthday: '1990-02-30' }, { birthday: 'invalid_date' }],
  ['birthday in the future', { birthday: yearsAgo(-1) }, { birthday: 'invalid_date' }],
  ['17 years old (18 tomorrow)', { birthday: yearsAgo(18, 1) }, { birthday: 'under_age' }],
  ['born 130 years ago', { birthday: yearsAgo(130) }, { birthday: 'implausible_date' }],
  ['email malformed', { email: 'ada@@example' }, { email: 'invalid_email' }],
  ['email too long', { email: `${long(250)}@example.com` }, { email: 'too_long' }],
  ['ZIP missing', { zip: undefined }, { zip: 'required' }],
  ['ZIP too short', { zip: '9411' }, { zip: 'invalid_postal_code' }],
  ['ZIP with letters (US)', { zip: 'ABCDE' }, { zip: 'invalid_postal_code' }],
  ['SMS consent false', { smsConsent: false }, { smsConsent: 'consent_required' }],
  ['age consent false', { ageConsent: false }, { ageConsent: 'consent_required' }],
  ['terms consent missing', { termsConsent: undefined }, { termsConsent: 'required' }],
  ['privacy consent as a string', { privacyConsent: 'true' }, { privacyConsent: 'invalid_type' }],
  ['unknown field', { isAdmin: true }, { isAdmin: 'unknown_field' }],
  [
    'several problems at once',
    { phone: 'x', birthday: yearsAgo(10), smsConsent: false, role: 'admin' },
    { role: 'unknown_field', phone: 'invalid_phone', birthday: 'under_age', smsConsent: 'consent_required' },
  ],
];

describe('registration input validation', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function nothingWritten(): Promise<void> {
    const [row] = await db.query(`select
      (select count(*) from users)::int as users,
      (select count(*) from otp_sessions)::int as otp,
      (select count(*) from sms_outbound_jobs)::int as jobs,
      (select count(*) from user_postal_codes)::int as postal`);
    expect(row).toEqual({ users: 0, otp: 0, jobs: 0, postal: 0 });
  }

  it.each(CASES)('%s -> 422 with the field code, nothing written', async (_name, overrides, expected) => {
    const body = registrationBody();
    for (const [k, v] of Object.entries(overrides)) {
      if (v === undefined) delete body[k];
      else body[k] = v;
    }
    const res = await request(t.app.getHttpServer()).post('/v1/registrations').send(body).expect(422);
    expect(res.body).toMatchObject({ code: 'validation_failed', message: expect.any(String), correlationId: expect.any(String) });
    const got = Object.fromEntries((res.body.fields as Array<{ field: string; code: string }>).map((f) => [f.field, f.code]));
    expect(got).toEqual(expected);
    for (const f of res.body.fields) expect(f.message).toEqual(expect.any(String));
    await nothingWritten();
  });

  it('a body that is not an object -> 422 on the body', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/v1/registrations')
      .set('content-type', 'application/json')
      .send('[1,2]')
      .expect(422);
    expect(res.body.fields).toEqual([{ field: 'body', code: 'invalid_type', message: expect.any(String) }]);
    await nothingWritten();
  });

  it('broken JSON -> 400 bad_request, nothing written', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/v1/registrations')
      .set('content-type', 'application/json')
      .send('{"phone": ')
      .expect(400);
    expect(res.body.code).toBe('bad_request');
    await nothingWritten();
  });

  it('verification input is validated the same way', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/v1/registrations/verify')
      .send({ verificationId: 'nope', code: '12ab56', remember: true })
      .expect(422);
    expect(res.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`)).toEqual([
      'remember:unknown_field',
      'verificationId:invalid_verification_id',
      'code:invalid_code_format',
    ]);
  });

  it('form posts get the form back with the errors, and nothing is written', async () => {
    const form = { ...registrationBody({ zip: '1' }), smsConsent: 'on', ageConsent: 'on', termsConsent: 'on' };
    delete (form as Record<string, unknown>).privacyConsent;
    const res = await request(t.app.getHttpServer()).post('/v1/registrations').type('form').send(form).expect(422);
    expect(res.text).toContain('id="zip-err"');
    expect(res.text).toContain('id="privacyConsent-err"');
    expect(res.text).toContain('value="Ada"');
    await nothingWritten();
  });
});
