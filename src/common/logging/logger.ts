import pino, { Logger } from 'pino';
import { currentCorrelationId } from '../context/request-context';

// Keys whose values never reach a log line, wherever they appear.
export const REDACTED_PATHS = [
  'body', '*.body', 'Body', '*.Body', 'text', '*.text',
  'phone', '*.phone', 'phoneE164', '*.phoneE164', 'to', '*.to', 'from', '*.from', 'From', 'To', '*.From', '*.To',
  'otp', '*.otp', 'code', '*.code', 'token', '*.token', 'password', '*.password',
  'req.headers.authorization', 'req.headers["x-twilio-signature"]', 'req.headers["stripe-signature"]', 'req.headers.cookie',
];

let root: Logger | undefined;

export function createRootLogger(level = 'info'): Logger {
  root = pino({
    level,
    base: { service: 'josh' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    formatters: { level: (label) => ({ level: label }) },
  });
  return root;
}

export function rootLogger(): Logger {
  return root ?? createRootLogger(process.env.LOG_LEVEL ?? 'info');
}
