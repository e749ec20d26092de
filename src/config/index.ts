export { AppConfig, preflightConfig } from './app-config';
export { AppConfigModule } from './config.module';
export { ConfigValidationError, validateDatabaseEnvironment, validateEnvironment } from './env.schema';
