// An order's timeline: its events from the core (light marks: no payloads),
// the selected version, and the order as it was at that version with the
// event recorded there (always from the core's timelineAt; the UI never folds
// events). Moving is instant (the handle, the event card's summary); the
// order panel follows with at most one timelineAt of its own in flight (only
// the latest wanted version is fetched next, older answers are dropped once
// it is shown), a cache by (order, version, rows) — states at a version never
// change — and a few versions fetched ahead: the next ones while stepping,
// the neighbours once a jump comes to rest.

import type { LineView } from "./bindings/LineView";
import type { OrderView } from "./bindings/OrderView";
import type { TimelineEntry } from "./bindings/TimelineEntry";
import type { TimelineMark } from "./bindings/TimelineMark";
import type { TimelineStep } from "./bindings/TimelineStep";
import { localDateTimeToUtc, toLocalDateTimeInput } from "./lib/dates";
import { toErrorBody } from "./lib/errors";
import { LatestLoader } from "./lib/latest";
import { Lru } from "./lib/lru";
import { clampVersion, extendRange, isSpan, rangeBounds, versionForKey, type VersionRange } from "./lib/range";
import type { Route } from "./lib/route";
import type { ScrubberModel } from "./lib/scrubber";
import type { ErrorBody, Shell } from "./shell";
import { t } from "./lib/i18n/locale.svelte";

/** The replay's pace: four events a second. */
export const PLAY_INTERVAL_MS = 250;

/** Lines the panel asks for at first ("… more lines" asks for more): a long order's step stays a few kilobytes. */
export const PANEL_ROWS = 80;

/**
 * After a single step (an arrow key, a replay), the next versions this way are fetched at once with the
 * step itself: the next press then finds its version already here (or on its way).
 */
const STEPS_AHEAD = 2;

/**
 * After a jump (a drag, Home, PageDown), how long the selection must rest before its neighbours are fetched:
 * while a drag goes on, fetching v±1 would only make the next real request wait.
 */
const PREFETCH_AFTER_JUMP_MS = 120;

/** Steps kept; at about 15 kB each (80 lines) a few megabytes at most. */
const STEPS_CACHED = 256;

/** Performance marks (for measuring key → panel), cleared now and then so they never pile up. */
const MARKS_KEPT = 2000;
let marks = 0;
function mark(name: string): void {
  if (typeof performance === "undefined" || !performance.mark) return;
  if (++marks > MARKS_KEPT) {
    marks = 0;
    performance.clearMarks?.();
  }
  performance.mark(name);
}

/** Two views of one line with the same content (the panel then keeps its row as it is). */
function sameLine(a: LineView, b: LineView): boolean {
  return (
    a.id === b.id &&
    a.quantity === b.quantity &&
    a.net === b.net &&
    a.discount === b.discount &&
    a.gross === b.gross &&
    a.unitPrice === b.unitPrice &&
    a.taxRate === b.taxRate &&
    a.name === b.name &&
    a.sku === b.sku &&
    (a.voided === b.voided || JSON.stringify(a.voided) === JSON.stringify(b.voided))
  );
}

/**
 * Gives `next` the line objects of `prev` wherever a line did not change, so the panel's keyed rows see the
 * same item and redraw nothing (most lines, stepping along an order). Both are the core's answers; only
 * identical content is shared.
 */
function shareLines(prev: OrderView | undefined, next: OrderView): void {
  if (!prev || prev === next || prev.lines.length === 0) return;
  const before = new Map<number, LineView>();
  for (const l of prev.lines) before.set(l.id, l);
  const lines = next.lines;
  for (let i = 0; i < lines.length; i++) {
    const old = before.get(lines[i]!.id);
    if (old && old !== lines[i] && sameLine(old, lines[i]!)) lines[i] = old;
  }
}

export interface Shown {
  version: number;
  step: TimelineStep;
}

export interface Pair {
  lo: number;
  hi: number;
  left: OrderView;
  right: OrderView;
}

export class HistoryState implements ScrubberModel {
  orderId = $state<number | null>(null);
  /** The till whose order this is, when it is another till's (from the whole shop's records). */
  till = $state<string | null>(null);
  entries = $state.raw<TimelineMark[]>([]);
  loading = $state(false);
  /** Why the timeline could not be read. */
  error = $state.raw<ErrorBody | null>(null);
  /** The selected version (1 … count). */
  version = $state(0);
  /** The order panel's content: the last version the core answered for. */
  shown = $state.raw<Shown | null>(null);
  /** Lines asked for around what changed. */
  rows = $state(PANEL_ROWS);
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
  private readonly steps = new Lru<string, TimelineStep>(STEPS_CACHED);
  /** Steps being fetched, so a request for one joins it instead of asking again. */
  private readonly pending = new Map<string, Promise<TimelineStep>>();
  /** Keyed by [version, rows]. */
  private loader: LatestLoader<[number, number], TimelineStep> | null = null;
  /** The last move's direction (+1 later, −1 earlier): which neighbour to fetch first while idle. */
  private heading = 1;
  /** The last move was one version (an arrow key, a replay). */
  private stepped = false;
  private prefetchTimer: ReturnType<typeof setTimeout> | undefined;
  private pairLoader: LatestLoader<[number, number], [OrderView, OrderView]> | null = null;
  private openSeq = 0;
  private playTimer: ReturnType<typeof setInterval> | undefined;
  private routeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly shell: Shell) {}

  get count(): number {
    return this.entries.length;
  }

  /** The selected version's event (as a mark: no payload). */
  get entry(): TimelineMark | null {
    return this.entries[this.version - 1] ?? null;
  }

  /** The selected version's event in full, once the core has answered for it. */
  get detail(): TimelineEntry | null {
    const s = this.shown;
    return s && s.version === this.version ? s.step.entry : null;
  }

  /** The event of the version the panel shows (it may lag the selection by an answer). */
  get shownEntry(): TimelineEntry | null {
    return this.shown?.step.entry ?? null;
  }

  /** The order's number (the core's view carries it), else its id. */
  get number(): number | null {
    return this.shown?.step.view.number ?? this.orderId;
  }

  get comparing(): boolean {
    return isSpan(this.range);
  }

  /** timelineAt requests sent so far for the open order by the loader, not counting fetches ahead (for measurements). */
  get fetches(): number {
    return this.loader?.fetches ?? 0;
  }

  /** Where this screen is, for the URL hash. */
  route(): Route | null {
    if (this.orderId === null) return null;
    const till = this.till;
    if (this.count === 0) return { screen: "order", orderId: this.orderId, version: null, to: null, till };
    const r = this.range;
    if (r && isSpan(r)) return { screen: "order", orderId: this.orderId, version: r.anchor, to: r.focus, till };
    return { screen: "order", orderId: this.orderId, version: this.version, to: null, till };
  }

  /** The till argument of the core's timeline commands: none for this till's own orders. */
  private where(): { till?: string } {
    return this.till === null ? {} : { till: this.till };
  }

  private stepKey(orderId: number, version: number, rows: number): string {
    return `${this.till ?? ""}:${orderId}:${version}:${rows}`;
  }

  /** One step from the cache, from a fetch already under way, or from the core. */
  private fetchStep(orderId: number, version: number, rows: number): Promise<TimelineStep> {
    const key = this.stepKey(orderId, version, rows);
    const hit = this.steps.get(key);
    if (hit) return Promise.resolve(hit);
    const running = this.pending.get(key);
    if (running) return running;
    mark("timeline:fetch");
    const p = this.shell.api.timelineAt({ orderId, version, rows, ...this.where() }).then(
      (step) => {
        this.pending.delete(key);
        this.steps.set(key, step);
        return step;
      },
      (e: unknown) => {
        this.pending.delete(key);
        throw e;
      },
    );
    this.pending.set(key, p);
    return p;
  }

  /**
   * Stepping one version at a time: the next STEPS_AHEAD versions this way, unless here or on their way. Never
   * more than STEPS_AHEAD + 1 requests out at once, so a held key cannot pile up requests the core answers late.
   */
  private fetchAhead(): void {
    const orderId = this.orderId;
    if (orderId === null) return;
    for (let k = 1; k <= STEPS_AHEAD && this.pending.size <= STEPS_AHEAD; k++) {
      const v = this.version + k * this.heading;
      if (v < 1 || v > this.count) break;
      this.fetchStep(orderId, v, this.rows).catch(() => undefined);
    }
  }

  /** After a jump, once the selection rests: the next version in the direction of travel, then the one behind. */
  private schedulePrefetch(): void {
    clearTimeout(this.prefetchTimer);
    if (this.orderId === null || this.stepped) return;
    this.prefetchTimer = setTimeout(() => {
      const orderId = this.orderId;
      if (orderId === null || this.loader?.busy || this.pending.size > 0 || this.comparing) return;
      const rows = this.rows;
      for (const v of [this.version + this.heading, this.version - this.heading]) {
        if (v < 1 || v > this.count || this.steps.has(this.stepKey(orderId, v, rows))) continue;
        // One at a time, so a real request never waits behind more than one of these.
        this.fetchStep(orderId, v, rows).then(
          () => this.schedulePrefetch(),
          () => undefined,
        );
        return;
      }
    }, PREFETCH_AFTER_JUMP_MS);
  }

  private fetchView(orderId: number, version: number): Promise<OrderView> {
    const key = `${this.till ?? ""}:${orderId}:${version}`;
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    return this.shell.api.orderAt({ orderId, version, ...this.where() }).then((view) => {
      this.cache.set(key, view);
      return view;
    });
  }

  /** Opens an order's timeline (re-read from the core) at `version` (default: the latest), optionally comparing up to `to`. */
  async open(orderId: number, version: number | null = null, to: number | null = null, till: string | null = null): Promise<void> {
    const seq = ++this.openSeq;
    this.stop();
    if (orderId !== this.orderId || till !== this.till) {
      this.entries = [];
      this.shown = null;
      this.version = 0;
    }
    this.range = null;
    this.pair = null;
    this.orderId = orderId;
    this.till = till;
    this.error = null;
    this.viewError = null;
    this.asOfError = null;
    this.loading = true;
    this.loader?.dispose();
    this.pairLoader?.dispose();
    this.rows = PANEL_ROWS;
    this.loader = new LatestLoader<[number, number], TimelineStep>({
      cache: this.steps,
      id: ([v, rows]) => this.stepKey(orderId, v, rows),
      fetch: ([v, rows]) => this.fetchStep(orderId, v, rows),
      deliver: ([v], step, latest) => {
        mark("timeline:answer");
        shareLines(this.shown?.step.view, step.view);
        this.shown = { version: v, step };
        this.viewError = null;
        if (latest) this.schedulePrefetch();
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
      const entries = await this.shell.api.timeline({ orderId, ...this.where() });
      if (seq !== this.openSeq) return;
      this.entries = entries;
      if (entries.length === 0) {
        this.error = { code: "no_events", message: t("history.noEvents", { number: orderId }) };
        return;
      }
      const v = clampVersion(version ?? entries.length, entries.length);
      this.select(v, true);
      if (to !== null && clampVersion(to, entries.length) !== v) this.extendTo(clampVersion(to, entries.length));
    } catch (e) {
      if (seq !== this.openSeq) return;
      this.error = toErrorBody(e);
      this.shell.showError(this.error);
    } finally {
      if (seq === this.openSeq) this.loading = false;
    }
  }

  /** Reads the timeline again (the order may have moved on), keeping the selection. */
  async reload(): Promise<void> {
    if (this.orderId === null) return;
    const r = this.range;
    await this.open(this.orderId, r ? r.anchor : this.version || null, r ? r.focus : null, this.till);
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
    if (v !== this.version) {
      this.heading = v > this.version ? 1 : -1;
      this.stepped = Math.abs(v - this.version) === 1;
      clearTimeout(this.prefetchTimer);
    }
    mark("timeline:select");
    this.version = v;
    this.followAsOf();
    this.loader?.request([v, this.rows]);
    if (this.stepped) this.fetchAhead();
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
      this.loader?.request([t, this.rows]);
    }
    this.scheduleRoute();
  }

  /** Asks for `more` lines around what changed (the panel's "… more lines"). */
  moreRows(more = 200): void {
    this.rows += more;
    this.loader?.request([this.version, this.rows]);
  }

  /** Back to a single version (Escape in the compare view). */
  collapse(): void {
    if (!this.range) return;
    this.range = null;
    this.pair = null;
    this.loader?.request([this.version, this.rows]);
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
      if (this.shell.screen === "history") this.shell.writeRoute(this.route());
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
      this.asOfError = { code: "invalid_input", message: t("history.typeDateTime") };
      return;
    }
    this.asOfBusy = true;
    this.asOfError = null;
    const orderId = this.orderId;
    try {
      const v = await this.shell.api.versionAt({ orderId, at, ...this.where() });
      if (this.orderId !== orderId) return;
      this.stop();
      this.select(v, true);
      this.shell.notify(t("history.asItWasNotice", { number: this.number ?? "", version: v }));
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
      else this.shell.back();
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
    clearTimeout(this.prefetchTimer);
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
    this.till = null;
    this.entries = [];
    this.shown = null;
    this.version = 0;
    this.range = null;
    this.pair = null;
    this.error = null;
    this.cache.clear();
    this.steps.clear();
    this.pending.clear();
  }
}
