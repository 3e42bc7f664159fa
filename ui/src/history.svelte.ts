// An order's timeline: its events from the core, the selected version, and
// the order as it was at that version (always from the core's orderAt; the UI
// never folds events). Moving is instant (the handle, the event card); the
// order panel follows with at most one orderAt in flight and a small cache.

import type { ErrorBody } from "./backend";
import type { OrderView } from "./bindings/OrderView";
import type { TimelineEntry } from "./bindings/TimelineEntry";
import { localDateTimeToUtc, toLocalDateTimeInput } from "./lib/dates";
import { toErrorBody } from "./lib/errors";
import { LatestLoader } from "./lib/latest";
import { Lru } from "./lib/lru";
import { clampVersion, extendRange, isSpan, rangeBounds, versionForKey, type VersionRange } from "./lib/range";
import type { Route } from "./lib/route";
import type { TillState } from "./till.svelte";

/** The replay's pace: four events a second. */
export const PLAY_INTERVAL_MS = 250;

export interface Shown {
  version: number;
  view: OrderView;
}

export interface Pair {
  lo: number;
  hi: number;
  left: OrderView;
  right: OrderView;
}

export class HistoryState {
  orderId = $state<number | null>(null);
  entries = $state.raw<TimelineEntry[]>([]);
  loading = $state(false);
  /** Why the timeline could not be read. */
  error = $state.raw<ErrorBody | null>(null);
  /** The selected version (1 … count). */
  version = $state(0);
  /** The order panel's content: the last version the core answered for. */
  shown = $state.raw<Shown | null>(null);
  viewError = $state.raw<ErrorBody | null>(null);
  /** A selected range of versions; two different ends show the compare view. */
  range = $state.raw<VersionRange | null>(null);
  pair = $state.raw<Pair | null>(null);
  pairError = $state.raw<ErrorBody | null>(null);
  playing = $state(false);
  /** The "as of" field (input type=datetime-local). */
  asOf = $state("");
  asOfBusy = $state(false);
  asOfError = $state.raw<ErrorBody | null>(null);

  private readonly cache = new Lru<string, OrderView>(64);
  private loader: LatestLoader<number, OrderView> | null = null;
  private pairLoader: LatestLoader<[number, number], [OrderView, OrderView]> | null = null;
  private openSeq = 0;
  private playTimer: ReturnType<typeof setInterval> | undefined;
  private routeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly till: TillState) {}

  get count(): number {
    return this.entries.length;
  }

  /** The selected version's event. */
  get entry(): TimelineEntry | null {
    return this.entries[this.version - 1] ?? null;
  }

  /** The event of the version the panel shows (it may lag the selection by an answer). */
  get shownEntry(): TimelineEntry | null {
    return this.shown ? (this.entries[this.shown.version - 1] ?? null) : null;
  }

  /** The order's number (from its opening event), else its id. */
  get number(): number | null {
    const first = this.entries[0]?.event;
    return first?.type === "OrderOpened" ? first.data.number : this.orderId;
  }

  get comparing(): boolean {
    return isSpan(this.range);
  }

  /** orderAt requests sent so far for the open order (for measurements). */
  get fetches(): number {
    return this.loader?.fetches ?? 0;
  }

  /** Where this screen is, for the URL hash. */
  route(): Route | null {
    if (this.orderId === null) return null;
    if (this.count === 0) return { screen: "order", orderId: this.orderId, version: null, to: null };
    const r = this.range;
    if (r && isSpan(r)) return { screen: "order", orderId: this.orderId, version: r.anchor, to: r.focus };
    return { screen: "order", orderId: this.orderId, version: this.version, to: null };
  }

  private fetchView(orderId: number, version: number): Promise<OrderView> {
    const key = `${orderId}:${version}`;
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    return this.till.backend.orderAt(orderId, version).then((view) => {
      this.cache.set(key, view);
      return view;
    });
  }

  /** Opens an order's timeline (re-read from the core) at `version` (default: the latest), optionally comparing up to `to`. */
  async open(orderId: number, version: number | null = null, to: number | null = null): Promise<void> {
    const seq = ++this.openSeq;
    this.stop();
    if (orderId !== this.orderId) {
      this.entries = [];
      this.shown = null;
      this.version = 0;
    }
    this.range = null;
    this.pair = null;
    this.orderId = orderId;
    this.error = null;
    this.viewError = null;
    this.asOfError = null;
    this.loading = true;
    this.loader?.dispose();
    this.pairLoader?.dispose();
    this.loader = new LatestLoader<number, OrderView>({
      cache: this.cache,
      id: (v) => `${orderId}:${v}`,
      fetch: (v) => this.till.backend.orderAt(orderId, v),
      deliver: (v, view) => {
        this.shown = { version: v, view };
        this.viewError = null;
      },
      fail: (_v, e) => (this.viewError = toErrorBody(e)),
    });
    this.pairLoader = new LatestLoader<[number, number], [OrderView, OrderView]>({
      id: ([lo, hi]) => `${lo}..${hi}`,
      fetch: async ([lo, hi]) => [await this.fetchView(orderId, lo), await this.fetchView(orderId, hi)],
      deliver: ([lo, hi], [left, right], latest) => {
        if (!latest) return;
        this.pair = { lo, hi, left, right };
        this.pairError = null;
      },
      fail: (_k, e) => (this.pairError = toErrorBody(e)),
    });
    try {
      const entries = await this.till.backend.timeline(orderId);
      if (seq !== this.openSeq) return;
      this.entries = entries;
      if (entries.length === 0) {
        this.error = { code: "no_events", message: `Order ${orderId} has no events yet` };
        return;
      }
      const v = clampVersion(version ?? entries.length, entries.length);
      this.select(v, true);
      if (to !== null && clampVersion(to, entries.length) !== v) this.extendTo(clampVersion(to, entries.length));
    } catch (e) {
      if (seq !== this.openSeq) return;
      this.error = toErrorBody(e);
      this.till.showError(this.error);
    } finally {
      if (seq === this.openSeq) this.loading = false;
    }
  }

  /** Reads the timeline again (the order may have moved on), keeping the selection. */
  async reload(): Promise<void> {
    if (this.orderId === null) return;
    const r = this.range;
    await this.open(this.orderId, r ? r.anchor : this.version || null, r ? r.focus : null);
  }

  /** Selects a version (collapsing any range); the panel follows. */
  select(version: number, force = false): void {
    if (this.count === 0) return;
    const v = clampVersion(version, this.count);
    const had = this.range !== null;
    if (had) {
      this.range = null;
      this.pair = null;
    }
    if (v === this.version && !force && !had) return;
    this.version = v;
    this.followAsOf();
    this.loader?.request(v);
    this.scheduleRoute();
  }

  /** Moves the range's free end to `target` (starting a range at the selected version). */
  extendTo(target: number): void {
    if (this.count === 0) return;
    const t = clampVersion(target, this.count);
    this.range = extendRange(this.range, this.version, t);
    this.version = t;
    this.followAsOf();
    const r = this.range;
    if (isSpan(r)) {
      this.pairLoader?.request(rangeBounds(r));
    } else {
      this.pair = null;
      this.loader?.request(t);
    }
    this.scheduleRoute();
  }

  /** Back to a single version (Escape in the compare view). */
  collapse(): void {
    if (!this.range) return;
    this.range = null;
    this.pair = null;
    this.loader?.request(this.version);
    this.scheduleRoute();
  }

  private followAsOf(): void {
    if (typeof document !== "undefined" && document.activeElement?.id === "asof-input") return;
    this.asOf = toLocalDateTimeInput(this.entry?.at);
    this.asOfError = null;
  }

  private scheduleRoute(): void {
    clearTimeout(this.routeTimer);
    this.routeTimer = setTimeout(() => {
      if (this.till.screen === "history") this.till.writeRoute(this.route());
    }, 150);
  }

  // Replay

  togglePlay(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  play(): void {
    if (this.count < 2 || this.playing) return;
    if (this.comparing) this.collapse();
    if (this.version >= this.count) this.select(1);
    this.playing = true;
    this.playTimer = setInterval(() => {
      if (this.version >= this.count) this.stop();
      else this.select(this.version + 1);
      if (this.version >= this.count) this.stop();
    }, PLAY_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.playTimer);
    this.playTimer = undefined;
    this.playing = false;
  }

  // As of a time

  async submitAsOf(): Promise<void> {
    if (this.orderId === null || this.asOfBusy) return;
    const at = localDateTimeToUtc(this.asOf);
    if (!at) {
      this.asOfError = { code: "invalid_input", message: "Type a date and a time (with seconds if you need them)" };
      return;
    }
    this.asOfBusy = true;
    this.asOfError = null;
    const orderId = this.orderId;
    try {
      const v = await this.till.backend.versionAt(orderId, at);
      if (this.orderId !== orderId) return;
      this.stop();
      this.select(v, true);
      this.till.notice = `Order ${this.number} as it was at v${v}`;
    } catch (e) {
      this.asOfError = toErrorBody(e);
    } finally {
      this.asOfBusy = false;
    }
  }

  // Keys

  /** A key on the timeline screen; true when it was used. `inField`: the focus is in a text field. */
  key(e: KeyboardEvent, inField: boolean): boolean {
    if (e.key === "Escape") {
      if (this.playing) this.stop();
      else if (this.range) this.collapse();
      else this.till.back();
      return true;
    }
    if (inField || e.ctrlKey || e.altKey || e.metaKey) return false;
    if (e.key === " ") {
      if (e.target instanceof HTMLButtonElement && e.target.id !== "scrubber-handle") return false;
      this.togglePlay();
      return true;
    }
    const target = versionForKey(e.key, this.version, this.count);
    if (target === null) return false;
    this.stop();
    if (e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "Home" || e.key === "End" || e.key === "PageUp" || e.key === "PageDown"))
      this.extendTo(target);
    else this.select(target);
    return true;
  }

  /** Leaving the screen: no replay, no late address update. */
  leave(): void {
    this.stop();
    clearTimeout(this.routeTimer);
  }

  /** Forgets everything (sign out). */
  reset(): void {
    this.leave();
    this.loader?.dispose();
    this.pairLoader?.dispose();
    this.loader = null;
    this.pairLoader = null;
    this.openSeq++;
    this.orderId = null;
    this.entries = [];
    this.shown = null;
    this.version = 0;
    this.range = null;
    this.pair = null;
    this.error = null;
    this.cache.clear();
  }
}
