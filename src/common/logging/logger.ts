import pino, { DestinationStream, Logger } from 'pino';
import { currentCorrelationId } from '../context/request-context';
import { errorSummary } from './log-safe';

// Keys whose values never reach a log line, wherever they appear.
export const REDACTED_PATHS = [
  'body', '*.body', 'Body', '*.Body', 'text', '*.text',
  'phone', '*.phone', 'phoneE164', '*.phoneE164', 'to', '*.to', 'from', '*.from', 'From', 'To', '*.From', '*.To',
  'otp', '*.otp', 'code', '*.code', 'token', '*.token', 'password', '*.password',
  'req.headers.authorization', 'req.headers["x-twilio-signature"]', 'req.headers["stripe-signature"]', 'req.headers.cookie',
];

let root: Logger | undefined;

export function createRootLogger(level = 'info', destination?: DestinationStream): Logger {
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
    // Any `err` logged anywhere: name, message, code and stack only. Database errors carry the
    // query's parameters (numbers, ciphertext) and key values, which never reach a log line.
    serializers: { err: errorSummary },
  }, destination ?? pino.destination(1));
  return root;
}

export function rootLogger(): Logger {
  return root ?? createRootLogger(process.env.LOG_LEVEL ?? 'info');
}
