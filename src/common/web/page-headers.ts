import type { Response } from 'express';

// The security headers of every server-rendered page, in one place (issue 18 folds them into the
// app-wide helmet set). Pages use no script, one same-origin stylesheet, and forms that post to
// this origin only.
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Pages show personal details (names, plans): never kept by a browser or proxy cache.
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  // Magic-link tokens are in URLs: never leak them to another site through Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function applyPageHeaders(res: Response): Response {
  return res.set(PAGE_SECURITY_HEADERS);
}
