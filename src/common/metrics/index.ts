export { MetricsService, safeLabel } from './metrics.service';
export { MetricsModule } from './metrics.module';
export { HttpMetricsMiddleware } from './http-metrics.middleware';
