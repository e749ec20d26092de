import { countSegments } from './sms-segments';

describe('countSegments', () => {
  it('counts GSM-7 bodies at 160 then 153 per part', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters twice', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('falls back to UCS-2 for anything outside the GSM alphabet', () => {
    expect(countSegments('hi 👋')).toEqual({ encoding: 'UCS-2', units: 5, segments: 1 });
    expect(countSegments('ü'.repeat(100) + '✓').segments).toBe(2);
    expect(countSegments('✓'.repeat(671)).segments).toBe(11);
  });
});
