import type { MetricsService } from '../../../common/metrics';
import { safeLabel } from '../../../common/metrics';
import type { SmsProvider } from '../providers/sms-provider';

// Counts every provider send and every failure by error code (Twilio's numeric codes, network
// codes), around whatever SmsProvider is configured; everything else passes straight through.
export function instrumentProvider(provider: SmsProvider, metrics: MetricsService): SmsProvider {
  const sends = metrics.counter('josh_outbound_sends_total', 'Provider send calls, by result', ['result']);
  const failures = metrics.counter('josh_outbound_send_failures_total', 'Provider send failures, by error code and kind', ['code', 'kind']);
  const latency = metrics.histogram('josh_outbound_send_duration_seconds', 'Provider send latency', [], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15]);
  return new Proxy(provider, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (...args: Parameters<SmsProvider['send']>) => {
        const end = latency.startTimer();
        try {
          const result = await target.send(...args);
          sends.inc({ result: 'sent' });
          return result;
        } catch (err) {
          const e = err as { code?: unknown; kind?: unknown };
          sends.inc({ result: 'failed' });
          failures.inc({ code: safeLabel(e.code ?? 'unknown'), kind: safeLabel(e.kind ?? 'transient') });
          throw err;
        } finally {
          end();
        }
      };
    },
  });
}
