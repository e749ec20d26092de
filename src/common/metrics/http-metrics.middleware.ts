import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

// Request latency by method, matched route pattern (never the raw path: it can carry ids or
// numbers) and status class.
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly latency: Histogram<string>;

  constructor(metrics: MetricsService) {
    this.latency = metrics.histogram(
      'josh_http_request_duration_seconds', 'HTTP request latency', ['method', 'route', 'status'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    );
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.latency.startTimer();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  }
}
