import 'reflect-metadata';
import { appConfig, createApp } from './bootstrap';
import { ConfigValidationError, preflightConfig } from './config';
import { rootLogger } from './common/logging/logger';

// `npm start` passes --default-node-env=development so a fresh clone runs with no setup, while
// `node dist/src/main.js` alone fails closed (unset NODE_ENV = production rules).
const DEFAULT_NODE_ENV_FLAG = '--default-node-env=';

async function main(): Promise<void> {
  const flag = process.argv.find((arg) => arg.startsWith(DEFAULT_NODE_ENV_FLAG));
  preflightConfig('.env', flag?.slice(DEFAULT_NODE_ENV_FLAG.length));
  const app = await createApp();
  const config = appConfig(app);
  await app.listen(config.env.PORT);
  rootLogger().info(
    { port: config.env.PORT, nodeEnv: config.env.NODE_ENV, smsProvider: config.env.SMS_PROVIDER, billing: config.env.BILLING_MODE },
    `JOSH listening on http://localhost:${config.env.PORT}${config.docsEnabled ? ' (OpenAPI at /docs)' : ''}`,
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
