import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { rootLogger } from './logger';
import { runWithCorrelation } from '../context/request-context';
import { redactPath } from './redact-path';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// One correlation id per request (a well-formed X-Request-Id is honoured), echoed back
// and attached to every log line; one access log line per request, without query or body, and
// without the secret part of paths that carry one (magic links).
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const correlationId = incoming && UUID_RE.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', correlationId);
  const started = process.hrtime.bigint();
  runWithCorrelation(correlationId, () => {
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      rootLogger().info(
        { correlationId, method: req.method, path: redactPath(req.path), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  });
}
