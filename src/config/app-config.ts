import { ConfigValidationError, EnvironmentVariables, parseKeyring, validateEnvironment } from './env.schema';

// Typed, validated configuration; the only way the app reads its environment.
export class AppConfig {
  readonly keyring: Map<number, Buffer>;

  constructor(readonly env: EnvironmentVariables) {
    this.keyring = parseKeyring(env.SMS_ENCRYPTION_KEYS);
  }

  static fromEnvironment(raw: Record<string, unknown>): AppConfig {
    return new AppConfig(validateEnvironment(raw));
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get isDevelopmentTooling(): boolean {
    // Dev-only endpoints (/dev/*) exist only with the console provider, never in production.
    return !this.isProduction && this.env.SMS_PROVIDER === 'console';
  }

  get runMigrations(): boolean {
    return this.env.DATABASE_RUN_MIGRATIONS === 'true';
  }

  get sweepsEnabled(): boolean {
    return this.env.SWEEPS_ENABLED === 'true';
  }

  get publicBaseUrl(): string {
    return this.env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }
}

export { ConfigValidationError };
