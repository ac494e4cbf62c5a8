/**
 * Micro-batcher: runs one batch at a time. While a batch runs, rows queue up and go together in the
 * next (up to `maxRows`), which amortizes the runtime's fixed per-call cost (~15 µs for
 * onnxruntime-node) exactly when load is high. When the scorer is idle a row waits at most
 * `maxDelayMs` for companions; with 0 (the default) it waits only for the rows produced in the same
 * turn of the event loop (one microtask), so light load pays no batching latency.
 * Bounded: beyond `maxQueued`, `offer` refuses.
 */

export interface BatcherOptions<T> {
  maxRows: number;
  maxDelayMs: number;
  maxQueued: number;
  /** Runs one batch; a rejection is reported through onError and the batch's items are dropped with it. */
  run(items: T[]): Promise<void>;
  onError(err: unknown, items: T[]): void;
  /** Timer injection for tests; defaults to setTimeout/clearTimeout. */
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
}

export interface Batcher<T> {
  /** Queues one item; false when the queue is full (the caller dead-letters it as overload). */
  offer(item: T): boolean;
  /** Resolves when everything queued so far has run. */
  drain(): Promise<void>;
  readonly queued: number;
  readonly stats: { batches: number; rows: number };
}

const defaultTimers = {
  set: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clear: (handle: unknown): void => clearTimeout(handle as NodeJS.Timeout),
};

export function createBatcher<T>(opts: BatcherOptions<T>): Batcher<T> {
  const timers = opts.timers ?? defaultTimers;
  let queue: T[] = [];
  let timer: unknown;
  let running: Promise<void> | undefined;
  let due = false;
  const stats = { batches: 0, rows: 0 };

  let microtask = false;

  function kick(): void {
    if (queue.length === 0) return;
    if (!running && !due && opts.maxDelayMs === 0 && queue.length < opts.maxRows) {
      if (!microtask) {
        microtask = true;
        queueMicrotask(() => {
          microtask = false;
          due = true;
          kick();
        });
      }
      return;
    }
    if (running || (queue.length < opts.maxRows && !due)) {
      if (timer === undefined) {
        timer = timers.set(() => {
          timer = undefined;
          due = true;
          kick();
        }, opts.maxDelayMs);
      }
      return;
    }
    due = false;
    if (timer !== undefined) {
      timers.clear(timer);
      timer = undefined;
    }
    const items = queue.length > opts.maxRows ? queue.splice(0, opts.maxRows) : queue;
    if (items === queue) queue = [];
    stats.batches++;
    stats.rows += items.length;
    running = opts
      .run(items)
      .catch((err: unknown) => opts.onError(err, items))
      .finally(() => {
        running = undefined;
        // Whatever queued while the batch ran has already waited; run it now rather than re-arm a delay.
        if (queue.length > 0) due = true;
        kick();
      });
  }

  return {
    offer(item) {
      if (queue.length >= opts.maxQueued) return false;
      queue.push(item);
      kick();
      return true;
    },
    async drain() {
      while (running || queue.length > 0) {
        due = true;
        kick();
        await running;
      }
    },
    get queued() {
      return queue.length;
    },
    stats,
  };
}
