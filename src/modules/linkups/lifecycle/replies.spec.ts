import { parseConfirmation, parseInviteReply, parseOutcomeReply } from './replies';

describe('LinkUp replies', () => {
  it.each<[string, string]>([
    ['YES', 'accept'],
    ['y', 'accept'],
    ['In', 'accept'],
    ['1', 'accept'],
    ["I'm in!", 'accept'],
    ['NO', 'decline'],
    ['n', 'decline'],
    ['pass', 'decline'],
    ['2', 'decline'],
    ['cancel', 'cancel'],
    ["can't make it", 'cancel'],
    ['maybe', 'unknown'],
    ['yes but later', 'unknown'],
  ])('%j is %s', (text, reply) => {
    expect(parseInviteReply(text)).toBe(reply);
  });

  it.each<[string, string]>([
    ['YES', 'yes'],
    ['send', 'yes'],
    ['no', 'no'],
    ['nevermind', 'no'],
    ['sunday instead', 'unknown'],
  ])('confirmation %j is %s', (text, c) => {
    expect(parseConfirmation(text)).toBe(c);
  });

  it.each<[string, ReturnType<typeof parseOutcomeReply>]>([
    ['A', { attended: true, doAgain: true }],
    ['b', { attended: true, doAgain: false }],
    ['went', { attended: true, doAgain: null }],
    ['C', { attended: false, doAgain: null }],
    ["didn't go", { attended: false, doAgain: null }],
    ['yes', undefined],
  ])('outcome %j', (text, reply) => {
    expect(parseOutcomeReply(text)).toEqual(reply);
  });

  // A late outcome answer is tried before invite and cancel replies (AwaitingReplyHandler), so no
  // outcome answer may also be an invite reply or a confirmation.
  it.each(['A', 'b', 'C', 'went', 'went again', 'went not again', 'went and would again', 'missed', "didn't go", 'did not go',
    "couldn't make it", 'no show'])('outcome answer %j is no invite reply or confirmation', (text) => {
    expect(parseOutcomeReply(text)).toBeDefined();
    expect(parseInviteReply(text)).toBe('unknown');
    expect(parseConfirmation(text)).toBe('unknown');
  });
});
