// Server-rendered pages: see README.md in this folder for how to add one.
export { Page, PageHeadersInterceptor } from './page.decorator';
export { PageErrorFilter, wantsHtml } from './page-error.filter';
export { applyPageHeaders, PAGE_SECURITY_HEADERS } from './page-headers';
export { readCookie } from './cookies';
