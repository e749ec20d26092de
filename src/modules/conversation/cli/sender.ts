import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../app.module';
import { createRootLogger } from '../../../common/logging/logger';
import { PinoNestLogger } from '../../../common/logging/nest-logger';
import { SmsSendersService } from '../outbound/sms-senders.service';

// `npm run sms:sender -- status` shows whether the configured sender is paused (an alarm: 30002,
// 30007 or 30034) and its pacing slot; `npm run sms:sender -- resume` lifts the pause once the cause
// is fixed, and the jobs that waited go out (those still valid).
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'status';
  if (command !== 'status' && command !== 'resume') throw new Error('usage: npm run sms:sender -- status|resume');
  const logger = new PinoNestLogger(createRootLogger(process.env.LOG_LEVEL ?? 'info'));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env: { SWEEPS_ENABLED: 'false' } }), { logger });
  try {
    const senders = app.get(SmsSendersService, { strict: false });
    if (command === 'resume') process.stdout.write((await senders.resume()) ? 'resumed\n' : 'was not paused\n');
    process.stdout.write(`${JSON.stringify(await senders.status())}\n`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
