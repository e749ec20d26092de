import { join } from 'node:path';

// Where the test PostgreSQL lives: DATABASE_URL when set, else the embedded server global-setup starts.
export const TEMPLATE_DB = 'josh_test_template';
export const EMBEDDED_TEST_PORT = 54339;
export const EMBEDDED_TEST_DIR = join(__dirname, '..', '..', '.data', 'test-postgres');

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
