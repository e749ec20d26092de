import 'reflect-metadata';
import { appConfig, createApp } from './bootstrap';
import { ConfigValidationError, preflightConfig } from './config';
import { rootLogger } from './common/logging/logger';

async function main(): Promise<void> {
  preflightConfig();
  const app = await createApp();
  const config = appConfig(app);
  await app.listen(config.env.PORT);
  rootLogger().info(
    { port: config.env.PORT, smsProvider: config.env.SMS_PROVIDER, billing: config.env.BILLING_MODE },
    `JOSH listening on http://localhost:${config.env.PORT} (OpenAPI at /docs)`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigValidationError) {
    // A readable list, one line per bad variable, and no stack trace.
    process.stderr.write(`${err.message}\n`);
  } else {
    rootLogger().fatal({ err }, 'failed to start');
  }
  process.exit(1);
});
