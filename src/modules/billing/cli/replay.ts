import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../app.module';
import { createRootLogger } from '../../../common/logging/logger';
import { PinoNestLogger } from '../../../common/logging/nest-logger';
import { ConfigValidationError, preflightConfig } from '../../../config';
import { StripeEventsService } from '../events/stripe-events.service';

// `npm run billing:replay -- <event id>`: processes a stored Stripe event that failed (or was cut
// off), once; without an id, lists the events not processed yet. Exits 1 when processing fails.
async function main(): Promise<void> {
  const eventId = process.argv[2];
  preflightConfig();
  const logger = new PinoNestLogger(createRootLogger(process.env.LOG_LEVEL ?? 'warn'));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env: { SWEEPS_ENABLED: 'false' } }), { logger });
  try {
    const events = app.get(StripeEventsService, { strict: false });
    if (!eventId) {
      const failed = await events.listFailed(100);
      process.stdout.write(failed.length ? '' : 'no unprocessed Stripe events\n');
      for (const e of failed) process.stdout.write(`${e.stripeEventId}  ${e.eventType}  received ${e.receivedAt.toISOString()}  ${e.processingError ?? '(no error recorded)'}\n`);
      return;
    }
    process.stdout.write(`${eventId}: ${await events.replay(eventId)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigValidationError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
