import { MATCH_FILTERS, type MatchFilter } from '../../../common/json-shapes';
import { candidate, catalog, coffeeBrief, context, profile } from '../../../../test/support/linkups-matching-fixtures';
import { boundariesAllow, boundaryTags, evaluateFilters } from './filters';
import type { CandidateSnapshot } from './matching.types';

describe('matching filters', () => {
  it('passes a member who meets every rule, in the order of PRODUCT.md', () => {
    expect(evaluateFilters(candidate('u1'), context())).toEqual({ passed: [...MATCH_FILTERS], failed: [] });
  });

  it.each<[string, Partial<CandidateSnapshot>, MatchFilter]>([
    ['outside the region', { inRegion: false }, 'region'],
    ['not active', { userActive: false }, 'active'],
    ['opted out', { smsConsent: false }, 'sms_consent'],
    ['not entitled', { entitled: false }, 'entitled'],
    ['on hold', { onHold: true }, 'not_on_hold'],
    ['with an unfinished profile', { profileComplete: false }, 'profile_complete'],
    ['blocked either way with the group', { blockedWithGroup: true }, 'not_blocked'],
    ['holding a pending invite', { hasPendingInvite: true }, 'available'],
    ['busy in another LinkUp then', { busyAtEventTime: true }, 'available'],
    ['in the middle of another SMS flow', { inConversation: true }, 'available'],
    ['saying no thanks to the activity', { profile: profile({ boundaries: { no_thanks: ['coffee'] } }) }, 'boundaries'],
  ])('fails a member %s on exactly that filter', (_name, over, filter) => {
    const result = evaluateFilters(candidate('u1', over), context());
    expect(result.failed).toEqual([filter]);
    expect(result.passed).not.toContain(filter);
    expect(result.passed).toHaveLength(MATCH_FILTERS.length - 1);
  });

  it('lists every failed filter when several fail', () => {
    const result = evaluateFilters(candidate('u1', { onHold: true, smsConsent: false }), context());
    expect(result.failed).toEqual(['sms_consent', 'not_on_hold']);
  });

  describe('boundaries', () => {
    const drinks = { ...coffeeBrief, activity_key: 'drinks', time_window: 'FRI_NIGHT' as const, constraints: { alcohol: true } };
    const drinksActivity = catalog.describe('drinks');

    it('names the activity, its tags and the time as things one can say no thanks to', () => {
      expect(boundaryTags(drinks, drinksActivity)).toEqual(['drinks', 'bars', 'alcohol', 'weekday_night', 'late_night']);
    });

    it.each<[string, object, boolean]>([
      ['nothing stated', {}, true],
      ['no thanks to another activity', { no_thanks: ['hike'] }, true],
      ['no thanks to the activity', { no_thanks: ['drinks'] }, false],
      ['no thanks to one of its tags', { no_thanks: ['bars'] }, false],
      ['no thanks to late nights', { no_thanks: ['late_night'] }, false],
      ['no alcohol, and the plan has alcohol', { hard_constraints: { alcohol: false } }, false],
      ['needs step-free access the plan does not promise', { hard_constraints: { step_free: true } }, false],
      ['a constraint the plan does not touch, set false', { hard_constraints: { smoking: false } }, true],
    ])('%s -> %s', (_name, boundaries, allowed) => {
      expect(boundariesAllow(boundaries, drinks, drinksActivity)).toBe(allowed);
    });

    it('refuses a plan that states something the member said no thanks to', () => {
      const loudTrivia = { ...coffeeBrief, activity_key: 'trivia', constraints: { loud: true } };
      expect(boundariesAllow({ no_thanks: ['loud'] }, loudTrivia, catalog.describe('trivia'))).toBe(false);
      expect(boundariesAllow({ no_thanks: ['loud'] }, coffeeBrief, catalog.describe('coffee'))).toBe(true);
    });

    it('tags only constraints the plan states as true, and late_night only at night', () => {
      const brief = { ...coffeeBrief, time_window: 'TUE_EVENING' as const, constraints: { quiet: false, outdoor: true } };
      expect(boundaryTags(brief, catalog.describe('walk'))).toEqual(['coffee', 'outdoor', 'weekday_evening']);
      expect(boundaryTags({ ...coffeeBrief, constraints: {} }, catalog.describe('coffee'))).toEqual(['coffee', 'weekend_morning']);
    });

    it.each<[string, object, object, boolean]>([
      ['refused alcohol, plan says none', { hard_constraints: { alcohol: false } }, { alcohol: false }, true],
      ['refused alcohol, plan silent', { hard_constraints: { alcohol: false } }, {}, true],
      ['needs step-free, plan says not', { hard_constraints: { step_free: true } }, { step_free: false }, false],
      ['needs step-free, plan says so', { hard_constraints: { step_free: true } }, { step_free: true }, true],
      ['one of two constraints broken', { hard_constraints: { step_free: true, alcohol: false } }, { step_free: true, alcohol: true }, false],
    ])('hard constraints: %s -> %s', (_name, boundaries, constraints, allowed) => {
      expect(boundariesAllow(boundaries, { ...coffeeBrief, constraints: constraints as Record<string, boolean> }, catalog.describe('coffee'))).toBe(allowed);
    });

    it('accepts a required constraint the plan states', () => {
      const museum = { ...coffeeBrief, activity_key: 'museum', constraints: { step_free: true } };
      expect(boundariesAllow({ hard_constraints: { step_free: true } }, museum, catalog.describe('museum'))).toBe(true);
    });
  });
});
