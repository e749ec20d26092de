import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

// Every security header the service sends, decided here and nowhere else (issue 18).
//
// Every response (JSON API, webhooks, health, errors, 404s) gets helmet's set through
// securityHeaders(), mounted first in bootstrap.ts, plus a Content-Security-Policy for its kind and
// `Cache-Control: no-store`. Server-rendered pages then swap the CSP for theirs (applyPageHeaders,
// called by @Page(), the /join controller and the page error filter).

// JSON and webhook answers load nothing and are never framed.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// Pages use no script, one same-origin stylesheet, and forms that post to this origin only.
const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// Swagger UI (/docs, outside production unless DOCS_ENABLED): its own scripts, an inline style block.
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Pages show personal details (names, plans): never kept by a browser or proxy cache.
  'Cache-Control': 'no-store',
  'Content-Security-Policy': PAGE_CSP,
  'X-Frame-Options': 'DENY',
  // Magic-link tokens are in URLs: never leak them to another site through Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function applyPageHeaders(res: Response): Response {
  return res.set(PAGE_SECURITY_HEADERS);
}

function isDocs(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path === '/docs-json' || path === '/docs-yaml';
}

// helmet's defaults (nosniff, COOP/CORP same-origin, no X-Powered-By, ...) with frames denied,
// no Referer, and HSTS when the service is served over https (PUBLIC_BASE_URL). Answers are
// `no-store` (API answers carry personal data), but for the static assets under /assets.
export function securityHeaders(options: { https: boolean }): RequestHandler {
  const base = helmet({
    contentSecurityPolicy: false, // set below, by kind
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', isDocs(req.path) ? DOCS_CSP : API_CSP);
    // The stylesheet is public and cacheable (express.static sets its Cache-Control only when unset).
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
    base(req, res, next);
  };
}
