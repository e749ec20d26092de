// Runs async work with bounded concurrency, one item per key at a time, each key's items in the
// order they were added (a member's texts are handled in arrival order). In memory: what it holds
// when the process dies is recovered from the database by the caller.
export class KeyedWorkQueue<T> {
  private readonly pending = new Map<string, T[]>();
  private readonly ready: string[] = []; // keys with pending items and nothing running
  private readonly queuedIds = new Set<string>();
  private size = 0;
  private active = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly run: (item: T) => Promise<void>,
    private readonly idOf: (item: T) => string,
    private readonly concurrency: number,
    private readonly limit: number,
  ) {}

  // false when the item is already queued here, the queue is full, or it is stopped.
  add(key: string, item: T): boolean {
    const id = this.idOf(item);
    if (this.stopped || this.size >= this.limit || this.queuedIds.has(id)) return false;
    this.queuedIds.add(id);
    this.size++;
    const items = this.pending.get(key);
    if (items) items.push(item);
    else {
      this.pending.set(key, [item]);
      this.ready.push(key);
    }
    this.pump();
    return true;
  }

  get length(): number {
    return this.size;
  }

  // Resolves once nothing is queued or running.
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // Stops taking new items and drops the queued ones; resolves when running ones finish.
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [key, items] of this.pending) {
      const running = !this.ready.includes(key);
      const dropped = running ? items.splice(1) : items.splice(0);
      for (const item of dropped) this.forget(item);
    }
    this.ready.length = 0;
    await this.whenIdle();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      const item = this.pending.get(key)![0];
      this.active++;
      void this.run(item)
        .catch(() => undefined) // `run` reports its own failures
        .finally(() => this.done(key, item));
    }
  }

  private done(key: string, item: T): void {
    this.active--;
    const items = this.pending.get(key)!;
    items.shift();
    this.forget(item);
    if (items.length > 0 && !this.stopped) this.ready.push(key);
    else if (items.length === 0) this.pending.delete(key);
    this.pump();
  }

  private forget(item: T): void {
    this.queuedIds.delete(this.idOf(item));
    this.size--;
    if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
