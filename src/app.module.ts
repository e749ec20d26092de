import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AppConfigModule } from './config';
import { DatabaseModule } from './database';
import { HealthModule } from './modules/health/health.module';
import { CryptoModule } from './common/crypto';
import { ClockModule } from './common/clock';
import { SweepsModule } from './common/sweeps';
import { HttpMetricsMiddleware, MetricsModule } from './common/metrics';
import { CloseConnectionsOnShutdown, LifecycleModule } from './common/lifecycle/shutdown-state';
import { RateLimitModule } from './common/rate-limit';
import { DevToolsModule } from './common/dev-tools';
import { IdentityModule } from './modules/identity/identity.module';
import { RegistrationModule } from './modules/identity/registration/registration.module';
import { RegionsModule } from './modules/regions/regions.module';
import { ConversationModule } from './modules/conversation/conversation.module';
import { ProfileModule } from './modules/profile/profile.module';
import { LinkupsModule } from './modules/linkups/linkups.module';
import { ContactExchangeModule } from './modules/contact-exchange/contact-exchange.module';
import { BillingModule } from './modules/billing/billing.module';
import { SafetyModule } from './modules/safety/core/safety.module';
import { SafetyActionsModule } from './modules/safety/safety-actions.module';
import { AdminModule } from './modules/admin/admin.module';
import { DemoModule } from './modules/demo/demo.module';
import { correlationMiddleware } from './common/logging/correlation.middleware';
import { TypeOrmModule } from '@nestjs/typeorm';
import { entities } from './database/entities';

export interface AppModuleOptions {
  // Environment values that win over process.env (tests, tools).
  env?: Record<string, string | undefined>;
  // 'core' leaves out the feature modules (profile, linkups ...), so tests of the SMS
  // pipeline can register their own mode handlers on the router.
  features?: 'all' | 'core';
}

const FEATURE_MODULES = [
  RegionsModule,
  BillingModule,
  ProfileModule,
  RegistrationModule,
  LinkupsModule,
  ContactExchangeModule,
  SafetyModule,
  SafetyActionsModule,
  AdminModule,
  DemoModule,
];

@Module({})
export class AppModule implements NestModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(options.env),
        DatabaseModule,
        ScheduleModule.forRoot(),
        MetricsModule,
        LifecycleModule,
        CryptoModule,
        ClockModule,
        SweepsModule,
        RateLimitModule,
        DevToolsModule,
        HealthModule,
        IdentityModule,
        ConversationModule,
        // 'core' still maps every table: cross-module foreign keys name the left-out modules' entities.
        ...(options.features === 'core' ? [TypeOrmModule.forFeature(entities)] : FEATURE_MODULES),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationMiddleware, HttpMetricsMiddleware, CloseConnectionsOnShutdown).forRoutes('*path');
  }
}
