/**
 * A promise that records whether anyone is waiting for it (`await`, `.then`, `.catch` all go
 * through `then`). Derived promises are plain Promises (species), so only the one handed to the
 * migration is tracked.
 */
class TrackedPromise<T> extends Promise<T> {
  observed = false;

  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.observed = true;
    return super.then(onFulfilled, onRejected);
  }
}

const ignore = (): void => undefined;

/**
 * Runs a migration's `op` calls one after another, in the order they were made, whether or not
 * the migration awaited each one: a forgotten `await` must not let an operation run after the
 * step's COMMIT, or two statements run at once on one connection. The step runner drains the
 * queue before it moves the version rows; a failure that nobody awaited fails the step there
 * (instead of crashing the process as an unhandled rejection), while a failure the migration
 * awaited and caught on purpose does not.
 *
 * `nested(fn)` opens an inner level for `op.autocommit(fn)`: the calls `fn` makes run inside the
 * autocommit block instead of queueing behind it (which would wait forever).
 *
 * @example
 * const queue = new OperationQueue();
 * void queue.run(() => executor.apply(opA)); // not awaited: still runs, before opB
 * await queue.run(() => executor.apply(opB));
 * await queue.drain(); // throws opA's error if it failed
 */
export class OperationQueue {
  readonly #levels: Level[] = [{ tail: Promise.resolve(), busy: 0 }];
  readonly #failures: { readonly promise: TrackedPromise<unknown>; readonly error: unknown }[] = [];

  /**
   * Queues `task` after every call made before it; the promise settles with the task. With
   * nothing ahead of it, the task starts at once, inside the caller's own call: its stack still
   * passes through the migration's line (lint reports lines from it).
   */
  run<T>(task: () => Promise<T>): Promise<T> {
    const level = this.#level();
    const result = level.busy === 0 ? invoke(task) : level.tail.then(task);
    level.busy++;
    // The next task starts when this one has settled, failed or not: a failure the migration
    // catches must not stop the operations after it. Registered before the migration's own
    // `await` is, so an awaited call leaves the queue idle when the migration resumes.
    const finished = () => void level.busy--;
    level.tail = result.then(finished, finished);
    const tracked = new TrackedPromise<T>((resolve, reject) => {
      result.then(resolve, (error: unknown) => {
        this.#failures.push({ promise: tracked as TrackedPromise<unknown>, error });
        reject(error);
      });
    });
    // Marks the rejection handled without counting as an observer (the native then).
    Promise.prototype.then.call(tracked, undefined, ignore);
    return tracked;
  }

  /** Runs `fn` with its own level: its calls run in order inside it, not behind it. */
  async nested<T>(fn: () => Promise<T>): Promise<T> {
    this.#levels.push({ tail: Promise.resolve(), busy: 0 });
    try {
      const value = await fn();
      await this.#settled();
      return value;
    } catch (error) {
      await this.#settled();
      throw error;
    } finally {
      this.#levels.pop();
    }
  }

  /**
   * Waits until every queued call has finished; throws the first failure that nobody awaited.
   * Called by the step runner after `upgrade(op)` / `downgrade(op)` returns or throws.
   */
  async drain(): Promise<void> {
    await this.#settled();
    // `await` subscribes one microtask after the promise is handed out: let that happen first.
    await Promise.resolve();
    const unobserved = this.#failures.find((f) => !f.promise.observed);
    this.#failures.length = 0;
    if (unobserved) throw unobserved.error;
  }

  #level(): Level {
    const level = this.#levels.at(-1);
    if (level === undefined) throw new Error('OperationQueue: no level');
    return level;
  }

  async #settled(): Promise<void> {
    // A call that finishes may have queued more meanwhile: wait until nothing is left.
    const level = this.#level();
    while (level.busy > 0) await level.tail;
  }
}

/** One level of calls: the promise of the last one queued, and how many have not finished. */
interface Level {
  tail: Promise<unknown>;
  busy: number;
}

function invoke<T>(task: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(task());
  } catch (error) {
    return Promise.reject(error);
  }
}
