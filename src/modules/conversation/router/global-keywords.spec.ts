import { parseGlobalKeyword } from './global-keywords';

describe('parseGlobalKeyword', () => {
  it.each([
    ['STOP', 'stop'], ['stop', 'stop'], [' Stop. ', 'stop'], ['STOPALL', 'stop'], ['unsubscribe', 'stop'],
    ['Cancel', 'stop'], ['end', 'stop'], ['QUIT!', 'stop'], ['optout', 'stop'], ['revoke', 'stop'],
    ['start', 'start'], ['UNSTOP', 'start'], ['help', 'help'], ['Info?', 'help'], ['yes', 'yes'],
  ])('%j is %s', (text, keyword) => {
    expect(parseGlobalKeyword(text)).toBe(keyword);
  });

  it.each(['please stop', 'stop it', 'helpful', 'starting', '', 'S T O P', 'yes please'])('%j is not a keyword', (text) => {
    expect(parseGlobalKeyword(text)).toBeNull();
  });
});
