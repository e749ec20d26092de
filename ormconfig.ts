import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateDatabaseEnvironment } from './src/config/env.schema';
import { buildDataSourceOptions } from './src/database/data-source-options';

// The TypeORM CLI's data source (migration:run / revert / generate --check).
// It needs DATABASE_URL; the embedded server's URL is printed by `npm start`.
const env = validateDatabaseEnvironment(process.env);
const url = env.DATABASE_URL ?? `postgres://postgres:josh-embedded@127.0.0.1:${env.EMBEDDED_PG_PORT}/josh`;

export default new DataSource(buildDataSourceOptions(url));
