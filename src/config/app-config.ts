import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigValidationError, describeProblem, EnvironmentVariables, parseKeyring, validateEnvironment } from './env.schema';

// Typed, validated configuration; the only way the app reads its environment.
export class AppConfig {
  readonly keyring: Map<number, Buffer>;

  private readonly sections = new Map<Function, unknown>();

  constructor(
    readonly env: EnvironmentVariables,
    private readonly raw: Record<string, unknown> = {},
  ) {
    this.keyring = parseKeyring(env.SMS_ENCRYPTION_KEYS);
  }

  static fromEnvironment(raw: Record<string, unknown>): AppConfig {
    return new AppConfig(validateEnvironment(raw), raw);
  }

  // A module's own settings (timeouts, sizes, weights): a class whose properties are env
  // variable names with defaults and class-validator rules, validated when the module boots.
  section<T extends object>(cls: new () => T): T {
    const cached = this.sections.get(cls);
    if (cached) return cached as T;
    const cleaned: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.raw)) if (v !== '' && v !== undefined) cleaned[k] = v;
    const value = plainToInstance(cls, cleaned, { exposeDefaultValues: true, excludeExtraneousValues: false });
    const problems: string[] = [];
    for (const err of validateSync(value)) problems.push(describeProblem(err));
    if (problems.length) throw new ConfigValidationError(problems);
    // Only the section's own keys, not the whole environment.
    const own = Object.fromEntries(Object.keys(new cls()).map((k) => [k, (value as Record<string, unknown>)[k]]));
    const result = Object.assign(new cls(), own);
    this.sections.set(cls, result);
    return result;
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get isDevelopmentTooling(): boolean {
    // Dev-only endpoints (/dev/*) exist only with the console provider, never in production.
    return !this.isProduction && this.env.SMS_PROVIDER === 'console';
  }

  // OpenAPI (/docs, /docs-json) maps the whole API: production serves it only when asked.
  get docsEnabled(): boolean {
    return this.env.DOCS_ENABLED === undefined ? !this.isProduction : this.env.DOCS_ENABLED === 'true';
  }

  get runMigrations(): boolean {
    return this.env.DATABASE_RUN_MIGRATIONS === 'true';
  }

  // Sweeps and the outbound dispatcher run on worker processes with SWEEPS_ENABLED.
  get sweepsEnabled(): boolean {
    return this.env.SWEEPS_ENABLED === 'true' && this.runsWorker;
  }

  // APP_ROLE: web processes take webhooks and API calls; worker processes handle, send and sweep.
  get runsWeb(): boolean {
    return this.env.APP_ROLE !== 'worker';
  }

  get runsWorker(): boolean {
    return this.env.APP_ROLE !== 'web';
  }

  get publicBaseUrl(): string {
    return this.env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }
}

export { ConfigValidationError };

// Start-up preflight for main.ts: the `.env` file (if any; the environment wins over it) and
// the same validation the module runs, before Nest starts, so a bad variable ends the process
// with one readable line per problem instead of a framework stack trace. `defaultNodeEnv` (from
// `npm start`) applies only when neither the environment nor `.env` names a NODE_ENV.
export function preflightConfig(envFile = '.env', defaultNodeEnv?: string): AppConfig {
  if (existsSync(envFile)) {
    for (const [key, value] of Object.entries(parseEnv(readFileSync(envFile, 'utf8')))) {
      if (process.env[key] === undefined) process.env[key] = value;
    }
  }
  if (defaultNodeEnv && !process.env.NODE_ENV) process.env.NODE_ENV = defaultNodeEnv;
  return AppConfig.fromEnvironment(process.env);
}
