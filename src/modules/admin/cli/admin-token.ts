import 'reflect-metadata';
import { isEmail } from 'class-validator';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigValidationError, preflightConfig } from '../../../config';
import { buildDataSourceOptions } from '../../../database/data-source-options';
import { TransactionRunner } from '../../../database/transaction-runner';
import { AdminAuditRepository } from '../audit/admin-audit.repository';
import { AdminAuditService } from '../audit/admin-audit.service';
import { ADMIN_ROLES, isAdminRole } from '../auth/admin-roles';
import { AdminTokensRepository } from '../auth/admin-tokens.repository';
import { AdminTokensService } from '../auth/admin-tokens.service';

// npm run admin:token -- --email <e> --role support|ops|engineering [--reason <why>]
//   creates the admin if missing (an existing one takes the role given) and prints a new token as
//   the last line (shown once; only its SHA-256 is stored);
// npm run admin:token -- --revoke <token id> [--reason <why>]
// npm run admin:token -- --list
// Configuration as the service reads it (.env, then the environment; an unset NODE_ENV means the
// production rules, so run it where the service's environment is, or with NODE_ENV=development).
// The database is DATABASE_URL, or in development the embedded one `npm start` runs.

export const USAGE = [
  'usage:',
  '  npm run admin:token -- --email <email> --role support|ops|engineering [--reason <why>]',
  '  npm run admin:token -- --revoke <token id> [--reason <why>]',
  '  npm run admin:token -- --list',
].join('\n');

type Command =
  | { kind: 'issue'; email: string; role: (typeof ADMIN_ROLES)[number]; reason: string | null }
  | { kind: 'revoke'; tokenId: string; reason: string | null }
  | { kind: 'list' };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseArgs(argv: string[]): Command | string {
  const args = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) return `unexpected argument: ${a}`;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args.set(a, next);
      i++;
    } else {
      args.set(a, true);
    }
  }
  const unknown = [...args.keys()].filter((k) => !['--email', '--role', '--revoke', '--list', '--reason'].includes(k));
  if (unknown.length) return `unknown option: ${unknown.join(', ')}`;
  const str = (k: string) => (typeof args.get(k) === 'string' ? (args.get(k) as string) : null);
  const reason = str('--reason');
  if (args.has('--list')) return args.size === 1 ? { kind: 'list' } : '--list takes no other option';
  if (args.has('--revoke')) {
    const tokenId = str('--revoke');
    if (!tokenId || !UUID_RE.test(tokenId)) return '--revoke needs a token id (a UUID, see --list)';
    if (args.has('--email') || args.has('--role')) return '--revoke takes no --email or --role';
    return { kind: 'revoke', tokenId: tokenId.toLowerCase(), reason };
  }
  const email = str('--email');
  const role = str('--role');
  if (!email || !isEmail(email)) return '--email needs an email address';
  if (!isAdminRole(role)) return `--role must be one of ${ADMIN_ROLES.join(', ')}`;
  return { kind: 'issue', email, role, reason };
}

function databaseUrl(config: AppConfig): string {
  // Production already refused a missing DATABASE_URL in the configuration check.
  return config.env.DATABASE_URL ?? `postgres://postgres:josh-embedded@127.0.0.1:${config.env.EMBEDDED_PG_PORT}/josh`;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runAdminTokenCli(argv: string[], config: AppConfig, { out, err: fail }: CliIo): Promise<number> {
  const command = parseArgs(argv);
  if (typeof command === 'string') {
    fail(`${command}\n${USAGE}`);
    return 2;
  }
  const ds = new DataSource(buildDataSourceOptions(databaseUrl(config), { entities: [], migrations: [], extra: { max: 2, application_name: 'josh-admin-token' } }));
  try {
    await ds.initialize();
  } catch (err) {
    fail(config.env.DATABASE_URL ? `cannot reach DATABASE_URL: ${(err as Error).message}` : 'no DATABASE_URL and the embedded PostgreSQL is not running: start the service (npm start) or set DATABASE_URL');
    return 1;
  }
  try {
    const tx = new TransactionRunner(ds);
    const service = new AdminTokensService(new AdminTokensRepository(ds), new AdminAuditService(new AdminAuditRepository(ds), tx, config), tx);
    return await execute(command, service, out);
  } catch (err) {
    const code = (err as { code?: string }).code;
    fail(code === '42P01' ? 'the admin tables are missing: run the migrations first (npm run migration:run, or start the service once)' : `failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

async function execute(command: Command, service: AdminTokensService, out: (line: string) => void): Promise<number> {
  if (command.kind === 'list') {
    const tokens = await service.list();
    if (!tokens.length) out('no admin tokens');
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
      out(`${t.id}  ${t.email}  ${t.role}  created ${t.createdAt.toISOString()}  last used ${t.lastUsedAt?.toISOString() ?? 'never'}  ${state}`);
    }
    return 0;
  }
  if (command.kind === 'revoke') {
    const outcome = await service.revoke(command.tokenId, command.reason);
    out(outcome === 'not_found' ? `no token ${command.tokenId}` : `${command.tokenId}: ${outcome.replace('_', ' ')}`);
    return outcome === 'not_found' ? 1 : 0;
  }
  const issued = await service.issue(command.email, command.role, command.reason);
  const note = issued.adminCreated ? 'created' : issued.roleChangedFrom ? `role changed from ${issued.roleChangedFrom}` : 'existing';
  out(`admin ${issued.admin.email} (${issued.admin.role}, ${note})`);
  out(`token id ${issued.tokenId} (revoke with: npm run admin:token -- --revoke ${issued.tokenId})`);
  out('The token below is shown once; only its SHA-256 is stored. Use it as: Authorization: Bearer <token>');
  out(issued.token);
  return 0;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = preflightConfig();
  } catch (err) {
    if (err instanceof ConfigValidationError) process.stderr.write(`${err.message}\n`);
    else throw err;
    process.exit(1);
  }
  const code = await runAdminTokenCli(process.argv.slice(2), config, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exit(code);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
