// A counting semaphore: at most `limit` holders at once, waiters served first come first served. The loader
// uses it to bound requests in flight (browsers allow six HTTP/1.1 connections per host; an EHR's API gateway
// throttles bursts with 429). When its signal aborts, every waiter is rejected with the signal's reason and
// no slot is granted again. One abort listener serves all waiters (Node warns past ten per signal).
import { abortReason } from './fhir-errors.ts';

/** `first` waiters are served before every `normal` one (FIFO within each). */
export type SlotPriority = 'first' | 'normal';

export interface Semaphore {
  /** Resolves with a release function once a slot is free. */
  readonly acquire: (priority?: SlotPriority) => Promise<() => void>;
  readonly inUse: () => number;
  readonly waiting: () => number;
}

interface Waiter {
  readonly grant: (release: () => void) => void;
  readonly fail: (reason: Error) => void;
}

export function createSemaphore(limit: number, signal?: AbortSignal): Semaphore {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`A semaphore needs a limit of at least 1, got ${limit}`);
  let inUse = 0;
  const queue: Waiter[] = [];
  /** How many waiters at the head of the queue are `first`. */
  let firstWaiting = 0;

  signal?.addEventListener(
    'abort',
    () => {
      firstWaiting = 0;
      for (const waiter of queue.splice(0)) waiter.fail(abortReason(signal));
    },
    { once: true },
  );

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next && firstWaiting > 0) firstWaiting -= 1;
      // The slot passes straight to the next waiter: inUse stays the same.
      if (next) next.grant(releaser());
      else inUse -= 1;
    };
  }

  return {
    inUse: () => inUse,
    waiting: () => queue.length,
    acquire: (priority = 'normal') => {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (inUse < limit) {
        inUse += 1;
        return Promise.resolve(releaser());
      }
      return new Promise<() => void>((resolve, reject) => {
        const waiter: Waiter = { grant: resolve, fail: reject };
        if (priority === 'first') {
          queue.splice(firstWaiting, 0, waiter);
          firstWaiting += 1;
        } else {
          queue.push(waiter);
        }
      });
    },
  };
}
