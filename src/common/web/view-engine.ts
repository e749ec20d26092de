import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import nunjucks from 'nunjucks';

// src/ (or dist/src/ after `npm run build`, which copies templates and the stylesheet beside the
// compiled code): templates are looked up in common/web/views (layout, partials, error page),
// then under modules/ (each module keeps its pages' templates in its own `web/` folder).
const SRC_ROOT = join(__dirname, '..', '..');
export const COMMON_VIEWS_DIR = join(SRC_ROOT, 'common', 'web', 'views');
export const MODULES_DIR = join(SRC_ROOT, 'modules');
export const PUBLIC_DIR = join(SRC_ROOT, 'common', 'web', 'public');

// Server-rendered pages through NestJS MVC (`@Render`, `res.render`) with nunjucks: autoescape on
// (every {{ value }} is HTML-escaped unless a template says otherwise, which none does), template
// inheritance for the one layout, includes and macros for partials. One stylesheet under /assets.
export function configureViewEngine(app: NestExpressApplication): nunjucks.Environment {
  const env = nunjucks.configure([COMMON_VIEWS_DIR, MODULES_DIR], {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
    noCache: false,
    express: app.getHttpAdapter().getInstance(),
  });
  app.setBaseViewsDir([COMMON_VIEWS_DIR, MODULES_DIR]);
  app.setViewEngine('njk');
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/assets/', maxAge: '1h', index: false, fallthrough: true });
  return env;
}
