import { formatDuration, Progress, progressMode, type ProgressStream } from './progress';

function stream(isTTY: boolean): ProgressStream & { out: string } {
  const s = { isTTY, columns: 200, out: '', write: (chunk: string) => (s.out += chunk) };
  return s;
}

describe('Progress', () => {
  it('chooses a bar on a terminal, lines only when asked, nothing otherwise', () => {
    expect(progressMode([], stream(true))).toBe('bar');
    expect(progressMode(['--no-progress'], stream(true))).toBe('off');
    expect(progressMode([], stream(false))).toBe('off');
    expect(progressMode(['--progress'], stream(false))).toBe('lines');
  });

  it('estimates the time left from the pace so far', () => {
    let t = 0;
    const p = new Progress({ label: 'seed', total: 100, mode: 'off', now: () => t });
    expect(p.etaMs()).toBeNull();
    t = 10_000;
    p.update(25);
    expect(p.etaMs()).toBe(30_000);
    t = 20_000;
    p.tick(25);
    expect(p.etaMs()).toBe(20_000);
  });

  it('redraws one line in place on a terminal, at most every interval, and ends it with a newline', () => {
    let t = 0;
    const s = stream(true);
    const p = new Progress({ label: 'seed', total: 4, stream: s, now: () => t, intervalMs: 100 });
    expect(p.mode).toBe('bar');
    p.tick();
    t = 50;
    p.tick(); // too soon: not drawn
    t = 200;
    p.tick();
    const draws = s.out.split('\r\x1b[2K').filter(Boolean);
    expect(draws).toHaveLength(2);
    expect(draws[1]).toMatch(/^seed \[#{18}\.{6}\]  75% 3\/4  0s elapsed, ETA 0s$/);
    p.log('a line of output');
    expect(s.out).toContain('\r\x1b[2Ka line of output\n\r\x1b[2Kseed');
    t = 400;
    p.tick();
    p.finish();
    expect(s.out.endsWith('100% 4/4  0s elapsed, done\n')).toBe(true);
  });

  it('prints plain lines without a terminal when asked, and the last one once', () => {
    let t = 0;
    const s = stream(false);
    const p = new Progress({ label: 'bench', total: 2, stream: s, mode: 'lines', now: () => t, intervalMs: 5000 });
    p.tick();
    t = 1000;
    p.tick();
    p.finish('2 done');
    expect(s.out.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^bench \[#{12}\.{12}\]  50% 1\/2/),
      expect.stringMatching(/^bench \[#{24}\] 100% 2\/2 .*done$/),
      '2 done',
    ]);
    expect(s.out).not.toContain('\r');
  });

  it('writes nothing when off', () => {
    const s = stream(false);
    const p = new Progress({ label: 'x', total: 3, stream: s, mode: 'off' });
    p.tick(3);
    p.finish('summary');
    expect(s.out).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration(4_400)).toBe('4s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_900_000)).toBe('1h05m');
    expect(formatDuration(NaN)).toBe('--');
  });
});
