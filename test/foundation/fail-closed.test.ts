import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEV_PHONE_HASH_PEPPER, DEV_SMS_ENCRYPTION_KEYS } from '../../src/config/env.schema';
import { createTestDatabase, TestDatabase } from '../support/database';
import { startTestApp, TestApp } from '../support/app';

const ROOT = join(__dirname, '..', '..');

// Real production settings (Twilio, own key and pepper, public https URL); tests break one thing.
const PRODUCTION: Record<string, string> = {
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: 'AC' + 'b'.repeat(32),
  TWILIO_AUTH_TOKEN: 'prod-token',
  TWILIO_FROM_NUMBER: '+15550001111',
  TWILIO_API_BASE_URL: 'http://127.0.0.1:9', // never called: nothing is sent in these tests
  SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 9).toString('base64')}`,
  PHONE_HASH_PEPPER: 'prod-pepper-0123456789abcdefghijklmnop',
  PUBLIC_BASE_URL: 'https://josh.example.com',
};

// Starts src/main.ts (the real entry point) with only `env`, from an empty directory (no .env).
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    void mkdtemp(join(tmpdir(), 'josh-main-')).then((cwd) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')], {
        cwd,
        env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), NODE_PATH: join(ROOT, 'node_modules'), ...env },
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => (stdout += d));
      child.on('error', reject);
      child.on('exit', (code) => void rm(cwd, { recursive: true, force: true }).then(() => resolve({ code, stderr, stdout })));
    }, reject);
  });
}

describe('fail closed: production settings', () => {
  it('attack: with NODE_ENV unset, the service refuses to start on the development key and pepper with Twilio', async () => {
    const { code, stderr, stdout } = await runMain({
      ...PRODUCTION,
      DATABASE_URL: 'postgres://josh@127.0.0.1:9/josh',
      SMS_ENCRYPTION_KEYS: DEV_SMS_ENCRYPTION_KEYS,
      PHONE_HASH_PEPPER: DEV_PHONE_HASH_PEPPER,
    });
    expect(code).toBe(1);
    // One readable line per problem and no stack trace.
    expect(stderr.trim().split('\n')).toEqual([
      'Invalid configuration:',
      '  - SMS_ENCRYPTION_KEYS: the development key must not be used in production',
      '  - PHONE_HASH_PEPPER: the development pepper must not be used in production',
      '  - NODE_ENV: not set, so the production rules apply; set NODE_ENV=development (or test) to use the development defaults',
    ]);
    expect(stdout).not.toMatch(/listening/);
  }, 120_000);

  describe('API docs', () => {
    let db: TestDatabase;
    const apps: TestApp[] = [];
    const start = async (env: Record<string, string>) => {
      const app = await startTestApp(env, db);
      apps.push(app);
      return app.app.getHttpServer();
    };

    beforeAll(async () => {
      db = await createTestDatabase();
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
      await db?.drop();
    });

    it('are not served in production unless DOCS_ENABLED=true', async () => {
      const server = await start({ ...PRODUCTION, NODE_ENV: 'production' });
      await request(server).get('/docs').expect(404);
      await request(server).get('/docs-json').expect(404);
      await request(server).get('/health').expect(200);
      const opened = await start({ ...PRODUCTION, NODE_ENV: 'production', DOCS_ENABLED: 'true' });
      const doc = await request(opened).get('/docs-json').expect(200);
      expect(doc.body.info.title).toBe('JOSH API');
    });

    it('are served in development and test by default', async () => {
      const server = await start({});
      await request(server).get('/docs-json').expect(200);
      await request(server).get('/docs').redirects(1).expect(200);
    });
  });
});
