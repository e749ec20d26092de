import { backoffSeconds } from './backoff';

describe('backoffSeconds', () => {
  it('doubles per attempt within the jitter band', () => {
    expect(backoffSeconds(1, 5, 600, () => 0)).toBe(3);
    expect(backoffSeconds(1, 5, 600, () => 1)).toBe(5);
    expect(backoffSeconds(3, 5, 600, () => 0)).toBe(10);
    expect(backoffSeconds(3, 5, 600, () => 1)).toBe(20);
  });

  it('is capped', () => {
    expect(backoffSeconds(20, 5, 600, () => 1)).toBe(600);
    expect(backoffSeconds(20, 5, 600, () => 0)).toBe(300);
  });

  it('is zero with a zero base (tests)', () => {
    expect(backoffSeconds(4, 0, 600)).toBe(0);
  });
});
