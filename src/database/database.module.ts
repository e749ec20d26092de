import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config';
import { buildDataSourceOptions } from './data-source-options';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { TransactionRunner } from './transaction-runner';
import { rootLogger } from '../common/logging/logger';

let embedded: EmbeddedPostgresHandle | undefined;

// DATABASE_URL when set; otherwise an embedded real PostgreSQL with data under `.data/`.
export async function resolveDatabaseUrl(config: AppConfig): Promise<string> {
  if (config.env.DATABASE_URL) return config.env.DATABASE_URL;
  if (!embedded) {
    const log = rootLogger().child({ context: 'EmbeddedPostgres' });
    log.info({ dataDir: config.env.EMBEDDED_PG_DATA_DIR, port: config.env.EMBEDDED_PG_PORT }, 'DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.env.EMBEDDED_PG_DATA_DIR,
      port: config.env.EMBEDDED_PG_PORT,
      log: (line) => log.debug(line),
    });
  }
  return embedded.url;
}

class EmbeddedPostgresLifecycle implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    const handle = embedded;
    embedded = undefined;
    await handle?.stop();
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => ({
        // Each module registers its own entities (TypeOrmModule.forFeature); the connection takes
        // what they registered. forFeature records them when the module files are imported, so the
        // 'core' app (which imports the feature modules but does not load them) still has the
        // whole schema and cross-module foreign keys ('User', 'Region', 'LinkUp') resolve.
        ...buildDataSourceOptions(await resolveDatabaseUrl(config), {
          entities: [],
          extra: { max: config.env.DATABASE_POOL_MAX, application_name: 'josh', keepAlive: true, connectionTimeoutMillis: 5000 },
        }),
        autoLoadEntities: true,
        migrationsRun: config.runMigrations,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [TransactionRunner, EmbeddedPostgresLifecycle],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
