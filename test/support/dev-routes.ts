import type { NestExpressApplication } from '@nestjs/platform-express';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

// Every route the app's HTTP server really serves under a prefix, read from Express's router after
// init (so a route added later is listed without touching the test that uses this).
export function registeredRoutes(app: NestExpressApplication, prefix: string): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = express.router?.stack ?? express._router?.stack ?? [];
  const found: RegisteredRoute[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push({ method: method.toUpperCase(), path });
    }
  }
  return found;
}

// A concrete path for a route pattern: every parameter gets a well-formed id.
export function concretePath(pattern: string): string {
  return pattern.replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000');
}
