import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from '../../migrations';

export const MIGRATIONS_TABLE = 'typeorm_migrations';

export function buildDataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    // gen_random_uuid() comes from pgcrypto (PostgreSQL 13+ has it built in); no uuid-ossp.
    uuidExtension: 'pgcrypto',
    logging: false,
    // Each migration in its own transaction so a failure leaves the previous ones applied.
    migrationsTransactionMode: 'each',
    // keepAlive and a connect timeout: a vanished server is noticed, and nobody waits forever
    // for a connection while the database is down (the pool recovers on its own afterwards).
    extra: { max: 20, application_name: 'josh', keepAlive: true, connectionTimeoutMillis: 5000 },
    ...extra,
  } as DataSourceOptions;
}
