import { carrierAction, classifyTwilioError } from './twilio-errors';

describe('classifyTwilioError', () => {
  it('retries throttling, a full queue and queue overflow (20429, 21611, 30001) and 5xx', () => {
    for (const [status, code] of [[429, 20429], [400, 21611], [400, 30001]] as const) {
      expect(classifyTwilioError({ status, code })).toMatchObject({ action: 'retry', kind: 'transient', code: String(code), ambiguous: false });
    }
    expect(classifyTwilioError({ status: 500, code: 20500 })).toMatchObject({ action: 'retry', ambiguous: true });
    expect(classifyTwilioError({ status: 503 })).toMatchObject({ action: 'retry', code: 'http_503', ambiguous: true });
  });

  it('opts out unsubscribed recipients (21610)', () => {
    expect(classifyTwilioError({ status: 400, code: 21610, message: 'unsubscribed' })).toMatchObject({ action: 'opt_out', kind: 'permanent', recipientOptedOut: true });
  });

  it('marks invalid and non-mobile numbers undeliverable (21211, 21614)', () => {
    expect(classifyTwilioError({ status: 400, code: 21211 })).toMatchObject({ action: 'undeliverable', kind: 'permanent', recipientOptedOut: false });
    expect(classifyTwilioError({ status: 400, code: 21614 })).toMatchObject({ action: 'undeliverable' });
  });

  it('treats network failures as retryable; a timeout may have reached Twilio, a refused connection not', () => {
    expect(classifyTwilioError(Object.assign(new Error('timeout'), { code: 'ECONNABORTED' }))).toMatchObject({ action: 'retry', ambiguous: true });
    expect(classifyTwilioError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toMatchObject({ action: 'retry', ambiguous: false });
  });

  it('fails other client errors without more', () => {
    expect(classifyTwilioError({ status: 400, code: 21999 })).toMatchObject({ action: 'fail', kind: 'permanent' });
  });
});

describe('carrierAction (status callback ErrorCode)', () => {
  it.each([
    ['30003', 'retry'], ['30008', 'retry'], ['30001', 'retry'],
    ['30005', 'undeliverable'], ['30006', 'undeliverable'], ['21610', 'opt_out'],
    ['30002', 'alarm'], ['30007', 'alarm'], ['30034', 'alarm'],
  ])('%s is %s', (code, action) => {
    expect(carrierAction(code)).toBe(action);
  });

  it('is undefined for codes that ask nothing of us', () => {
    expect(carrierAction('30004')).toBeUndefined();
    expect(carrierAction('')).toBeUndefined();
  });
});
