import { JsonShapeError } from '../../common/json-shapes/shape-utils';
import { DEMO_REGION, WAITLIST_REGION } from './demo-region';
import { assertRegionGeometry, assertRegionRules, checkGeometry, checkRules } from './region-shapes';

const paths = (problems: Array<{ path: string }>) => problems.map((p) => p.path);

describe('region geometry', () => {
  it('accepts ZIP lists with optional polygons', () => {
    expect(checkGeometry(DEMO_REGION.geometry).problems).toEqual([]);
    expect(checkGeometry(WAITLIST_REGION.geometry).problems).toEqual([]);
    expect(checkGeometry({ zips: ['94110'], polygons: [[[-122.4, 37.7], [-122.3, 37.7], [-122.3, 37.8]]] }).problems).toEqual([]);
  });

  it('rejects malformed geometry with a path per problem', () => {
    expect(paths(checkGeometry({}).problems)).toEqual(['$.zips']);
    expect(paths(checkGeometry({ zips: ['94110', '94110', 'bad zip!', 7], extra: 1 }).problems)).toEqual([
      '$.extra', '$.zips[1]', '$.zips[2]', '$.zips[3]',
    ]);
    expect(paths(checkGeometry({ zips: [], polygons: [[[0, 0], [0, 1]], [[0, 0], [1, 1], [200, 0]]] }).problems)).toEqual([
      '$.polygons[0]', '$.polygons[1][2][0]',
    ]);
    expect(paths(checkGeometry([]).problems)).toEqual(['$']);
  });

  it('throws a 422 JsonShapeError from the assert form', () => {
    expect(() => assertRegionGeometry({ zips: 'nope' })).toThrow(JsonShapeError);
    try {
      assertRegionGeometry({ zips: 'nope' });
    } catch (err) {
      expect((err as JsonShapeError).status).toBe(422);
    }
  });
});

describe('region rules', () => {
  it('accepts the documented shape', () => {
    expect(checkRules(DEMO_REGION.rules).problems).toEqual([]);
    expect(checkRules({ timezone: 'Europe/London' }).problems).toEqual([]);
  });

  it('rejects unknown time zones, bad densities, bad venues and unknown keys', () => {
    expect(
      paths(
        checkRules({
          timezone: 'Mars/Olympus',
          min_density: -1,
          venues: { coffee: ['ok', ''], 'Board Games': ['x'], hike: 'trail' },
          border: true,
        }).problems,
      ),
    ).toEqual([
      '$.border', '$.timezone', '$.min_density', '$.venues.coffee[1]', '$.venues["Board Games"]', '$.venues.hike',
    ]);
    expect(paths(checkRules({}).problems)).toEqual(['$.timezone']);
    expect(() => assertRegionRules({ timezone: 'UTC', min_density: 1.5 })).toThrow(JsonShapeError);
  });
});
