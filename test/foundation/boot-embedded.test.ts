import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/bootstrap';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// No DATABASE_URL: the app starts its own real PostgreSQL, migrates it and is ready.
describe('boot without a database URL', () => {
  let app: NestExpressApplication;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'josh-boot-'));
    await chmod(dir, 0o755); // the unprivileged postgres user must reach its data directory
    app = await createApp({
      env: {
        DATABASE_URL: undefined,
        NODE_ENV: 'development',
        LOG_LEVEL: 'silent',
        EMBEDDED_PG_DATA_DIR: join(dir, 'pg'),
        EMBEDDED_PG_PORT: String(await freePort()),
        DATABASE_RUN_MIGRATIONS: 'true',
        SWEEPS_ENABLED: 'false',
      },
    });
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers /health/ready with the database up and every migration applied', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.migrations.status).toBe('up');
  });
});
