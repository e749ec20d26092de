import { Injectable } from '@nestjs/common';
import { activityCatalog, type ActivityDefinition } from '../../profile';
import { ActivityCatalog, DEFAULT_ACTIVITY_CATALOG, type ActivityEntry } from './activity-catalog';

// The activity catalog as LinkUps read it: the profile module's catalog (keys, keywords, default
// motives and constraints: one source of truth with the interview) plus what only LinkUps need
// (wording for SMS, the daypart assumed when none is named, boundary tags, extra parser words).
@Injectable()
export class LinkupActivities {
  readonly catalog: ActivityCatalog;

  constructor() {
    this.catalog = new ActivityCatalog(mergeCatalogs(activityCatalog.activities, DEFAULT_ACTIVITY_CATALOG));
  }
}

export function mergeCatalogs(profile: readonly ActivityDefinition[], linkups: readonly ActivityEntry[]): ActivityEntry[] {
  const ours = new Map(linkups.map((e) => [e.key, e]));
  const merged = profile.map((a): ActivityEntry => {
    const mine = ours.get(a.key);
    const words = a.label.toLowerCase();
    return {
      key: a.key,
      label: mine?.label ?? words,
      noun: mine?.noun ?? words,
      // Profile keywords first; ours add typos' targets and phrasings members text for plans.
      synonyms: [...new Set([...a.keywords, ...(mine?.synonyms ?? [])])],
      defaultDaypart: mine?.defaultDaypart ?? 'DAY',
      motives: { ...a.motives },
      constraints: { ...a.constraints },
      tags: [...new Set([...(mine?.tags ?? [])])],
    };
  });
  // Activities only LinkUps know keep working (none today; the profile catalog is the superset).
  const known = new Set(merged.map((e) => e.key));
  return merged.concat(linkups.filter((e) => !known.has(e.key)));
}
