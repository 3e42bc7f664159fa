// Loading what the person is looking at while they move faster than the
// backend answers (dragging the scrubber, holding an arrow key): at most one
// request in flight; while it runs, only the latest wanted key is remembered
// and fetched next. Answers are cached (LRU), so going back is instant.

import { Lru } from "./lru";

export interface LatestOptions<K, V> {
  fetch: (key: K) => Promise<V>;
  /**
   * Called with each answer worth showing: `latest` is true for the key wanted
   * now, false for an older one that arrived while the wanted one is still
   * unanswered (showing it keeps a drag moving). Never called with an older
   * answer once the wanted one has been shown.
   */
  deliver: (key: K, value: V, latest: boolean) => void;
  fail?: (key: K, error: unknown) => void;
  cache?: Lru<string, V>;
  /** The cache key (default String(key)). */
  id?: (key: K) => string;
}

export class LatestLoader<K, V> {
  private wanted: K | null = null;
  private shown = false;
  private inFlight = false;
  private disposed = false;
  /** Requests sent to fetch (for tests and measurements). */
  fetches = 0;

  constructor(private readonly o: LatestOptions<K, V>) {}

  private id(key: K): string {
    return this.o.id ? this.o.id(key) : String(key);
  }

  /** Wants `key` now: from the cache at once, or fetched when nothing else is in flight. */
  request(key: K): void {
    if (this.disposed) return;
    this.wanted = key;
    this.shown = false;
    const hit = this.o.cache?.get(this.id(key));
    if (hit !== undefined) {
      this.shown = true;
      this.o.deliver(key, hit, true);
      return;
    }
    if (!this.inFlight) void this.run(key);
  }

  get busy(): boolean {
    return this.inFlight;
  }

  /** Stops delivering (the screen moved on to something else). */
  dispose(): void {
    this.disposed = true;
    this.wanted = null;
  }

  private async run(key: K): Promise<void> {
    this.inFlight = true;
    this.fetches++;
    let value: V | undefined;
    let error: unknown = undefined;
    let failed = false;
    try {
      value = await this.o.fetch(key);
    } catch (e) {
      failed = true;
      error = e;
    }
    this.inFlight = false;
    if (this.disposed || this.wanted === null) return;
    const id = this.id(key);
    const isWanted = this.id(this.wanted) === id;
    if (failed) {
      if (isWanted) {
        this.shown = true;
        this.o.fail?.(key, error);
      }
    } else {
      this.o.cache?.set(id, value as V);
      if (isWanted || !this.shown) {
        if (isWanted) this.shown = true;
        this.o.deliver(key, value as V, isWanted);
      }
    }
    if (!this.shown) this.request(this.wanted);
  }
}
