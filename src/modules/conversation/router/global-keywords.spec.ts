import { interceptableWord, isInterceptableKeyword, OPT_OUT_WORDS, parseGlobalKeyword, parseKeyword, wholeWord } from './global-keywords';

describe('parseGlobalKeyword', () => {
  it.each([
    ['STOP', 'stop'], ['stop', 'stop'], [' Stop. ', 'stop'], ['STOPALL', 'stop'], ['unsubscribe', 'stop'],
    ['Cancel', 'stop'], ['end', 'stop'], ['QUIT!', 'stop'], ['optout', 'stop'], ['revoke', 'stop'],
    ['start', 'start'], ['UNSTOP', 'start'], ['help', 'help'], ['Info?', 'help'], ['yes', 'yes'],
  ])('%j is %s', (text, keyword) => {
    expect(parseGlobalKeyword(text)).toBe(keyword);
  });

  it.each(['please stop', 'stop it', 'helpful', 'starting', '', 'S T O P', 'yes please', 'cancel my spot', 'drop'])('%j is not a keyword', (text) => {
    expect(parseGlobalKeyword(text)).toBeNull();
  });

  it("is Twilio's opt-out list exactly", () => {
    expect([...OPT_OUT_WORDS].sort()).toEqual(['CANCEL', 'END', 'OPTOUT', 'QUIT', 'REVOKE', 'STOP', 'STOPALL', 'UNSUBSCRIBE']);
  });

  it('leaves CANCEL alone when the provider does not treat it as an opt-out', () => {
    expect(parseGlobalKeyword('cancel', { cancelIsOptOut: false })).toBeNull();
    expect(parseGlobalKeyword('stop', { cancelIsOptOut: false })).toBe('stop');
  });
});

describe('parseKeyword', () => {
  it('names the word matched, upper-cased, without punctuation', () => {
    expect(parseKeyword(' cancel! ')).toEqual({ keyword: 'stop', word: 'CANCEL' });
    expect(parseKeyword('Stopall.')).toEqual({ keyword: 'stop', word: 'STOPALL' });
    expect(parseKeyword('cancel it')).toBeNull();
  });
});

describe('wholeWord', () => {
  it.each<[string, string | null]>([
    ['stop', 'STOP'],
    ['  Quit !?! ', 'QUIT'], // every trailing mark, not just the last
    ['stop!!', 'STOP'],
    ['?stop', null], // only trailing punctuation is dropped
    ['.stop', null],
    ['1stop', null], // letters from the first character ...
    ['stop1', null], // ... to the last
    ['stop it', null],
    ['', null],
  ])('%j is %j', (text, word) => {
    expect(wholeWord(text)).toBe(word);
  });
});

describe('interceptable words', () => {
  it('are DROP always and CANCEL only when it is not an opt-out', () => {
    expect(interceptableWord('Drop.')).toBe('DROP');
    expect(interceptableWord('cancel')).toBeNull();
    expect(interceptableWord('cancel', { cancelIsOptOut: false })).toBe('CANCEL');
    expect(interceptableWord('drop it')).toBeNull();
    expect(interceptableWord('stop')).toBeNull(); // a whole word, but not an interceptable one
    expect(interceptableWord('help', { cancelIsOptOut: false })).toBeNull();
    for (const word of ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'OPTOUT', 'REVOKE', 'START', 'HELP', 'YES', 'cancel']) {
      expect(isInterceptableKeyword(word)).toBe(false);
    }
  });
});
