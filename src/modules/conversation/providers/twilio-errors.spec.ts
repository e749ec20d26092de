import { classifyTwilioError } from './twilio-errors';

describe('classifyTwilioError', () => {
  it('fails unsubscribed recipients at once and marks them opted out', () => {
    const e = classifyTwilioError({ status: 400, code: 21610, message: 'unsubscribed' });
    expect(e).toMatchObject({ kind: 'permanent', code: '21610', recipientOptedOut: true });
  });

  it('fails invalid numbers at once', () => {
    expect(classifyTwilioError({ status: 400, code: 21211, message: 'invalid' })).toMatchObject({ kind: 'permanent', recipientOptedOut: false });
  });

  it('retries server errors, throttling, bad credentials and network failures', () => {
    expect(classifyTwilioError({ status: 500, code: 20500 }).kind).toBe('transient');
    expect(classifyTwilioError({ status: 503 }).kind).toBe('transient');
    expect(classifyTwilioError({ status: 429, code: 20429 }).kind).toBe('transient');
    expect(classifyTwilioError({ status: 401, code: 20003 }).kind).toBe('transient');
    expect(classifyTwilioError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
  });

  it('treats other client errors as permanent', () => {
    expect(classifyTwilioError({ status: 400, code: 21999 }).kind).toBe('permanent');
  });
});
