import { normaliseReply, parseConfirmation, parseInviteReply, parseOptionLetter, parseOutcomeReply } from './replies';

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
    // To an open invite "can't make it" passes; with none open, InviteRepliesService leaves it to the cancel flow.
    ["can't make it", 'decline'],
    ['yep', 'accept'],
    ['sure', 'accept'],
    ['\u{1F44D}', 'accept'],
    ['nah', 'decline'],
    ["can't", 'decline'],
    ['\u{1F44E}', 'decline'],
    ['yse', 'accept'],
    ['maybe', 'unknown'],
    ['yes but later', 'unknown'],
    ['\u2019count me in\u2019', 'accept'],
    ["I'll be there", 'accept'],
    ['down', 'accept'],
    ['busy', 'decline'],
    ['Not interested.', 'decline'],
    ['I won\u2019t make it', 'decline'],
    ['drop', 'cancel'],
    ['cancel my spot', 'cancel'],
    ['leave', 'cancel'],
  ])('%j is %s', (text, reply) => {
    expect(parseInviteReply(text)).toBe(reply);
  });

  it.each<[string, string]>([
    ['YES', 'yes'],
    ['send', 'yes'],
    ['no', 'no'],
    ['nevermind', 'no'],
    ['sunday instead', 'unknown'],
    ['confirm', 'yes'],
    ['Go!', 'yes'],
    ['send it', 'yes'],
    ['send invites', 'yes'],
    ['cancel', 'no'],
    ['stop it', 'no'],
    ['never mind', 'no'],
    ['sure', 'yes'],
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
  const WENT_AGAIN = { attended: true, doAgain: true };
  const WENT_NOT_AGAIN = { attended: true, doAgain: false };
  const MISSED = { attended: false, doAgain: null };
  it.each<[string, NonNullable<ReturnType<typeof parseOutcomeReply>>]>([
    ['A', WENT_AGAIN],
    ['b', WENT_NOT_AGAIN],
    ['C', MISSED],
    ['went', { attended: true, doAgain: null }],
    ['went again', WENT_AGAIN],
    ['went not again', WENT_NOT_AGAIN],
    ['went and would again', WENT_AGAIN],
    ['missed', MISSED],
    ["didn't go", MISSED],
    ['did not go', MISSED],
    ["couldn't make it", MISSED],
    ['no show', MISSED],
  ])('outcome answer %j is %j and no invite reply or confirmation', (text, outcome) => {
    expect(parseOutcomeReply(text)).toEqual(outcome);
    expect(parseInviteReply(text)).toBe('unknown');
    expect(parseConfirmation(text)).toBe('unknown');
  });
});

describe('invite option letters', () => {
  it.each<[string, string | null]>([
    ['A', 'A'],
    ['b', 'B'],
    ['B)', 'B'],
    ['option b', 'B'],
    ['c', null], // not offered
    ['AB', null],
    ['a or b', null],
    ['opt a', 'A'],
    ['b please', 'B'],
    ['B pls', 'B'],
    ['option', null],
    ['please b', null],
  ])('%j with options A and B is %s', (text, letter) => {
    expect(parseOptionLetter(text, ['A', 'B'])).toBe(letter);
  });
});

describe('normaliseReply', () => {
  it.each<[string, string]>([
    ['  I\u2019M   IN!! ', 'im in'],
    ["can't make-it", 'cant make it'],
    ['\u2018B\u2019)', 'b'],
    ['Option 2?', 'option 2'],
    ['\u{1F44D}', ''],
    ['yes,\tcount me\r\nin', 'yes count me in'],
    ['b\u00A0) \u{1F44D}', 'b'],
  ])('%j reads as %j', (text, normalised) => {
    expect(normaliseReply(text)).toBe(normalised);
  });
});
