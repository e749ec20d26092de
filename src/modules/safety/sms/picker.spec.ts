import { hasWords, parseCommand, parsePick } from './picker';
import { decodeFlow, encodeFlow, type SafetyFlow } from './flow-token';

describe('safety SMS answers', () => {
  it.each<[string, string | null]>([
    ['REPORT', 'report'], ['report.', 'report'], [' Block ', 'block'], ['UNBLOCK', 'unblock'], ['delete', 'delete'],
    ['Delete my account', 'delete'], ['I want to report my dog', null], ['black', null], ['blocks', null], ['reprt', null],
  ])('%j is the command %s', (text, command) => {
    expect(parseCommand(text)).toBe(command);
  });

  const names = ['Maya', 'Ben', null, 'Maya'];
  it.each<[string, ReturnType<typeof parsePick>]>([
    ['2', { kind: 'pick', index: 1 }],
    ['#3', { kind: 'pick', index: 2 }],
    ['2\uFE0F\u20E3', { kind: 'pick', index: 1 }],
    ['number 1 please', { kind: 'pick', index: 0 }],
    ['ben', { kind: 'pick', index: 1 }],
    ['maya', { kind: 'unclear' }], // two Mayas: ask for the number
    ['0', { kind: 'out_of_range' }],
    ['5', { kind: 'out_of_range' }],
    ['99999999999999999999', { kind: 'out_of_range' }],
    ['1 or 2', { kind: 'unclear' }],
    ['\u{1F621}', { kind: 'unclear' }],
    ['', { kind: 'unclear' }],
    ['nevermind', { kind: 'leave' }],
    ['Never mind!', { kind: 'leave' }],
  ])('%j picks %j', (text, expected) => {
    expect(parsePick(text, names)).toEqual(expected);
  });

  it('needs words in a description', () => {
    expect(hasWords('he yelled at me')).toBe(true);
    expect(hasWords('\u{1F621}\u{1F621}')).toBe(false);
    expect(hasWords('  ... ')).toBe(false);
    expect(hasWords('')).toBe(false);
  });

  it('round-trips flow tokens and ignores LinkUps tokens', () => {
    const flow: SafetyFlow = { kind: 'report', step: 'pick', people: [{ u: 'a', l: 'b' }], saved: { mode: 'linkup_forming', token: 'forming:{}', expiresAt: null } };
    expect(decodeFlow('awaiting_invite_reply', encodeFlow(flow))).toEqual(flow);
    expect(decodeFlow('idle', encodeFlow(flow))).toBeNull();
    expect(decodeFlow('awaiting_invite_reply', 'invite')).toBeNull();
    expect(decodeFlow('awaiting_invite_reply', 'cancel:123')).toBeNull();
    expect(decodeFlow('awaiting_invite_reply', 'report:{broken')).toBeNull();
  });
});
