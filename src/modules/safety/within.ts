import type { EntityManager } from 'typeorm';
import type { TransactionRunner } from '../../database';

// Runs `work` in the caller's transaction when given one (the admin API writes its audit row in
// the same transaction), otherwise in a new one.
export function within<T>(tx: TransactionRunner, manager: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return manager ? work(manager) : tx.run(work);
}
