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
