import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { currentCorrelationId } from '../context/request-context';
import { rootLogger } from '../logging/logger';
import { errorSummary } from '../logging/log-safe';
import { redactPath } from '../logging/redact-path';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'validation_failed',
  429: 'too_many_requests', 503: 'service_unavailable',
};

// Every error leaves as { code, message, correlationId }; never a stack trace.
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const correlationId = currentCorrelationId();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown>;
    if (exception instanceof DomainError) {
      status = exception.status;
      body = { code: exception.code, message: exception.message, ...(exception.details ?? {}) };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const r = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? exception.message);
      body = { code: typeof r.code === 'string' ? r.code : (STATUS_CODES[status] ?? 'error'), message };
      if (Array.isArray(r.fields)) body.fields = r.fields;
    } else {
      rootLogger().error({ err: errorSummary(exception), path: req?.path ? redactPath(req.path) : undefined }, 'unhandled error');
      body = { code: 'internal_error', message: 'Something went wrong on our side.' };
    }
    // 503 is deliberate (not ready, shutting down): answered, not logged as a failure.
    if (status >= 500 && status !== 503 && exception instanceof HttpException) rootLogger().error({ err: errorSummary(exception), path: req?.path ? redactPath(req.path) : undefined }, 'server error');
    if (res.headersSent) return;
    res.status(status).json({ ...body, correlationId });
  }
}
