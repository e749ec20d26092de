export { AppConfig, preflightConfig } from './app-config';
export { AppConfigModule } from './config.module';
export { ConfigValidationError, validateEnvironment } from './env.schema';
