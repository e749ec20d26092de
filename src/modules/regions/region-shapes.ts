import { assertShape, childPath, ShapeChecker } from '../../common/json-shapes/shape-utils';

// The JSON stored in regions.geometry and regions.rules, checked before every write:
//   geometry: { "zips": ["94110", ...], "polygons"?: [[[lng, lat], ...], ...] }
//   rules:    { "timezone": "America/Los_Angeles", "min_density"?: 50, "venues"?: { "coffee": ["..."] } }

export interface RegionGeometry {
  zips: string[];
  polygons?: Array<Array<[number, number]>>;
}

export interface RegionRules {
  timezone: string;
  min_density?: number;
  venues?: Record<string, string[]>;
}

const POSTAL_CODE_RE = /^[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]$/;
const MAX_ZIPS = 5000;
const MAX_RINGS = 100;
const MAX_RING_POINTS = 5000;
const MAX_ACTIVITIES = 50;
const MAX_VENUES_PER_ACTIVITY = 20;
const MAX_VENUE_LENGTH = 120;
const TIMEZONES = new Set(Intl.supportedValuesOf('timeZone'));

// Postal codes compare upper-cased with inner whitespace collapsed ("sw1a  1aa" = "SW1A 1AA").
export function normalisePostalCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, ' ');
}

export function isPostalCode(value: string): boolean {
  return POSTAL_CODE_RE.test(value);
}

export function checkGeometry(value: unknown): ShapeChecker {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c;
  c.keys(value, '$', ['zips', 'polygons'], ['zips']);
  if ('zips' in value && c.array(value.zips, '$.zips', MAX_ZIPS)) {
    const seen = new Set<string>();
    value.zips.forEach((zip, i) => {
      const path = childPath('$.zips', i);
      if (typeof zip !== 'string' || !isPostalCode(zip) || normalisePostalCode(zip) !== zip) {
        c.fail(path, 'must be an upper-case postal code such as 94110');
      } else if (seen.has(zip)) {
        c.fail(path, 'is a duplicate');
      }
      if (typeof zip === 'string') seen.add(zip);
    });
  }
  if (value.polygons !== undefined && c.array(value.polygons, '$.polygons', MAX_RINGS)) {
    value.polygons.forEach((ring, i) => checkRing(c, ring, childPath('$.polygons', i)));
  }
  return c;
}

function checkRing(c: ShapeChecker, ring: unknown, path: string): void {
  if (!c.array(ring, path, MAX_RING_POINTS)) return;
  if (ring.length < 3) c.fail(path, 'must have at least 3 points');
  ring.forEach((point, j) => {
    const p = childPath(path, j);
    if (!Array.isArray(point) || point.length !== 2) return c.fail(p, 'must be a [lng, lat] pair');
    c.number(point[0], childPath(p, 0), -180, 180);
    c.number(point[1], childPath(p, 1), -90, 90);
  });
}

export function checkRules(value: unknown): ShapeChecker {
  const c = new ShapeChecker();
  if (!c.object(value, '$')) return c;
  c.keys(value, '$', ['timezone', 'min_density', 'venues'], ['timezone']);
  if ('timezone' in value && (typeof value.timezone !== 'string' || !TIMEZONES.has(value.timezone))) {
    c.fail('$.timezone', 'must be an IANA time zone such as America/Los_Angeles');
  }
  if (value.min_density !== undefined) c.integer(value.min_density, '$.min_density', 0, 1_000_000);
  if (value.venues !== undefined && c.object(value.venues, '$.venues')) {
    const activities = Object.entries(value.venues);
    if (activities.length > MAX_ACTIVITIES) c.fail('$.venues', `must have at most ${MAX_ACTIVITIES} activities`);
    for (const [activity, venues] of activities) {
      const path = childPath('$.venues', activity);
      c.slug(activity, path);
      if (!c.array(venues, path, MAX_VENUES_PER_ACTIVITY)) continue;
      venues.forEach((venue, i) => {
        if (typeof venue !== 'string' || venue.trim() === '' || venue.length > MAX_VENUE_LENGTH) {
          c.fail(childPath(path, i), `must be a non-empty name of at most ${MAX_VENUE_LENGTH} characters`);
        }
      });
    }
  }
  return c;
}

// Throws JsonShapeError (422) listing every problem.
export function assertRegionGeometry(value: unknown): asserts value is RegionGeometry {
  assertShape('region geometry', checkGeometry(value).problems);
}

export function assertRegionRules(value: unknown): asserts value is RegionRules {
  assertShape('region rules', checkRules(value).problems);
}
