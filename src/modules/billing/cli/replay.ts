import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../app.module';
import { createRootLogger } from '../../../common/logging/logger';
import { PinoNestLogger } from '../../../common/logging/nest-logger';
import { Progress } from '../../../common/progress';
import { ConfigValidationError, preflightConfig } from '../../../config';
import { StripeEventsService } from '../events/stripe-events.service';

// `npm run billing:replay -- <event id>`: processes a stored Stripe event that failed (or was cut
// off), once; without an id, lists the events not processed yet; `--all` replays every one of them,
// oldest first, with progress and an ETA on a terminal (--progress prints plain lines without one).
// Exits 1 when processing fails.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const eventId = args.find((a) => !a.startsWith('--'));
  preflightConfig();
  const logger = new PinoNestLogger(createRootLogger(process.env.LOG_LEVEL ?? 'warn'));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env: { SWEEPS_ENABLED: 'false' } }), { logger });
  try {
    const events = app.get(StripeEventsService, { strict: false });
    if (args.includes('--all')) return await replayAll(events);
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

// Every unprocessed event once (up to 1,000); one that fails again is reported and the rest go on.
async function replayAll(events: StripeEventsService): Promise<void> {
  const pending = await events.listFailed(1000);
  const progress = new Progress({ label: 'replaying', total: pending.length, unit: 'events' });
  let failed = 0;
  for (const e of pending) {
    try {
      const outcome = await events.replay(e.stripeEventId);
      progress.interrupt(() => process.stdout.write(`${e.stripeEventId}: ${outcome}\n`));
    } catch (err) {
      failed++;
      progress.interrupt(() => process.stdout.write(`${e.stripeEventId}: failed again (${err instanceof Error ? err.message : String(err)})\n`));
    }
    progress.tick();
  }
  progress.finish();
  process.stdout.write(`${pending.length - failed} of ${pending.length} unprocessed events replayed\n`);
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  if (err instanceof ConfigValidationError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
