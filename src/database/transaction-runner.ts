import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

// The one transaction helper: repositories take the manager it hands out so several calls share a transaction.
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    // READ COMMITTED is PostgreSQL's default: naming it would cost a SET TRANSACTION round trip.
    return isolation && isolation !== 'READ COMMITTED'
      ? this.dataSource.transaction(isolation, work)
      : this.dataSource.transaction(work);
  }

  // Runs `work` under a transaction-scoped advisory lock; returns undefined when another instance holds it.
  async runExclusive<T>(lockName: string, work: (manager: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query('select pg_try_advisory_xact_lock(hashtext($1)) as locked', [lockName]);
      if (!row.locked) return undefined;
      return work(manager);
    });
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
