import { inviteOptions } from './invite-options';

describe('inviteOptions (offered_options as the SMS reads it)', () => {
  it('reads keyed options and plain labels', () => {
    expect(inviteOptions([{ key: 'a', label: 'Sat 10am' }, { key: 'B', label: 'Sun 2pm' }])).toEqual([
      { key: 'A', label: 'Sat 10am' },
      { key: 'B', label: 'Sun 2pm' },
    ]);
    expect(inviteOptions(['Sat 10am', 'Sun 2pm'])).toEqual([
      { key: 'A', label: 'Sat 10am' },
      { key: 'B', label: 'Sun 2pm' },
    ]);
  });

  it('treats anything else as a plain YES/NO invite', () => {
    for (const raw of [null, undefined, {}, 'A', [], [{ key: 'A', label: 'x' }, { key: 'A', label: 'y' }], [42]]) expect(inviteOptions(raw)).toEqual([]);
  });
});
