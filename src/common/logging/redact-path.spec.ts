import { redactPath } from './redact-path';

describe('redactPath', () => {
  it('hides magic-link tokens', () => {
    expect(redactPath('/m/abcDEF_123-xyz')).toBe('/m/[redacted]');
    expect(redactPath('/m/abcDEF_123-xyz/extra')).toBe('/m/[redacted]/extra');
  });

  it('leaves other paths alone', () => {
    expect(redactPath('/linkups/9b1d/contacts')).toBe('/linkups/9b1d/contacts');
    expect(redactPath('/media/x')).toBe('/media/x');
  });
});
