import { maskPhonesInText, REDACTED, redactPayload } from './redact';

describe('audit redaction', () => {
  it('masks phone numbers written any common way inside free text, and leaves dates, ids and tickets alone', () => {
    expect(maskPhonesInText('Called from (415) 555-0134, then +1 415 555 0199.')).toBe('Called from +***34, then +***99.');
    expect(maskPhonesInText('texted 4155550134 twice')).toBe('texted +***34 twice');
    expect(maskPhonesInText('UK number +447700900123')).toBe('UK number +***23');
    const untouched = 'Ticket 123456789 on 2026-05-01T10:00:00.000Z for 9b2f0c3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    expect(maskPhonesInText(untouched)).toBe(untouched);
  });

  it('drops names, emails, birthdays and message text, masks phone fields, at any depth', () => {
    const payload = {
      userId: 'u-1',
      phone: '+14155550134',
      member: { firstName: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', birthday: '1990-05-01', to: '+14155550134' },
      messages: [{ body: 'meet me at 5', id: 'm-1' }],
      note: 'reach her at 415-555-0134',
      when: new Date('2026-01-02T03:04:05.000Z'),
      count: 3,
      ok: true,
      nothing: null,
    };
    expect(redactPayload(payload)).toEqual({
      userId: 'u-1',
      phone: '+***34',
      member: { firstName: REDACTED, last_name: REDACTED, email: REDACTED, birthday: REDACTED, to: '+***34' },
      messages: [{ body: REDACTED, id: 'm-1' }],
      note: 'reach her at +***34',
      when: '2026-01-02T03:04:05.000Z',
      count: 3,
      ok: true,
      nothing: null,
    });
  });
});
