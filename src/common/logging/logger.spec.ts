import { Writable } from 'node:stream';
import pino from 'pino';
import { createRootLogger } from './logger';

describe('root logger', () => {
  function capture(): { lines: string[]; stream: Writable } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, stream };
  }

  it('logs errors without the query parameters a database error carries', () => {
    const { lines, stream } = capture();
    const logger = createRootLogger('info', stream);
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      parameters: ['+14155550134', 'secret body'],
      query: 'insert into users ...',
      detail: 'Key (phone_e164)=(+14155550134) already exists.',
    });
    logger.error({ err }, 'insert failed');
    const line = lines.join('');
    expect(line).toContain('23505');
    expect(line).toContain('duplicate key value');
    expect(line).not.toContain('+14155550134');
    expect(line).not.toContain('secret body');
  });

  it('redacts bodies and phone numbers wherever they appear', () => {
    const { lines, stream } = capture();
    createRootLogger('info', stream).info({ body: 'hi there', to: '+14155550134', nested: { phone: '+14155550134' } }, 'x');
    const line = lines.join('');
    expect(line).not.toContain('hi there');
    expect(line).not.toContain('+14155550134');
    expect(JSON.parse(line).body).toBe('[redacted]');
  });

  it('is a pino logger at the level asked for', () => {
    const { stream } = capture();
    const logger = createRootLogger('warn', stream);
    expect(logger.level).toBe('warn');
    expect(typeof pino.stdTimeFunctions.isoTime).toBe('function');
  });
});
