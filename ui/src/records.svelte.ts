// A back-office record's timeline: a product (its prices and details), the
// shop (its settings and discount policy) or a staff member, on the same
// scrubber as an order. The marks come from the core's recordTimeline; the
// record as it stood at the selected version, and right before it, from
// recordAt (the UI never folds events). Moving is instant; the panel follows
// with at most one recordAt in flight (the latest wanted version next), and
// answers are kept, since a record at a version never changes.

import type { Change } from "./bindings/Change";
import type { RecordKey } from "./bindings/RecordKey";
import type { RecordStep } from "./bindings/RecordStep";
import { localDateTimeToUtc, toLocalDateTimeInput } from "./lib/dates";
import { toErrorBody } from "./lib/errors";
import { LatestLoader } from "./lib/latest";
import { Lru } from "./lib/lru";
import { clampVersion, versionForKey } from "./lib/range";
import type { Route } from "./lib/route";
import type { ScrubberModel } from "./lib/scrubber";
import type { ErrorBody, Shell } from "./shell";
import { t } from "./lib/i18n/locale.svelte";

/** Versions kept: a step is a record and its change, well under a kilobyte. */
const STEPS_CACHED = 256;

/** The same record (a product by SKU, the shop, a staff member by id). */
export function sameRecord(a: RecordKey | null, b: RecordKey | null): boolean {
  if (!a || !b || a.type !== b.type) return false;
  if (a.type === "product" && b.type === "product") return a.sku === b.sku;
  if (a.type === "staff" && b.type === "staff") return a.id === b.id;
  if (a.type === "refund" && b.type === "refund") return a.number === b.number;
  if (a.type === "shift" && b.type === "shift") return a.number === b.number;
  if (a.type === "close" && b.type === "close") return a.number === b.number;
  return true;
}

export class RecordHistoryState implements ScrubberModel {
  key = $state.raw<RecordKey | null>(null);
  entries = $state.raw<Change[]>([]);
  loading = $state(false);
  /** Why the timeline could not be read. */
  error = $state.raw<ErrorBody | null>(null);
  /** The selected version (1 … count). */
  version = $state(0);
  /** The panel's content: the last version the core answered for. */
  shown = $state.raw<RecordStep | null>(null);
  viewError = $state.raw<ErrorBody | null>(null);
  /** The "as of" field (input type=datetime-local). */
  asOf = $state("");
  asOfBusy = $state(false);
  asOfError = $state.raw<ErrorBody | null>(null);
  /** A record's timeline compares nothing side by side: no ranges. */
  readonly range = null;

  /** Steps of the open record by version (cleared when a record opens: it may have moved on). */
  private readonly steps = new Lru<string, RecordStep>(STEPS_CACHED);
  private loader: LatestLoader<number, RecordStep> | null = null;
  private openSeq = 0;
  private routeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly shell: Shell) {}

  get count(): number {
    return this.entries.length;
  }

  get entry(): Change | null {
    return this.entries[this.version - 1] ?? null;
  }

  /** The selected version's step, once the core has answered for it. */
  get detail(): RecordStep | null {
    const s = this.shown;
    return s && s.change.version === this.version ? s : null;
  }

  route(): Route | null {
    if (!this.key) return null;
    return { screen: "record", key: this.key, version: this.count === 0 ? null : this.version };
  }

  /** Opens a record's timeline (re-read from the core) at `version` (default: the latest). */
  async open(key: RecordKey, version: number | null = null): Promise<void> {
    const seq = ++this.openSeq;
    if (!sameRecord(key, this.key)) {
      this.entries = [];
      this.shown = null;
      this.version = 0;
    }
    this.key = key;
    this.error = null;
    this.viewError = null;
    this.asOfError = null;
    this.loading = true;
    this.loader?.dispose();
    this.steps.clear();
    this.loader = new LatestLoader<number, RecordStep>({
      cache: this.steps,
      fetch: (v) => this.shell.api.recordAt({ record: key, version: v }),
      deliver: (_v, step) => {
        this.shown = step;
        this.viewError = null;
      },
      fail: (_v, e) => (this.viewError = toErrorBody(e)),
    });
    try {
      const entries = await this.shell.api.recordTimeline({ record: key });
      if (seq !== this.openSeq) return;
      this.entries = entries;
      this.select(clampVersion(version ?? entries.length, entries.length), true);
    } catch (e) {
      if (seq !== this.openSeq) return;
      this.entries = [];
      this.error = toErrorBody(e);
      this.shell.showError(this.error);
    } finally {
      if (seq === this.openSeq) this.loading = false;
    }
  }

  /** Selects a version; the panel follows. */
  select(version: number, force = false): void {
    if (this.count === 0) return;
    const v = clampVersion(version, this.count);
    if (v === this.version && !force) return;
    this.version = v;
    this.followAsOf();
    this.loader?.request(v);
    this.scheduleRoute();
  }

  extendTo(version: number): void {
    this.select(version);
  }

  /** No replay on a record's timeline. */
  stop(): void {}

  private followAsOf(): void {
    if (typeof document !== "undefined" && document.activeElement?.id === "record-asof-input") return;
    this.asOf = toLocalDateTimeInput(this.entry?.at);
    this.asOfError = null;
  }

  private scheduleRoute(): void {
    clearTimeout(this.routeTimer);
    this.routeTimer = setTimeout(() => {
      if (this.shell.screen === "record") this.shell.writeRoute(this.route());
    }, 150);
  }

  /** "What was it on 3 March": the version in force at the typed time. */
  async submitAsOf(): Promise<void> {
    const key = this.key;
    if (!key || this.asOfBusy) return;
    const at = localDateTimeToUtc(this.asOf);
    if (!at) {
      this.asOfError = { code: "invalid_input", message: t("history.typeDateTime") };
      return;
    }
    this.asOfBusy = true;
    this.asOfError = null;
    try {
      const v = await this.shell.api.recordVersionAt({ record: key, at });
      if (this.key !== key) return;
      this.select(v, true);
      this.shell.notify(t("record.asItWasNotice", { version: v }));
    } catch (e) {
      this.asOfError = toErrorBody(e);
    } finally {
      this.asOfBusy = false;
    }
  }

  /** A key on this screen; true when it was used. */
  keyDown(e: KeyboardEvent, inField: boolean): boolean {
    if (e.key === "Escape") {
      this.shell.back();
      return true;
    }
    if (inField || e.ctrlKey || e.altKey || e.metaKey) return false;
    const target = versionForKey(e.key, this.version, this.count);
    if (target === null) return false;
    this.select(target);
    return true;
  }

  leave(): void {
    clearTimeout(this.routeTimer);
  }

  /** Forgets everything (sign out). */
  reset(): void {
    this.leave();
    this.loader?.dispose();
    this.loader = null;
    this.openSeq++;
    this.key = null;
    this.entries = [];
    this.shown = null;
    this.version = 0;
    this.error = null;
    this.steps.clear();
  }
}
