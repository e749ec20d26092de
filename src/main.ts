import 'reflect-metadata';
import { appConfig, createApp } from './bootstrap';
import { ConfigValidationError, preflightConfig } from './config';
import { rootLogger } from './common/logging/logger';
import { ShutdownState } from './common/lifecycle/shutdown-state';

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
    { port: config.env.PORT, role: config.env.APP_ROLE, nodeEnv: config.env.NODE_ENV, smsProvider: config.env.SMS_PROVIDER, billing: config.env.BILLING_MODE },
    `JOSH listening on http://localhost:${config.env.PORT}${config.docsEnabled ? ' (OpenAPI at /docs)' : ''}`,
  );
  // SIGTERM/SIGINT: readiness turns 503, background loops stop claiming, what is in flight
  // finishes, claimed jobs not yet sent are released, pools close, exit 0 - all within
  // SHUTDOWN_GRACE_SECONDS, else exit 1 (leases then run out and other instances retry).
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.get(ShutdownState).begin();
    const graceMs = config.env.SHUTDOWN_GRACE_SECONDS * 1000;
    rootLogger().info({ signal, graceSeconds: config.env.SHUTDOWN_GRACE_SECONDS }, 'shutting down');
    const timer = setTimeout(() => {
      rootLogger().error({ signal }, 'shutdown grace exceeded; exiting with work still in flight');
      process.exit(1);
    }, graceMs);
    timer.unref();
    app.close().then(
      () => {
        rootLogger().info({ signal }, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        rootLogger().error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

// A stray rejection (a dropped connection, a timer's promise) is logged, never fatal: the loops
// and pools recover by themselves.
process.on('unhandledRejection', (err) => rootLogger().error({ err }, 'unhandled rejection'));

main().catch((err: unknown) => {
  if (err instanceof ConfigValidationError) {
    // A readable list, one line per bad variable, and no stack trace.
    process.stderr.write(`${err.message}\n`);
  } else {
    rootLogger().fatal({ err }, 'failed to start');
  }
  process.exit(1);
});
