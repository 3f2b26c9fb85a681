import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** One key's count in its window; `expiresAt` null: no window (never expires). */
interface Count {
  value: number;
  expiresAt: number | null;
}

/**
 * rate-limiter-flexible's memory store, without its timer per key. The library's store arms
 * a `setTimeout` for every key to delete it when its window ends: two per new visitor (their
 * `open` and `conversation-start` budgets), each a Timeout with a closure that lives for the
 * window, a share of every idle socket's memory (README, "Benchmarks"). Here an expired count
 * is dropped when its key is next used, and by one sweep per limiter for the keys nobody uses
 * again. The same interface as the library's store (incrby, set, get, delete, and `_storage`
 * for its dump and restore), the same answers.
 */
export class SweptMemoryStorage {
  readonly _storage = new Map<string, Count>();
  private sweeping: NodeJS.Timeout | undefined;

  constructor(
    private readonly sweepEveryMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  incrby(key: string, value: number, durationSec: number): RateLimiterRes {
    const count = this.live(key);
    if (!count) return this.set(key, value, durationSec);
    count.value += value;
    return new RateLimiterRes(0, count.expiresAt === null ? -1 : count.expiresAt - this.now(), count.value, false);
  }

  set(key: string, value: number, durationSec: number): RateLimiterRes {
    const durationMs = durationSec * 1000;
    this._storage.set(key, { value, expiresAt: durationMs > 0 ? this.now() + durationMs : null });
    if (durationMs > 0) this.sweepLater();
    return new RateLimiterRes(0, durationMs > 0 ? durationMs : -1, value, true);
  }

  get(key: string): RateLimiterRes | null {
    const count = this.live(key);
    return count ? new RateLimiterRes(0, count.expiresAt === null ? -1 : count.expiresAt - this.now(), count.value, false) : null;
  }

  delete(key: string): boolean {
    return this._storage.delete(key);
  }

  /** The library's restore of a dump: a count with its own end. */
  _restoreRecord(key: string, value: number, expiresAt: number | null): void {
    if (expiresAt !== null && (!Number.isFinite(expiresAt) || expiresAt <= this.now())) return;
    this._storage.set(key, { value, expiresAt });
    if (expiresAt !== null) this.sweepLater();
  }

  /** Drops every expired count; returns how many are left. */
  sweep(): number {
    const now = this.now();
    for (const [key, count] of this._storage) if (count.expiresAt !== null && count.expiresAt <= now) this._storage.delete(key);
    return this._storage.size;
  }

  /** The key's count while its window lasts; an expired one is dropped. */
  private live(key: string): Count | undefined {
    const count = this._storage.get(key);
    if (count && count.expiresAt !== null && count.expiresAt <= this.now()) {
      this._storage.delete(key);
      return undefined;
    }
    return count;
  }

  /** One timer per limiter, while it holds counts that expire; it never keeps the process alive. */
  private sweepLater(): void {
    if (this.sweeping) return;
    this.sweeping = setTimeout(() => {
      this.sweeping = undefined;
      if (this.sweep() > 0) this.sweepLater();
    }, this.sweepEveryMs);
    this.sweeping.unref();
  }
}

/** A RateLimiterMemory on the swept store: its counts expire without a timer each. */
export function sweptMemoryLimiter(options: { keyPrefix: string; points: number; duration: number }, now?: () => number): RateLimiterMemory {
  const limiter = new RateLimiterMemory(options);
  // The library keeps its store in this field and uses nothing else of it (checked by the tests).
  (limiter as unknown as { _memoryStorage: SweptMemoryStorage })._memoryStorage = new SweptMemoryStorage(Math.max(1_000, options.duration * 1000), now);
  return limiter;
}
