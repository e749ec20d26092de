import { isInterceptableKeyword, parseGlobalKeyword, parseKeyword } from './global-keywords';

describe('parseGlobalKeyword', () => {
  it.each([
    ['STOP', 'stop'], ['stop', 'stop'], [' Stop. ', 'stop'], ['STOPALL', 'stop'], ['unsubscribe', 'stop'],
    ['Cancel', 'stop'], ['end', 'stop'], ['QUIT!', 'stop'], ['optout', 'stop'], ['revoke', 'stop'],
    ['start', 'start'], ['UNSTOP', 'start'], ['help', 'help'], ['Info?', 'help'], ['yes', 'yes'],
  ])('%j is %s', (text, keyword) => {
    expect(parseGlobalKeyword(text)).toBe(keyword);
  });

  it.each(['please stop', 'stop it', 'helpful', 'starting', '', 'S T O P', 'yes please', 'cancel my spot'])('%j is not a keyword', (text) => {
    expect(parseGlobalKeyword(text)).toBeNull();
  });
});

describe('parseKeyword', () => {
  it('names the word matched, upper-cased, without punctuation', () => {
    expect(parseKeyword(' cancel! ')).toEqual({ keyword: 'stop', word: 'CANCEL' });
    expect(parseKeyword('Stopall.')).toEqual({ keyword: 'stop', word: 'STOPALL' });
    expect(parseKeyword('cancel it')).toBeNull();
  });
});

describe('isInterceptableKeyword', () => {
  it('is CANCEL only: the rest of the STOP family always opts out', () => {
    expect(isInterceptableKeyword('CANCEL')).toBe(true);
    for (const word of ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'OPTOUT', 'REVOKE', 'START', 'HELP', 'YES', 'cancel']) {
      expect(isInterceptableKeyword(word)).toBe(false);
    }
  });
});
