import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config';
import { runAdminTokenCli } from '../../src/modules/admin/cli/admin-token';
import { startTestApp, TEST_ENV, type TestApp } from '../support/app';
import { adminCall, adminToken, auditRows } from '../support/admin';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeMatchable, makeRegion } from '../support/linkups-factories';

const ROOT = join(__dirname, '..', '..');

// `npm run admin:token`'s entry point, from an empty directory (no .env), with only `env`.
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    void mkdtemp(join(tmpdir(), 'josh-admin-token-')).then((cwd) => {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/modules/admin/cli/admin-token.ts'), ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), NODE_PATH: join(ROOT, 'node_modules'), ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('exit', (code) => void rm(cwd, { recursive: true, force: true }).then(() => resolve({ code, stdout, stderr })));
    }, reject);
  });
}

const lastLine = (out: string) => out.trim().split('\n').slice(-1)[0];

describe('admin tokens and the guard', () => {
  let db: TestDatabase;
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({}, db);
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.drop();
  });

  const whoCan = (token: string) => request(t.app.getHttpServer()).get('/admin/v1/regions').set('authorization', `Bearer ${token}`);

  describe('npm run admin:token', () => {
    const config = () => AppConfig.fromEnvironment({ ...TEST_ENV, DATABASE_URL: db.url });
    async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAdminTokenCli(args, config(), { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out, err };
    }

    it('creates the admin, prints a working token as the last line, stores only its SHA-256, and audits the issue', async () => {
      const r = await cli(['--email', 'Nia@Josh.Test', '--role', 'ops', '--reason', 'New ops hire']);
      expect(r.code).toBe(0);
      expect(r.out[0]).toBe('admin nia@josh.test (ops, created)');
      const token = r.out[r.out.length - 1];
      expect(token).toMatch(/^josh_admin_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
      await whoCan(token).expect(200);
      const [row] = await ds.query(`select t.id, t.token_hash, t.last_used_at from admin_api_tokens t join admin_users a on a.id = t.admin_user_id where a.email = 'nia@josh.test'`);
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await ds.query(`select * from admin_api_tokens`))).not.toContain(token.split('_').pop());
      expect(row.last_used_at).not.toBeNull();
      const [audit] = await auditRows(t.app, { targetId: row.id });
      expect(audit).toMatchObject({ admin_user_id: null, action: 'admin_token.issued', target_type: 'admin_api_token', reason: 'New ops hire', payload: { role: 'ops', adminCreated: true, via: 'cli' } });
    });

    it('gives an existing admin a new role and another token; --list shows both; --revoke ends one at once', async () => {
      const first = await cli(['--email', 'omar@josh.test', '--role', 'support']);
      const second = await cli(['--email', 'omar@josh.test', '--role', 'engineering']);
      expect(second.out[0]).toBe('admin omar@josh.test (engineering, role changed from support)');
      const [t1, t2] = [lastLine(first.out.join('\n')), lastLine(second.out.join('\n'))];
      // The role is the admin's: the older token now carries engineering too.
      await request(t.app.getHttpServer()).get('/admin/v1/stripe-events').set('authorization', `Bearer ${t1}`).expect(200);
      const list = await cli(['--list']);
      const mine = list.out.filter((l) => l.includes('omar@josh.test'));
      expect(mine).toHaveLength(2);
      expect(mine.every((l) => / engineering .* active$/.test(l))).toBe(true);
      const firstId = first.out[1].split(' ')[2];
      expect((await cli(['--revoke', firstId, '--reason', 'Laptop lost'])).out).toEqual([`${firstId}: revoked`]);
      expect((await cli(['--revoke', firstId])).out).toEqual([`${firstId}: already revoked`]);
      await whoCan(t1).expect(401);
      await whoCan(t2).expect(200);
      expect((await cli(['--list'])).out.find((l) => l.startsWith(firstId))).toMatch(/revoked \d{4}-/);
      expect((await auditRows(t.app, { targetId: firstId })).map((r) => r.action)).toEqual(['admin_token.issued', 'admin_token.revoked']);
    });

    it('refuses bad arguments with the usage (exit 2) and an unknown token id (exit 1)', async () => {
      for (const args of [[], ['--email', 'x@josh.test', '--role', 'root'], ['--email', 'nope', '--role', 'ops'], ['--revoke', '12'], ['--list', '--email', 'a@b.c'], ['--frobnicate']]) {
        const r = await cli(args);
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(r.err.join('\n')).toContain('usage:');
      }
      expect((await cli(['--revoke', '00000000-0000-4000-8000-000000000000'])).code).toBe(1);
    });

    it('the real entry point: the token is the last line; with NODE_ENV unset it fails closed unless production settings are given', async () => {
      const ok = await runCli(['--email', 'pia@josh.test', '--role', 'support'], { NODE_ENV: 'test', DATABASE_URL: db.url });
      expect(ok.code).toBe(0);
      await whoCan(lastLine(ok.stdout)).expect(403);

      const closed = await runCli(['--email', 'quin@josh.test', '--role', 'support'], { DATABASE_URL: db.url });
      expect(closed.code).toBe(1);
      expect(closed.stderr).toMatch(/Invalid configuration:[\s\S]*NODE_ENV: not set, so the production rules apply/);
      expect(closed.stdout).toBe('');
      expect(await ds.query(`select 1 from admin_users where email = 'quin@josh.test'`)).toEqual([]);

      const production = await runCli(['--email', 'quin@josh.test', '--role', 'support'], {
        DATABASE_URL: db.url, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC' + 'b'.repeat(32), TWILIO_AUTH_TOKEN: 'prod', TWILIO_FROM_NUMBER: '+15550001111',
        SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 9).toString('base64')}`, PHONE_HASH_PEPPER: 'prod-pepper-0123456789abcdefghijklmnop', PUBLIC_BASE_URL: 'https://josh.example.com',
      });
      expect(production.code).toBe(0);
      expect(lastLine(production.stdout)).toMatch(/^josh_admin_/);
    }, 120_000);
  });

  describe('the bearer token', () => {
    it('401 for every malformed Authorization header, without saying which', async () => {
      const { token } = await adminToken(t.app, 'support');
      const [id, secret] = token.replace('josh_admin_', '').split('_');
      const headers = [
        `Basic ${Buffer.from('a:b').toString('base64')}`, 'Bearer', `Bearer ${token} extra`, `Token ${token}`, `Bearer ${token.toUpperCase()}`,
        `Bearer josh_admin_${id}_${secret.slice(1)}`, `Bearer josh_admin_${'0'.repeat(32)}_${secret}`, `Bearer ${'x'.repeat(5000)}`,
      ];
      const bodies = new Set<string>();
      for (const h of headers) {
        const res = await request(t.app.getHttpServer()).get('/admin/v1/users/00000000-0000-4000-8000-000000000000').set('authorization', h).expect(401);
        bodies.add(`${res.body.code}|${res.body.message}`);
      }
      expect(bodies.size).toBe(1);
      await request(t.app.getHttpServer()).get('/admin/v1/reports').set('authorization', `bearer  ${token}`).expect(200);
    });

    it('is limited per token in PostgreSQL: across two instances, the call over the limit is 429 with Retry-After; other tokens go on', async () => {
      const env = { ADMIN_RATE_LIMIT_PER_TOKEN: '4', ADMIN_RATE_LIMIT_WINDOW_SECONDS: '600' };
      const [a, b] = [await startTestApp(env, db), await startTestApp(env, db)];
      try {
        const busy = await adminToken(a.app, 'ops');
        const other = await adminToken(a.app, 'ops');
        const statuses = await Promise.all([a, b, a, b, a, b].map((inst) => adminCall(inst.app, busy, 'get', '/admin/v1/regions').then((r) => r.status)));
        expect(statuses.sort()).toEqual([200, 200, 200, 200, 429, 429]);
        const limited = await adminCall(b.app, busy, 'get', '/admin/v1/audit-log').expect(429);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(limited.body).toEqual({ code: 'rate_limited', message: expect.any(String), retryAfterSeconds: Number(limited.headers['retry-after']), correlationId: expect.any(String) });
        await adminCall(a.app, other, 'get', '/admin/v1/regions').expect(200);
      } finally {
        await a.app.close();
        await b.app.close();
      }
    });
  });

  describe('the audit log', () => {
    it('a change and its audit row commit together: when the audit insert fails, the hold is not applied either', async () => {
      const m = await makeMatchable(ds, await makeRegion(ds));
      const support = await adminToken(t.app, 'support');
      await ds.query(`create function test_refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`);
      await ds.query(`create trigger test_refuse_audit before insert on admin_audit_log for each row execute function test_refuse_audit()`);
      try {
        const res = await adminCall(t.app, support, 'post', `/admin/v1/users/${m.id}/holds`, { state: 'hard_hold', reason: 'Ticket 5' }).expect(500);
        expect(res.body).toEqual({ code: 'internal_error', message: expect.any(String), correlationId: expect.any(String) });
      } finally {
        await ds.query(`drop trigger test_refuse_audit on admin_audit_log`);
        await ds.query(`drop function test_refuse_audit()`);
      }
      expect(await ds.query(`select 1 from safety_holds where user_id = $1 and state <> 'none'`, [m.id])).toEqual([]);
      expect(await ds.query(`select 1 from domain_events where entity_id = $1 and event_type like 'safety_hold.%'`, [m.id])).toEqual([]);
      expect(await ds.query(`select mode from conversation_sessions where user_id = $1`, [m.id])).toEqual([{ mode: 'idle' }]);
    });

    it('is append-only: rows cannot be changed or deleted; removing an admin leaves their rows, unattributed', async () => {
      const ops = await adminToken(t.app, 'ops');
      const m = await makeMatchable(ds, await makeRegion(ds));
      await adminCall(t.app, ops, 'post', `/admin/v1/users/${m.id}/suspend`, { reason: 'Ticket 6' }).expect(200);
      const [row] = await auditRows(t.app, { targetId: m.id });
      await expect(ds.query(`update admin_audit_log set reason = 'nothing to see' where id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`delete from admin_audit_log where id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`update admin_audit_log set admin_user_id = null, reason = 'x' where id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await ds.query(`delete from admin_users where id = $1`, [ops.adminId]);
      const [after] = await auditRows(t.app, { targetId: m.id });
      expect(after).toEqual({ ...row, admin_user_id: null });
      expect(await ds.query(`select 1 from admin_api_tokens where admin_user_id = $1`, [ops.adminId])).toEqual([]);
    });
  });
});
