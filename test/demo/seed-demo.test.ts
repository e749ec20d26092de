import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { validateActivityPatterns, validateBoundaries, validateFingerprint, validatePreferences } from '../../src/common/json-shapes';
import { DEMO_REGION } from '../../src/modules/regions';
import { startTestApp, TestApp } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { outboxFor, textAs } from '../support/conversation-sms';
import { registerMember } from '../support/profile-helpers';

const ROOT = join(__dirname, '..', '..');

// `npm run seed:demo`, the real CLI in its own process.
function seedDemo(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/modules/demo/cli/seed-demo.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function counts(ds: DataSource): Promise<Record<string, number>> {
  const [row] = await ds.query(`select
      (select count(*)::int from users) as users,
      (select count(*)::int from profiles) as profiles,
      (select count(*)::int from conversation_sessions) as sessions,
      (select count(*)::int from entitlements) as entitlements,
      (select count(*)::int from region_memberships) as memberships,
      (select count(*)::int from profile_events) as events`);
  return row;
}

describe('npm run seed:demo', () => {
  let db: TestDatabase;
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({}, db);
    ds = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses NODE_ENV=production and writes nothing', async () => {
    const production = {
      DATABASE_URL: db.url, NODE_ENV: 'production', SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'prod-token',
      TWILIO_FROM_NUMBER: '+15550001111', SMS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 9).toString('base64')}`,
      PHONE_HASH_PEPPER: 'prod-pepper-0123456789abcdefghijklmnop', PUBLIC_BASE_URL: 'https://josh.example.com',
    };
    const run = await seedDemo(production, ['--members', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('seed:demo is for development only');
    expect((await counts(ds)).users).toBe(0);
  }, 120_000);

  it('seeds complete, valid, varied members in the demo region; a second run leaves the same number', async () => {
    const env = { DATABASE_URL: db.url, NODE_ENV: 'development' };
    const first = await seedDemo(env, ['--members', '120', '--progress']);
    expect(first.stderr).toMatch(/seeding \[#{24}\] 100% 120\/120 members .*done/);
    expect(first.stdout).toContain('demo city: 120 members added, 0 already there; 120 active members in demo-sf');
    expect(first.code).toBe(0);
    const after = await counts(ds);
    expect(after).toEqual({ users: 120, profiles: 120, sessions: 120, entitlements: 120, memberships: 120, events: 120 });

    const second = await seedDemo(env, ['--members', '120']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 members added, 120 already there');
    expect(second.stderr).toBe(''); // no terminal, no --progress: no progress output
    expect(await counts(ds)).toEqual(after);

    const profiles: Array<{ state: string; fingerprint: unknown; activity_patterns: Array<{ activity_key: string }>; boundaries: unknown; preferences: unknown }> =
      await ds.query(`select p.state, p.fingerprint, p.activity_patterns, p.boundaries, p.preferences from profiles p`);
    for (const p of profiles) {
      expect([p.state, validateFingerprint(p.fingerprint), validateActivityPatterns(p.activity_patterns), validateBoundaries(p.boundaries),
        validatePreferences(p.preferences)]).toEqual([expect.stringMatching(/^complete_(mvp|full)$/), [], [], [], []]);
    }
    // Varied: many activities and several profile shapes, not one template.
    expect(new Set(profiles.flatMap((p) => p.activity_patterns.map((a) => a.activity_key))).size).toBeGreaterThanOrEqual(8);
    expect(new Set(profiles.map((p) => JSON.stringify(p.preferences))).size).toBeGreaterThan(5);
    const [region] = await ds.query(`select r.slug, count(u.*)::int as n from regions r join users u on u.region_id = r.id group by r.slug`);
    expect(region).toEqual({ slug: DEMO_REGION.slug, n: 120 });
  }, 180_000);

  it('makes a city where a new LinkUp gets its invites at once', async () => {
    const ada = await registerMember(t.app, 'Ada', '94110');
    for (const answer of ['coffee, walk', 'weekend mornings', 'small', 'slow', 'both', 'nothing', 'later']) await textAs(t.app, ada.phone, answer);
    await textAs(t.app, ada.phone, 'coffee saturday morning');
    await textAs(t.app, ada.phone, 'yes');
    const invites: Array<{ phone: string; reasons: string[] }> = await ds.query(
      `select u.phone_e164 as phone, i.explainability -> 'top_reasons' as reasons
         from linkup_invites i join linkups l on l.id = i.linkup_id join users u on u.id = i.invited_user_id
        where l.initiator_user_id = $1 and i.state = 'pending'`,
      [ada.userId],
    );
    expect(invites.length).toBeGreaterThanOrEqual(4);
    for (const i of invites) expect(i).toEqual({ phone: expect.stringMatching(/^\+1415555[2-9]\d{3}$/), reasons: expect.arrayContaining([expect.any(String)]) });
    expect((await outboxFor(t.app, invites[0].phone)).join('\n')).toMatch(/Reply YES to join/);
  }, 120_000);
});
