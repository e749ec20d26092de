import { AppConfig, ConfigValidationError } from '../../config';
import { checkLinkupsSettings, LinkupsSettings } from './linkups.settings';

describe('LinkupsSettings', () => {
  it('has defaults that pass every rule', () => {
    const s = AppConfig.fromEnvironment({ NODE_ENV: 'test' }).section(LinkupsSettings);
    expect(s.LINKUP_ACCEPTANCE_WINDOW_HOURS).toBe(24);
    expect(s.LINKUP_INVITE_TTL_MINUTES).toBe(180);
    expect(s.weights()).toEqual({ friend: 0.6, moment: 0.4, fairness: 0.05, freshnessHalfLifeDays: 180 });
    expect(checkLinkupsSettings(s)).toEqual([]);
  });

  it('reads overrides from the environment', () => {
    const s = AppConfig.fromEnvironment({ NODE_ENV: 'test', MATCH_FRIEND_WEIGHT: '0.7', MATCH_MOMENT_WEIGHT: '0.3', LINKUP_INVITE_TTL_MINUTES: '60' }).section(LinkupsSettings);
    expect(s.weights().friend).toBe(0.7);
    expect(s.LINKUP_INVITE_TTL_MINUTES).toBe(60);
    expect(checkLinkupsSettings(s)).toEqual([]);
  });

  it('refuses values out of range at boot', () => {
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'test', LINKUP_DEFAULT_MAX_SIZE: '9' }).section(LinkupsSettings)).toThrow(ConfigValidationError);
    expect(() => AppConfig.fromEnvironment({ NODE_ENV: 'test', MATCH_FAIRNESS_WEIGHT: '0.5' }).section(LinkupsSettings)).toThrow(ConfigValidationError);
  });

  it('reports rules across settings', () => {
    const s = Object.assign(new LinkupsSettings(), {
      LINKUP_DEFAULT_MIN_SIZE: 5,
      LINKUP_DEFAULT_MAX_SIZE: 4,
      MATCH_FRIEND_WEIGHT: 0.5,
      LINKUP_MIN_LEAD_MINUTES: 60,
      LINKUP_LOCK_LEAD_MINUTES: 120,
    });
    expect(checkLinkupsSettings(s).map((p) => p.split(':')[0])).toEqual([
      'LINKUP_DEFAULT_MIN_SIZE',
      'MATCH_FRIEND_WEIGHT + MATCH_MOMENT_WEIGHT',
      'LINKUP_MIN_LEAD_MINUTES',
    ]);
  });
});
