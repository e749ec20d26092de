import { join } from 'node:path';

// Where the test PostgreSQL lives: DATABASE_URL when set, else the embedded server global-setup starts.
export const EMBEDDED_TEST_PORT = 54339;
export const EMBEDDED_TEST_DIR = join(__dirname, '..', '..', '.data', 'test-postgres');
export const TEST_DB_PREFIX = 'josh_test_';
// Databases of runs older than this are leftovers of killed runs and are dropped.
export const LEFTOVER_AGE_MS = 2 * 60 * 60 * 1000;

// One id per jest run (its start time in base 36, then a random part: two runs may start in the
// same millisecond, as the guard suite's do), so concurrent runs on one server never touch each
// other's template or file databases. Leftover cleanup reads the time before the first `_`.
export function newRunId(): string {
  return `${Date.now().toString(36)}_${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

export function runId(): string {
  const id = process.env.JOSH_TEST_RUN_ID;
  if (!id) throw new Error('JOSH_TEST_RUN_ID is not set: run tests through jest (global-setup)');
  return id;
}

export function templateDb(id = runId()): string {
  return `${TEST_DB_PREFIX}${id}_template`;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function serverUrl(): string {
  const url = process.env.JOSH_TEST_SERVER_URL;
  if (!url) throw new Error('JOSH_TEST_SERVER_URL is not set: run tests through jest (global-setup)');
  return url;
}
