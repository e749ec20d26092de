import 'reflect-metadata';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, AppModuleOptions } from './app.module';
import { AppConfig } from './config';
import { HttpExceptionFilter, ValidationFailedError } from './common/errors';
import type { ValidationError } from 'class-validator';
import { createRootLogger } from './common/logging/logger';
import { PinoNestLogger } from './common/logging/nest-logger';
import { configureViewEngine } from './common/web/view-engine';
import { securityHeaders } from './common/web/page-headers';

// Builds the configured app; main.ts listens on it, tests drive it with supertest.
export async function createApp(options: AppModuleOptions = {}): Promise<NestExpressApplication> {
  const level = options.env?.LOG_LEVEL ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  const logger = new PinoNestLogger(createRootLogger(level));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger,
    bufferLogs: false,
    abortOnError: false,
    rawBody: true,
  });
  configureApp(app);
  return app;
}

export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get(AppConfig);
  express.disable('x-powered-by');
  // A hop count, not `true`: only that many proxies' X-Forwarded-For entries are believed, so a
  // client cannot pick its own IP (the per-IP rate limits key on req.ip).
  express.set('trust proxy', config.env.TRUST_PROXY);
  // First, so every answer has them: errors, 404s and webhooks included (src/common/web/page-headers.ts).
  express.use(securityHeaders({ https: config.publicBaseUrl.startsWith('https:') }));
  express.useBodyParser('json', { limit: '100kb' });
  express.useBodyParser('urlencoded', { extended: false, limit: '100kb' });
  configureViewEngine(express);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      // 422 with one code per bad field, like every other validation failure.
      exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
    }),
  );
  // No enableShutdownHooks(): main.ts handles SIGTERM itself (grace period, exit 0).
  if (config.docsEnabled) mountDocs(app);
}

function mountDocs(app: INestApplication): void {
  const doc = new DocumentBuilder()
    .setTitle('JOSH API')
    .setDescription('SMS-first friend matching: registration, webhooks, admin.')
    .setVersion('0.1.0')
    // The admin API's tokens (npm run admin:token); routes name it through @AdminController.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'josh_admin_…', description: 'An admin token from `npm run admin:token`.' }, 'admin')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
}

export function appConfig(app: INestApplication): AppConfig {
  return app.get(AppConfig);
}

function flattenValidationErrors(errors: ValidationError[], prefix = ''): { field: string; code: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      code: rule === 'whitelistValidation' ? 'unknown_field' : rule,
      message,
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}
