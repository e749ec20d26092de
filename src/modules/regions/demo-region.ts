import type { RegionGeometry, RegionRules } from './region-shapes';

// Seeded at start-up outside production when SEED_DEMO_REGION=true (README: "Demo region").
export const DEMO_REGION = {
  slug: 'demo-sf',
  displayName: 'San Francisco (demo)',
  state: 'open' as const,
  geometry: {
    zips: ['94102', '94103', '94107', '94109', '94110', '94114', '94117', '94118', '94122', '94123'],
  } satisfies RegionGeometry,
  rules: {
    timezone: 'America/Los_Angeles',
    min_density: 50,
    venues: {
      coffee: ['Ritual Coffee Roasters, Valencia St', 'Sightglass Coffee, 7th St'],
      walk: ['Dolores Park loop', 'Lands End Trail'],
      hike: ['Twin Peaks summit', 'Mount Sutro Open Space'],
      board_games: ['The Gamescape, Divisadero St'],
    },
  } satisfies RegionRules,
};

// Members whose postal code no region covers wait here until a region that covers it opens.
export const WAITLIST_REGION = {
  slug: 'waitlist',
  displayName: 'Waitlist (no region yet)',
  state: 'waitlisted' as const,
  geometry: { zips: [] } satisfies RegionGeometry,
  rules: { timezone: 'UTC' } satisfies RegionRules,
};
