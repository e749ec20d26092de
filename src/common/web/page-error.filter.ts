import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentCorrelationId } from '../context/request-context';
import { DomainError, HttpExceptionFilter } from '../errors';
import { errorSummary } from '../logging/log-safe';
import { rootLogger } from '../logging/logger';
import { redactPath } from '../logging/redact-path';
import { applyPageHeaders } from './page-headers';

// What a person sees when a page fails: a short, friendly page with the right status, the same
// headers as every page, and the correlation id to quote to support. A request that is not a page
// request (a JSON client of a route that also serves a form) gets the JSON error, as everywhere.
const FRIENDLY: Record<number, { title: string; message: string }> = {
  400: { title: 'Something is not right', message: 'That request could not be understood. Please go back and try again.' },
  401: { title: 'Your page has closed', message: 'For your privacy, pages close after a while. Text LINK to JOSH for a new link.' },
  403: { title: 'Please try again', message: 'That form had expired. Go back, reload the page and try again.' },
  404: { title: 'Page not found', message: "We couldn't find that page. Text LINK to JOSH for a link to your LinkUp." },
  409: { title: 'That changed meanwhile', message: 'Something changed while you were on the page. Go back and reload it.' },
  410: { title: 'This link has expired', message: 'Links work once and only for a while. Text LINK to JOSH for a new one.' },
  429: { title: 'Too many tries', message: 'Too many requests came from your network. Please wait a few minutes and try again.' },
  500: { title: 'Something went wrong', message: 'Something went wrong on our side. Please try again in a minute.' },
};

// A browser asking for a page, or posting one of our forms.
export function wantsHtml(req: Request): boolean {
  if (req.is('application/x-www-form-urlencoded')) return true;
  return (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['html', 'json']) === 'html';
}

@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly json = new HttpExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!wantsHtml(req) || res.headersSent) return this.json.catch(exception, host);
    const status = statusOf(exception);
    if (status >= 500) rootLogger().error({ err: errorSummary(exception), path: redactPath(req.path) }, 'page error');
    const friendly = FRIENDLY[status] ?? FRIENDLY[status >= 500 ? 500 : 400];
    // Domain errors are written for people; framework errors (an unknown route, a bad body) are not.
    const message = exception instanceof DomainError && status < 500 ? exception.message : friendly.message;
    applyPageHeaders(res).status(status);
    res.render('error', { title: friendly.title, message, status, correlationId: currentCorrelationId() });
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof DomainError) return exception.status;
  if (exception instanceof HttpException) return exception.getStatus();
  return HttpStatus.INTERNAL_SERVER_ERROR;
}
