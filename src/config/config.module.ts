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
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          validate: (raw) => {
            const merged = { ...raw, ...overrides };
            validated = new AppConfig(validateEnvironment(merged), merged);
            return validated.env as unknown as Record<string, unknown>;
          },
        }),
      ],
      providers: [{ provide: AppConfig, useFactory: () => validated ?? AppConfig.fromEnvironment({ ...process.env, ...overrides }) }],
      exports: [AppConfig],
    };
  }
}
