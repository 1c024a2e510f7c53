import { describe, expect, it } from 'vitest';
import { createSemaphore } from './semaphore.ts';

describe('createSemaphore', () => {
  it('lets at most `limit` hold a slot and serves waiters in order', async () => {
    const semaphore = createSemaphore(2);
    const order: string[] = [];
    const releaseA = await semaphore.acquire();
    const releaseB = await semaphore.acquire();
    const c = semaphore.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const d = semaphore.acquire().then((release) => {
      order.push('d');
      return release;
    });
    expect(semaphore.inUse()).toBe(2);
    expect(semaphore.waiting()).toBe(2);
    releaseA();
    releaseA();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(semaphore.inUse()).toBe(2);
    releaseB();
    (await d)();
    releaseC();
    expect(order).toEqual(['c', 'd']);
    expect(semaphore.inUse()).toBe(0);
  });

  it('rejects waiters and later acquisitions once its signal aborts', async () => {
    const controller = new AbortController();
    const semaphore = createSemaphore(1, controller.signal);
    await semaphore.acquire();
    const waiting = semaphore.acquire();
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(semaphore.acquire()).rejects.toBe(reason);
    expect(semaphore.waiting()).toBe(0);
  });

  it.each([0, -1, 1.5])('refuses a limit of %s', (limit) => {
    expect(() => createSemaphore(limit)).toThrow(RangeError);
  });
});
