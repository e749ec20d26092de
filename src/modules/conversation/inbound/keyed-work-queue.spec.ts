import { KeyedWorkQueue } from './keyed-work-queue';

interface Item { id: string; key: string }
const tick = () => new Promise((r) => setImmediate(r));

function harness(concurrency: number, limit = 100) {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const queue = new KeyedWorkQueue<Item>(
    (item) => new Promise<void>((resolve) => {
      started.push(item.id);
      finish.set(item.id, resolve);
    }),
    (item) => item.id,
    concurrency,
    limit,
  );
  const add = (key: string, id: string) => queue.add(key, { id, key });
  return { queue, started, add, finish: async (id: string) => { finish.get(id)!(); await tick(); } };
}

describe('KeyedWorkQueue', () => {
  it('runs one item per key at a time, in order, and different keys side by side', async () => {
    const h = harness(4);
    h.add('a', 'a1');
    h.add('a', 'a2');
    h.add('b', 'b1');
    expect(h.started).toEqual(['a1', 'b1']);
    await h.finish('a1');
    expect(h.started).toEqual(['a1', 'b1', 'a2']);
  });

  it('bounds concurrency', async () => {
    const h = harness(2);
    for (const k of ['a', 'b', 'c', 'd']) h.add(k, `${k}1`);
    expect(h.started).toEqual(['a1', 'b1']);
    await h.finish('b1');
    expect(h.started).toEqual(['a1', 'b1', 'c1']);
  });

  it('refuses duplicates and items past the limit', () => {
    const h = harness(1, 2);
    expect(h.add('a', 'x')).toBe(true);
    expect(h.add('a', 'x')).toBe(false);
    expect(h.add('b', 'y')).toBe(true);
    expect(h.add('c', 'z')).toBe(false);
    expect(h.queue.length).toBe(2);
  });

  it('tells when it is idle, and stop() drops what has not started', async () => {
    const h = harness(1);
    h.add('a', 'a1');
    h.add('a', 'a2');
    h.add('b', 'b1');
    let idle = false;
    void h.queue.whenIdle().then(() => (idle = true));
    const stopped = h.queue.stop();
    await tick();
    expect(idle).toBe(false);
    await h.finish('a1');
    await stopped;
    expect(idle).toBe(true);
    expect(h.started).toEqual(['a1']);
    expect(h.add('c', 'c1')).toBe(false);
  });
});
