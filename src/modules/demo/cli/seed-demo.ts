import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PhoneHasher } from '../../../common/crypto';
import { Progress, progressMode } from '../../../common/progress';
import { ConfigValidationError, preflightConfig, type AppConfig } from '../../../config';
import { buildDataSourceOptions } from '../../../database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../../database/embedded-postgres';
import { DemoSeedRepository } from '../seed/demo-seed.repository';
import { DemoSeeder } from '../seed/demo-seeder';

// `npm run seed:demo -- --members 300`: a demo city of synthetic members with complete, varied
// profiles in the demo region, so a LinkUp started on /dev/phone gets invites at once. Development
// only (refuses NODE_ENV=production). Rerun-safe. Progress and ETA on a terminal (--progress to force
// plain lines, --no-progress for none). Uses DATABASE_URL, else the embedded PostgreSQL that
// `npm start` runs (started here if it is not running).

const USAGE = 'usage: npm run seed:demo -- [--members N] [--progress | --no-progress]';

function membersArg(argv: string[]): number {
  const at = argv.findIndex((a) => a === '--members' || a.startsWith('--members='));
  if (at < 0) return 300;
  const raw = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  const n = Number(raw);
  if (!raw || !Number.isInteger(n)) throw new RangeError(`--members needs a whole number\n${USAGE}`);
  return n;
}

async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

// DATABASE_URL, or the embedded server (the one `npm start` runs, or one started for this run).
async function databaseUrl(config: AppConfig): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  if (config.env.DATABASE_URL) return { url: config.env.DATABASE_URL };
  const running = `postgres://postgres:josh-embedded@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/josh`;
  if (await reachable(running)) return { url: running };
  const embedded = await startEmbeddedPostgres({ dataDir: config.env.EMBEDDED_PG_DATA_DIR, port: config.env.EMBEDDED_PG_PORT });
  return { url: embedded.url, embedded };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void process.stdout.write(`${USAGE}\n`);
  const config = preflightConfig('.env', 'development');
  if (config.isProduction) throw new Error('seed:demo is for development only: it refuses NODE_ENV=production.');
  const members = membersArg(argv);
  const { url, embedded } = await databaseUrl(config);
  const ds = new DataSource(buildDataSourceOptions(url, { extra: { max: 2, application_name: 'josh-seed-demo' } }));
  await ds.initialize();
  try {
    await ds.runMigrations();
    const progress = new Progress({ label: 'seeding', total: members, unit: 'members', mode: progressMode(argv) });
    const seeder = new DemoSeeder(new DemoSeedRepository(ds), new PhoneHasher(config.env.PHONE_HASH_PEPPER));
    const started = Date.now();
    const summary = await seeder.seed({ members, billingMode: config.env.BILLING_MODE, onBatch: (done) => progress.update(done) });
    progress.finish();
    process.stdout.write(
      `demo city: ${summary.inserted} members added, ${summary.existing} already there; ` +
        `${summary.regionMembers} active members in demo-sf (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigValidationError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
