import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config';
import { SweepRunner } from './sweep-runner';

describe('SweepRunner', () => {
  const runner = (enabled: boolean) => new SweepRunner(AppConfig.fromEnvironment({ NODE_ENV: 'test', SWEEPS_ENABLED: String(enabled) }));

  it('does nothing on an instance that runs no sweeps', async () => {
    const work = jest.fn(async () => undefined);
    await runner(false).run('test', work);
    expect(work).not.toHaveBeenCalled();
    expect(runner(false).enabled).toBe(false);
  });

  it('runs the work when sweeps are on', async () => {
    const work = jest.fn(async () => undefined);
    await runner(true).run('test', work);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('logs a failed run instead of letting it escape the scheduler', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const err = new Error('boom');
      await expect(runner(true).run('reminders', async () => Promise.reject(err))).resolves.toBeUndefined();
      expect(logged).toHaveBeenCalledWith({ msg: 'sweep failed', sweep: 'reminders', err });
    } finally {
      logged.mockRestore();
    }
  });
});

describe('SweepRunner as the registry of sweeps', () => {
  const runner = () => new SweepRunner(AppConfig.fromEnvironment({ NODE_ENV: 'test', SWEEPS_ENABLED: 'false' }));

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
