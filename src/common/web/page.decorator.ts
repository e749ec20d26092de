import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { applyPageHeaders } from './page-headers';
import { PageErrorFilter } from './page-error.filter';

@Injectable()
export class PageHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    applyPageHeaders(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

// Marks a controller (or a route) as serving pages: the page security headers on every answer,
// and errors (a guard's refusal included) rendered as a friendly page instead of JSON.
export function Page(): ClassDecorator & MethodDecorator {
  return applyDecorators(UseInterceptors(PageHeadersInterceptor), UseFilters(PageErrorFilter));
}
