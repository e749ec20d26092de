import type { EntityManager } from 'typeorm';
import { PrefetchedPerTransaction } from './prefetched';

describe('PrefetchedPerTransaction', () => {
  const tx = () => ({}) as EntityManager;

  it('gives each answer once, for the transaction that read it, and nothing it was not given', () => {
    const p = new PrefetchedPerTransaction<boolean | null>();
    const a = tx();
    const b = tx();
    p.put(a, new Map<string, boolean | null>([['u1', true], ['u2', false], ['u3', null]]));
    expect(p.take('u1', b)).toBeUndefined();
    expect(p.take('u1', undefined)).toBeUndefined();
    expect(p.take('u1', a)).toEqual({ value: true });
    expect(p.take('u1', a)).toBeUndefined();
    // A false or null answer is an answer too (not "ask the database").
    expect(p.take('u2', a)).toEqual({ value: false });
    expect(p.take('u3', a)).toEqual({ value: null });
    expect(p.take('u4', a)).toBeUndefined();
  });

  it('drops a forgotten answer, in that transaction only', () => {
    const p = new PrefetchedPerTransaction<string>();
    const a = tx();
    const b = tx();
    p.put(a, new Map([['u1', 'x'], ['u2', 'y']]));
    p.put(b, new Map([['u1', 'z']]));
    p.forget('u1', a);
    p.forget('u2', undefined);
    expect(p.take('u1', a)).toBeUndefined();
    expect(p.take('u2', a)).toEqual({ value: 'y' });
    expect(p.take('u1', b)).toEqual({ value: 'z' });
  });
});
