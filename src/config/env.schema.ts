import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';
import { Type } from 'class-transformer';
import { publicUrlProblem } from './public-url';

// Development-only secrets: well known, so they are refused unless NODE_ENV says development or test.
export const DEV_SMS_ENCRYPTION_KEYS = '1:ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=';
export const DEV_PHONE_HASH_PEPPER = 'dev-only-pepper-do-not-use-in-production';
const DEV_KEY = Buffer.from(DEV_SMS_ENCRYPTION_KEYS.slice(2), 'base64');
export const MIN_PRODUCTION_PEPPER_BYTES = 32;

export class EnvironmentVariables {
  // Fails closed: unset means production, so the development defaults below are refused unless
  // development or test is asked for explicitly (`npm start` sets development when unset).
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'production';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsIn(['true', 'false'])
  DATABASE_RUN_MIGRATIONS: 'true' | 'false' = 'true';

  @IsString()
  EMBEDDED_PG_DATA_DIR = '.data/postgres';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsIn(['console', 'twilio'])
  SMS_PROVIDER: 'console' | 'twilio' = 'console';

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must look like AC followed by 32 hex characters' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'TWILIO_FROM_NUMBER must be an E.164 number such as +15550001111' })
  TWILIO_FROM_NUMBER?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  TWILIO_API_BASE_URL?: string;

  // Sends through this Messaging Service (MessagingServiceSid) instead of TWILIO_FROM_NUMBER.
  @IsOptional()
  @Matches(/^MG[0-9a-fA-F]{32}$/, { message: 'TWILIO_MESSAGING_SERVICE_SID must look like MG followed by 32 hex characters' })
  TWILIO_MESSAGING_SERVICE_SID?: string;

  @Matches(/^\d+:[A-Za-z0-9+/=]+(,\d+:[A-Za-z0-9+/=]+)*$/, {
    message: 'SMS_ENCRYPTION_KEYS must be a comma-separated list of version:base64key (32-byte keys)',
  })
  SMS_ENCRYPTION_KEYS = DEV_SMS_ENCRYPTION_KEYS;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SMS_ENCRYPTION_KEY_VERSION = 1;

  @IsString()
  @Matches(/^.{16,}$/, { message: 'PHONE_HASH_PEPPER must be at least 16 characters' })
  PHONE_HASH_PEPPER = DEV_PHONE_HASH_PEPPER;

  @IsIn(['free', 'stripe'])
  BILLING_MODE: 'free' | 'stripe' = 'free';

  @IsOptional()
  @Matches(/^(sk|rk)_(test|live)_\w+$/, { message: 'STRIPE_SECRET_KEY must start with sk_test_, sk_live_, rk_test_ or rk_live_' })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Matches(/^whsec_\w+$/, { message: 'STRIPE_WEBHOOK_SECRET must start with whsec_' })
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Matches(/^price_\w+$/, { message: 'STRIPE_PRICE_ID must start with price_' })
  STRIPE_PRICE_ID?: string;

  // Another Stripe API server (stripe-mock, the test fake); never in production.
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'STRIPE_API_BASE must be an http(s) URL such as http://127.0.0.1:12111' })
  STRIPE_API_BASE?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsIn(['true', 'false'])
  SWEEPS_ENABLED: 'true' | 'false' = 'true';

  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'DEFAULT_PHONE_REGION must be a two-letter country code such as US' })
  DEFAULT_PHONE_REGION = 'US';

  @IsIn(['true', 'false'])
  SEED_DEMO_REGION: 'true' | 'false' = 'true';

  // What this process does: web (HTTP only: webhooks, API, pages), worker (inbound handling,
  // outbound dispatch, sweeps; still serves /health and /metrics) or all (both).
  @IsIn(['web', 'worker', 'all'])
  APP_ROLE: 'web' | 'worker' | 'all' = 'all';

  // On SIGTERM/SIGINT: stop taking new work, finish what is in flight, release leases and exit 0
  // within this many seconds (else exit 1; leases then run out on their own).
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_SECONDS = 25;

  // Connections of the main pool (API, handling, dispatch, sweeps); the inbound webhook has its own.
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(200)
  DATABASE_POOL_MAX = 20;

  // OpenAPI at /docs and /docs-json: on by default outside production, off in production unless true.
  @IsOptional()
  @IsIn(['true', 'false'])
  DOCS_ENABLED?: 'true' | 'false';
  // When set, GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise).
  @IsOptional()
  @IsString()
  @Matches(/^\S{24,}$/, { message: 'METRICS_TOKEN must be at least 24 characters without spaces' })
  METRICS_TOKEN?: string;
  // How many reverse proxies in front of the service may set X-Forwarded-For (Express `trust proxy`
  // as a hop count). 0 = none: the client IP is the socket's, and X-Forwarded-For is ignored.
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;
}

// One line per variable: a wrong type says only that, not every range rule it also fails.
export function describeProblem(err: ValidationError): string {
  const c = err.constraints ?? {};
  const msg = c.isInt ?? c.isNumber ?? c.isIn ?? Object.values(c)[0] ?? 'is invalid';
  return `${err.property}: ${msg}`;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function decodeKeyring(spec: string, problems: string[]): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  for (const part of spec.split(',')) {
    const [v, k] = part.split(':');
    const version = Number(v);
    const key = Buffer.from(k ?? '', 'base64');
    if (key.length !== 32) problems.push(`SMS_ENCRYPTION_KEYS: key version ${v} must decode to 32 bytes (got ${key.length})`);
    if (keys.has(version)) problems.push(`SMS_ENCRYPTION_KEYS: key version ${v} appears twice`);
    keys.set(version, key);
  }
  return keys;
}

function withoutBlanks(raw: Record<string, unknown>): Record<string, unknown> {
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== '' && v !== undefined) cleaned[k] = v;
  return cleaned;
}

// The migration CLI (ormconfig.ts) reads only where the database is: it needs neither the keys
// nor NODE_ENV, so it validates just those variables, with the same rules.
export function validateDatabaseEnvironment(raw: Record<string, unknown>): Pick<EnvironmentVariables, 'DATABASE_URL' | 'EMBEDDED_PG_PORT'> {
  const env = plainToInstance(EnvironmentVariables, withoutBlanks(raw), { exposeDefaultValues: true });
  const problems = validateSync(env)
    .filter((err) => err.property === 'DATABASE_URL' || err.property === 'EMBEDDED_PG_PORT')
    .map(describeProblem);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return { DATABASE_URL: env.DATABASE_URL, EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT };
}

// Validates the raw environment; every problem is reported, one line each.
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const cleaned = withoutBlanks(raw);
  const env = plainToInstance(EnvironmentVariables, cleaned, { exposeDefaultValues: true });
  const problems: string[] = [];
  for (const err of validateSync(env, { skipMissingProperties: false })) problems.push(describeProblem(err));
  if (problems.length === 0) {
    const keys = decodeKeyring(env.SMS_ENCRYPTION_KEYS, problems);
    if (!keys.has(env.SMS_ENCRYPTION_KEY_VERSION)) {
      problems.push(`SMS_ENCRYPTION_KEY_VERSION: version ${env.SMS_ENCRYPTION_KEY_VERSION} is not in SMS_ENCRYPTION_KEYS`);
    }
    problems.push(...missingForModes(env));
    if (env.NODE_ENV === 'production') {
      const refused = productionProblems(env, keys);
      // The newcomer's case: nothing set at all. Say why the production rules applied.
      if (refused.length > 0 && cleaned.NODE_ENV === undefined) {
        refused.push('NODE_ENV: not set, so the production rules apply; set NODE_ENV=development (or test) to use the development defaults');
      }
      problems.push(...refused);
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

function missingForModes(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.SMS_PROVIDER === 'twilio') {
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'] as const) {
      if (!env[name]) problems.push(`${name}: required when SMS_PROVIDER=twilio`);
    }
    if (!env.TWILIO_FROM_NUMBER && !env.TWILIO_MESSAGING_SERVICE_SID) {
      problems.push('TWILIO_FROM_NUMBER: required when SMS_PROVIDER=twilio, unless TWILIO_MESSAGING_SERVICE_SID is set');
    }
  }
  if (env.BILLING_MODE === 'stripe') {
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_ID'] as const) {
      if (!env[name]) problems.push(`${name}: required when BILLING_MODE=stripe`);
    }
  }
  return problems;
}

// What only development and test may use, and what production needs on top.
function productionProblems(env: EnvironmentVariables, keys: Map<number, Buffer>): string[] {
  const problems: string[] = [];
  if (env.SMS_PROVIDER === 'console') problems.push('SMS_PROVIDER: the console provider is for development only; use twilio in production');
  if ([...keys.values()].some((k) => k.equals(DEV_KEY))) problems.push('SMS_ENCRYPTION_KEYS: the development key must not be used in production');
  if (env.PHONE_HASH_PEPPER === DEV_PHONE_HASH_PEPPER) {
    problems.push('PHONE_HASH_PEPPER: the development pepper must not be used in production');
  } else if (Buffer.byteLength(env.PHONE_HASH_PEPPER, 'utf8') < MIN_PRODUCTION_PEPPER_BYTES) {
    problems.push(`PHONE_HASH_PEPPER: must be at least ${MIN_PRODUCTION_PEPPER_BYTES} bytes in production (openssl rand -base64 32)`);
  }
  const url = publicUrlProblem(env.PUBLIC_BASE_URL);
  if (url) problems.push(`PUBLIC_BASE_URL: ${url}`);
  if (!env.DATABASE_URL) problems.push('DATABASE_URL: required in production (the embedded PostgreSQL is for development)');
  if (env.STRIPE_API_BASE) problems.push('STRIPE_API_BASE: points Stripe at another server; not allowed in production');
  return problems;
}

export function parseKeyring(spec: string): Map<number, Buffer> {
  const problems: string[] = [];
  const keys = decodeKeyring(spec, problems);
  if (problems.length) throw new ConfigValidationError(problems);
  return keys;
}
