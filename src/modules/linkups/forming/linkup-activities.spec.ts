import { activityCatalog } from '../../profile';
import { ActivityCatalog } from './activity-catalog';
import { parseBriefText } from './brief-parser';
import { LinkupActivities, mergeCatalogs } from './linkup-activities';

describe('LinkUp activities', () => {
  const catalog = new LinkupActivities().catalog;

  it('covers every activity of the profile catalog, with its motives and constraints', () => {
    for (const a of activityCatalog.activities) {
      const entry = catalog.get(a.key)!;
      expect(entry).toBeDefined();
      expect(entry.motives).toEqual(a.motives);
      expect(entry.constraints).toEqual(a.constraints);
      for (const k of a.keywords) expect(entry.synonyms).toContain(k);
    }
  });

  it('keeps the LinkUp wording and default dayparts', () => {
    expect(catalog.get('hike')).toMatchObject({ label: 'a hike', noun: 'hiking', defaultDaypart: 'MORNING' });
    expect(catalog.get('board_games')).toMatchObject({ label: 'board games', defaultDaypart: 'EVENING' });
    expect(catalog.get('bike_ride')).toMatchObject({ label: 'bike ride', defaultDaypart: 'DAY' });
  });

  it('reads activities only the profile catalog names', () => {
    const ctx = { now: new Date('2025-11-26T15:00:00Z'), timeZone: 'America/New_York', catalog };
    expect(parseBriefText('cycling saturday', ctx).draft.activity_key).toBe('bike_ride');
    expect(parseBriefText('volunteer sun', ctx).draft.activity_key).toBe('volunteering');
  });

  it('keeps activities only LinkUps know', () => {
    const merged = new ActivityCatalog(mergeCatalogs([], new ActivityCatalog().entries));
    expect(merged.get('coffee')?.label).toBe('coffee');
  });
});
