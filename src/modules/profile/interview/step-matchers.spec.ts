import { distanceMatcher, matchWindows } from './step-matchers';
import { normaliseAnswer } from '../../../common/text';

describe('time windows from free text', () => {
  it.each<[string, string[]]>([
    ['weekends', ['weekend_morning', 'weekend_day', 'weekend_evening']],
    ['saturday mornings', ['weekend_morning']],
    ['Saturday and Sunday mornings', ['weekend_morning']],
    ['mornings on weekends and evenings on weekdays', ['weekday_evening', 'weekend_morning']],
    ['weekday evenings, weekend afternoons', ['weekday_evening', 'weekend_day']],
    ['evenings', ['weekday_evening', 'weekend_evening']],
    ['after work', ['weekday_evening']],
    ['before work or sunday lunch', ['weekday_morning', 'weekend_day']],
    ['late nights', ['weekday_night', 'weekend_night']],
    ['any time', ['weekday_morning', 'weekday_day', 'weekday_evening', 'weekday_night', 'weekend_morning', 'weekend_day', 'weekend_evening', 'weekend_night']],
    ['weekends but not mornings', ['weekend_day', 'weekend_evening']],
    ['anytime except late nights', ['weekday_morning', 'weekday_day', 'weekday_evening', 'weekend_morning', 'weekend_day', 'weekend_evening']],
    ['not mornings', []],
    ['whenever I am not working', ['weekday_morning', 'weekday_day', 'weekday_evening', 'weekday_night', 'weekend_morning', 'weekend_day', 'weekend_evening', 'weekend_night']],
    ['i like pizza', []],
  ])('%j', (text, windows) => {
    expect(matchWindows(normaliseAnswer(text))).toEqual(windows);
  });
});

describe('distances from free text', () => {
  const match = distanceMatcher([
    { key: 'walking', radiusKm: 2 },
    { key: 'short', radiusKm: 5 },
    { key: 'town', radiusKm: 16 },
    { key: 'far', radiusKm: 40 },
  ]);
  it.each<[string, string[], boolean]>([
    ['1 mile', ['walking'], true],
    ['3 miles', ['short'], true],
    ['5km', ['short'], true],
    ['12 km', ['town'], true],
    ['2,5 mi', ['short'], true],
    ['100 miles', ['far'], true],
    ['3', [], false],
    ['not far', [], false],
  ])('%j', (text, keys, consumes) => {
    const m = match(normaliseAnswer(text));
    expect(m.keys).toEqual(keys);
    expect(!!m.consumesNumbers).toBe(consumes);
  });
});
