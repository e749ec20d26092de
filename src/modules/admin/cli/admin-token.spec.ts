import { parseArgs } from './admin-token';

describe('admin:token arguments', () => {
  it('reads the three commands', () => {
    expect(parseArgs(['--email', 'a@josh.test', '--role', 'ops'])).toEqual({ kind: 'issue', email: 'a@josh.test', role: 'ops', reason: null });
    expect(parseArgs(['--role', 'support', '--email', 'a@josh.test', '--reason', 'new hire'])).toMatchObject({ kind: 'issue', role: 'support', reason: 'new hire' });
    expect(parseArgs(['--revoke', '9B2F0C3E-1C2D-4E5F-8A9B-0C1D2E3F4A5B'])).toEqual({ kind: 'revoke', tokenId: '9b2f0c3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', reason: null });
    expect(parseArgs(['--list'])).toEqual({ kind: 'list' });
  });

  it.each([
    [[]], [['--email', 'a@josh.test']], [['--email', 'a@josh.test', '--role', 'admin']], [['--email', 'not-an-email', '--role', 'ops']],
    [['--revoke']], [['--revoke', 'abc']], [['--revoke', '9b2f0c3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '--role', 'ops']], [['--list', '--role', 'ops']],
    [['stray']], [['--email', 'a@josh.test', '--role', 'ops', '--force']],
  ])('explains what is wrong with %j', (args) => {
    expect(typeof parseArgs(args)).toBe('string');
  });
});
