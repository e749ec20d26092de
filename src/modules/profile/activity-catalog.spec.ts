import { ActivityCatalog, activityCatalog, BASE_ACTIVITIES } from './activity-catalog';

describe('activity catalog', () => {
  it('seeds the activities PRODUCT.md names, twelve of them listed in the interview', () => {
    for (const key of ['coffee', 'walk', 'hike', 'board_games', 'museum', 'dinner', 'drinks', 'climbing', 'yoga', 'run', 'trivia', 'concert']) {
      expect(activityCatalog.get(key)?.listed).toBe(true);
    }
    expect(activityCatalog.listed()).toHaveLength(12);
    expect(activityCatalog.keys().size).toBe(BASE_ACTIVITIES.length);
  });

  it('is extendable and refuses a bad entry at construction', () => {
    const extra = { ...BASE_ACTIVITIES[0], key: 'pickleball', label: 'Pickleball', listed: false, keywords: ['pickleball'] };
    expect(new ActivityCatalog([...BASE_ACTIVITIES, extra]).has('pickleball')).toBe(true);
    expect(() => new ActivityCatalog([...BASE_ACTIVITIES, BASE_ACTIVITIES[0]])).toThrow(/duplicate/);
    expect(() => new ActivityCatalog([{ ...extra, key: 'Pickle Ball' }])).toThrow(/snake_case/);
    expect(() => new ActivityCatalog([{ ...extra, motives: { greed: 1 } as never }])).toThrow(/motive/);
  });
});
