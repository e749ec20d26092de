import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database';
import { HealthModule } from './modules/health/health.module';
import { correlationMiddleware } from './common/logging/correlation.middleware';

export interface AppModuleOptions {
  // Environment values that win over process.env (tests, tools).
  env?: Record<string, string | undefined>;
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        DatabaseModule,
        ScheduleModule.forRoot(),
        HealthModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationMiddleware).forRoutes('*path');
  }
}
