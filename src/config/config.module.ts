import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateEnvironment } from './env.schema';

@Global()
@Module({})
export class AppConfigModule {
  // `overrides` lets tests and tools start the app with a given environment.
  static forRoot(overrides: Record<string, string | undefined> = {}): DynamicModule {
    let validated: AppConfig | undefined;
    let invalid: unknown;
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          validate: (raw) => {
            const merged = { ...raw, ...overrides };
            try {
              validated = new AppConfig(validateEnvironment(merged), merged);
            } catch (err) {
              // Thrown from the AppConfig provider instead, so it reaches the caller of
              // NestFactory.create (main.ts prints it) rather than escaping as an unhandled rejection.
              invalid = err;
              return raw;
            }
            return validated.env as unknown as Record<string, unknown>;
          },
        }),
      ],
      providers: [
        {
          provide: AppConfig,
          useFactory: () => {
            if (invalid) throw invalid;
            return validated ?? AppConfig.fromEnvironment({ ...process.env, ...overrides });
          },
        },
      ],
      exports: [AppConfig],
    };
  }
}
