import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../../../common/errors';
import { PageErrorFilter } from '../../../common/web';

const CLOSED = 'For your privacy, pages close after a while. Text BILLING to JOSH for a new link to this page.';
const CLOSED_AFTER_PAYING = 'Thanks! If you paid, your membership starts within a minute or two. Text BILLING to JOSH to see it.';

// The billing pages' errors are the usual friendly pages (PageErrorFilter), except that a member
// without a page session is told to text BILLING (LINK texts a LinkUp's page).
@Catch()
export class BillingPageErrorFilter implements ExceptionFilter {
  private readonly pages = new PageErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof DomainError && exception.code === 'page_session_required') {
      const paid = host.switchToHttp().getRequest<Request>().path === '/billing/success';
      exception = new DomainError(exception.code, paid ? CLOSED_AFTER_PAYING : CLOSED, exception.status);
    }
    this.pages.catch(exception, host);
  }
}
