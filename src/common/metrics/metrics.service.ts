import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type Labels = readonly string[];

// The app's Prometheus registry (one per app instance, so several apps in one test process never
// share counters). Modules get or create their metrics here by name; a second call with the same
// name returns the first metric. Labels must stay low-cardinality: never phone numbers, bodies,
// ids or free text (use `safeLabel`).
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor() {
    // Heap, RSS, event-loop lag, GC, handles: what a soak run and an on-call engineer look at.
    collectDefaultMetrics({ register: this.registry, prefix: 'josh_' });
  }

  counter(name: string, help: string, labelNames: Labels = []): Counter<string> {
    return this.getOrCreate(name, () => new Counter({ name, help, labelNames, registers: [this.registry] }));
  }

  // `collect` runs at scrape time (it may be async, e.g. a bounded database count).
  gauge(name: string, help: string, labelNames: Labels = [], collect?: (g: Gauge<string>) => void | Promise<void>): Gauge<string> {
    return this.getOrCreate(name, () => new Gauge({
      name, help, labelNames, registers: [this.registry],
      ...(collect ? { collect(this: Gauge<string>) { return collect(this); } } : {}),
    }));
  }

  histogram(name: string, help: string, labelNames: Labels = [], buckets?: number[]): Histogram<string> {
    return this.getOrCreate(name, () => new Histogram({ name, help, labelNames, registers: [this.registry], ...(buckets ? { buckets } : {}) }));
  }

  contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  private getOrCreate<T>(name: string, create: () => T): T {
    return (this.registry.getSingleMetric(name) as T | undefined) ?? create();
  }
}

// A label value from outside (an error code, a route): short, [a-z0-9_.:-] only, else 'other'.
export function safeLabel(value: unknown): string {
  const s = String(value ?? '').trim().toLowerCase();
  return /^[a-z0-9_.:/-]{1,40}$/.test(s) ? s : 'other';
}
