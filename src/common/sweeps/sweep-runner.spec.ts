import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config';
import { MetricsService } from '../metrics';
import { countsOf, SweepRunner } from './sweep-runner';
import type { SweepRunRecord, SweepRunsRepository } from './sweep-runs.repository';

const setup = (env: Record<string, string> = {}) => {
    const recorded: SweepRunRecord[] = [];
    const records = { record: async (r: SweepRunRecord) => void recorded.push(r) } as unknown as SweepRunsRepository;
    const metrics = new MetricsService();
    const runner = new SweepRunner(AppConfig.fromEnvironment({ NODE_ENV: 'test', SWEEPS_ENABLED: 'true', ...env }), records, metrics);
    return { runner, recorded, metrics };
};

describe('SweepRunner', () => {

  it('does nothing on an instance that runs no sweeps (SWEEPS_ENABLED=false or APP_ROLE=web)', async () => {
    for (const env of [{ SWEEPS_ENABLED: 'false' }, { APP_ROLE: 'web' }] as Record<string, string>[]) {
      const { runner } = setup(env);
      const work = jest.fn(async () => 1);
      await runner.run('test', work);
      expect(work).not.toHaveBeenCalled();
      expect(runner.enabled).toBe(false);
    }
  });

  it('runs the work, counts it, and records a run that did something', async () => {
    const { runner, recorded, metrics } = setup({ APP_ROLE: 'worker' });
    await runner.run('reminders', async () => ({ remindersSent: 3, remindersSkipped: 1, note: 'x' }));
    await runner.run('reminders', async () => 0);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ sweep: 'reminders', outcome: 'ok', items: 4, details: { remindersSent: 3, remindersSkipped: 1 }, error: null });
    const text = await metrics.text();
    expect(text).toContain('josh_sweep_runs_total{sweep="reminders",outcome="ok"} 2');
    expect(text).toContain('josh_sweep_items_total{sweep="reminders"} 4');
  });

  it('logs and records a failed run instead of letting it escape the scheduler; other sweeps still run', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const { runner, recorded } = setup();
      const err = Object.assign(new Error('boom'), { code: '57P01' });
      await expect(runner.run('reminders', async () => Promise.reject(err))).resolves.toBeUndefined();
      await runner.run('retention', async () => 2);
      expect(logged).toHaveBeenCalledWith({ msg: 'sweep failed', sweep: 'reminders', err });
      expect(recorded.map((r) => [r.sweep, r.outcome, r.error])).toEqual([['reminders', 'failed', 'Error 57P01'], ['retention', 'ok', null]]);
    } finally {
      logged.mockRestore();
    }
  });

  it('never runs one sweep twice at once on an instance, and stops at shutdown', async () => {
    const { runner, metrics } = setup();
    let release!: () => void;
    const slow = jest.fn(() => new Promise<number>((r) => (release = () => r(1))));
    const first = runner.run('waves', slow);
    await runner.run('waves', slow);
    expect(slow).toHaveBeenCalledTimes(1);
    const shutdown = runner.beforeApplicationShutdown();
    release();
    await Promise.all([first, shutdown]);
    await runner.run('waves', slow);
    expect(slow).toHaveBeenCalledTimes(1);
    expect(await metrics.text()).toContain('josh_sweep_runs_total{sweep="waves",outcome="overlap"} 1');
  });

  it('reads counts from a number or an object of counts', () => {
    expect(countsOf(5)).toEqual({ count: 5 });
    expect(countsOf(undefined)).toEqual({});
    expect(countsOf({ messages: 2, jobs: 0, label: 'x' })).toEqual({ messages: 2 });
  });
});

describe('SweepRunner as the registry of sweeps', () => {
  const runner = () => setup({ SWEEPS_ENABLED: 'false' }).runner;

  it('runs every registered sweep once, in order, even with sweeps off, and reports each', async () => {
    const r = runner();
    const calls: string[] = [];
    r.register({ name: 'dispatch', order: 100, run: async () => { calls.push('dispatch'); return { sent: 2 }; } });
    r.register({ name: 'reminders', run: async () => { calls.push('reminders'); return { remindersSent: 1 }; } });
    r.register({ name: 'broken', run: async () => { calls.push('broken'); throw new Error('boom'); } });
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const reports = await r.runAllNow();
      expect(calls).toEqual(['reminders', 'broken', 'dispatch']);
      expect(reports.map(({ ms: _ms, ...rest }) => rest)).toEqual([
        { name: 'reminders', ok: true, result: { remindersSent: 1 } },
        { name: 'broken', ok: false, error: 'boom' },
        { name: 'dispatch', ok: true, result: { sent: 2 } },
      ]);
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses two sweeps of the same name', () => {
    const r = runner();
    r.register({ name: 'x', run: async () => undefined });
    expect(() => r.register({ name: 'x', run: async () => undefined })).toThrow(/already registered/);
  });
});
