import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../app.module';
import { createRootLogger } from '../../../common/logging/logger';
import { PinoNestLogger } from '../../../common/logging/nest-logger';
import { Progress } from '../../../common/progress';
import { SmsReencryptionService } from '../keys/sms-reencryption.service';

// `npm run sms:reencrypt`: after adding a key version to SMS_ENCRYPTION_KEYS and making it
// SMS_ENCRYPTION_KEY_VERSION, moves every stored body to it. Exits 1 if some body failed authentication.
// Progress and ETA on a terminal (--progress to print plain lines without one, --no-progress for none).
async function main(): Promise<void> {
  const logger = new PinoNestLogger(createRootLogger(process.env.LOG_LEVEL ?? 'info'));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env: { SWEEPS_ENABLED: 'false' } }), { logger });
  try {
    const progress = new Progress({ label: 're-encrypting', total: 0, unit: 'bodies' });
    const summary = await app.get(SmsReencryptionService, { strict: false }).reencryptAll((done, total) => {
      progress.setTotal(total);
      progress.update(done);
    });
    progress.finish();
    process.stdout.write(`re-encrypted ${summary.reencrypted} bodies; ${summary.failedIds.length} failed authentication\n`);
    for (const id of summary.failedIds) process.stdout.write(`  failed: ${id}\n`);
    process.exitCode = summary.failedIds.length ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
