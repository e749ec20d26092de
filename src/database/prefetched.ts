import type { EntityManager } from 'typeorm';

// Answers a repository read for many members in one statement (the inbound batch asks before it
// routes its texts: one round trip for the batch instead of one per text), kept for the rest of
// that transaction only. Each answer is used once, by the member's first text in the batch (their
// next text asks the database again: the first may have changed it), and a write the repository
// makes to the member's row in that transaction drops it (`forget`), so nothing stale is ever
// returned: without an answer here the caller reads the row as before.
export class PrefetchedPerTransaction<T> {
  private readonly byTransaction = new WeakMap<EntityManager, Map<string, T>>();

  put(manager: EntityManager, answers: Map<string, T>): void {
    this.byTransaction.set(manager, answers);
  }

  // The answer kept for `key` in this transaction, removed as it is taken; undefined: ask the database.
  take(key: string, manager: EntityManager | undefined): { value: T } | undefined {
    const answers = manager ? this.byTransaction.get(manager) : undefined;
    if (!answers?.has(key)) return undefined;
    const value = answers.get(key) as T;
    answers.delete(key);
    return { value };
  }

  forget(key: string, manager: EntityManager | undefined): void {
    if (manager) this.byTransaction.get(manager)?.delete(key);
  }
}
