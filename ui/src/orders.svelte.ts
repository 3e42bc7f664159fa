// The orders browser: any order on any till, filtered, newest first, a page
// at a time; this till's file, or the whole shop's (the shell's scope). From
// here an order opens into its timeline, and one of this till's confirmed
// orders can be reprinted, refunded or voided.

import type { OrderFilter } from "./bindings/OrderFilter";
import type { OrderStatus } from "./bindings/OrderStatus";
import type { OrderSummary } from "./bindings/OrderSummary";
import type { Scope } from "./bindings/Scope";
import { localDatesRange } from "./lib/dates";
import { toErrorBody } from "./lib/errors";
import type { ErrorBody, Shell } from "./shell";
import { t } from "./lib/i18n/locale.svelte";

export const ORDERS_PAGE = 50;

/** A row's identity: order numbers are each till's own. */
export const rowKey = (r: OrderSummary): string => `${r.terminal}/${r.id}`;

export class OrdersState {
  number = $state("");
  status = $state<OrderStatus | "">("");
  /** Staff id as text ("" for anyone). */
  cashier = $state("");
  from = $state("");
  to = $state("");
  minTotal = $state("");

  rows = $state.raw<OrderSummary[]>([]);
  /** Whose orders `rows` are. */
  rowsScope = $state<Scope>("till");
  /** This till's id: the orders of other tills open read-only. */
  ownTill = $state<string | null>(null);
  page = $state(0);
  more = $state(false);
  index = $state(0);
  loading = $state(false);
  loaded = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  /** Who can be picked as the cashier: every staff member for a manager, else the people seen so far. */
  people = $state.raw<{ id: number; name: string }[]>([]);

  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seen = new Map<number, string>();

  constructor(private readonly shell: Shell) {}

  get selected(): OrderSummary | null {
    return this.rows[this.index] ?? null;
  }

  /** The filter as the core takes it, or what is wrong with what was typed. */
  filter(): OrderFilter | ErrorBody {
    const number = this.number.trim();
    const range = localDatesRange(this.from, this.to);
    if (this.from.trim() && !range.from) return { code: "invalid_input", message: t("audit.pickDateFrom") };
    if (this.to.trim() && !range.to) return { code: "invalid_input", message: t("audit.pickDateTo") };
    return {
      number: number || null,
      status: this.status || null,
      cashier: this.cashier ? Number(this.cashier) : null,
      terminal: null,
      from: range.from,
      to: range.to,
      minTotal: this.minTotal.trim() || null,
      // One more than a page tells whether there is a next page.
      limit: ORDERS_PAGE + 1,
      offset: 0,
    };
  }

  /** Loads a page (0 = newest). */
  async load(page = 0): Promise<void> {
    clearTimeout(this.timer);
    const f = this.filter();
    if ("code" in f) {
      this.error = f;
      return;
    }
    const seq = ++this.seq;
    this.loading = true;
    const keep = this.selected ? rowKey(this.selected) : null;
    const scope = this.shell.scope;
    try {
      const rows = await this.shell.api.orders({ filter: { ...f, offset: page * ORDERS_PAGE }, scope });
      if (seq !== this.seq) return;
      this.more = rows.length > ORDERS_PAGE;
      this.rows = rows.slice(0, ORDERS_PAGE);
      this.rowsScope = scope;
      this.page = page;
      const i = this.rows.findIndex((r) => rowKey(r) === keep);
      this.index = i >= 0 ? i : 0;
      this.error = null;
      this.loaded = true;
      for (const r of this.rows) this.seen.set(r.cashier, r.cashierName);
      if (!this.shell.isManager) this.rememberPeople();
    } catch (e) {
      if (seq !== this.seq) return;
      const error = toErrorBody(e);
      if (error.code === "shop_unavailable" && scope === "shop") this.shell.shopUnavailable(error);
      else this.error = error;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  /** Whether a row is another till's order (shown from the whole shop's records): it is only looked at here. */
  foreign(row: OrderSummary): boolean {
    return this.rowsScope === "shop" && row.terminal !== this.ownTill;
  }

  /** A row's action that only its own till can do: false, saying so, for another till's order. */
  private ownOrder(row: OrderSummary): boolean {
    if (!this.foreign(row)) return true;
    this.shell.showError({ code: "other_till", message: t("orders.otherTill", { number: row.number, till: row.terminal }) });
    return false;
  }

  /** A filter changed: load again shortly (typing) or at once (a pick). */
  changed(delayMs = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(0), delayMs);
  }

  /** When the screen opens: the staff list once, then the newest orders. */
  async show(): Promise<void> {
    try {
      this.ownTill ??= await this.shell.api.terminal();
    } catch {
      // Rows of every till then open read-only.
    }
    if (this.shell.isManager) {
      try {
        this.people = (await this.shell.api.staffList()).map((s) => ({ id: s.id, name: s.name }));
      } catch {
        this.rememberPeople();
      }
    } else {
      this.rememberPeople();
    }
    await this.load(this.page);
  }

  private rememberPeople(): void {
    const me = this.shell.staff;
    if (me) this.seen.set(me.id, me.name);
    this.people = [...this.seen.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  clear(): void {
    this.number = "";
    this.status = "";
    this.cashier = "";
    this.from = "";
    this.to = "";
    this.minTotal = "";
    void this.load(0);
  }

  move(delta: number): void {
    if (this.rows.length === 0) return;
    this.index = Math.min(this.rows.length - 1, Math.max(0, this.index + delta));
  }

  open(index = this.index): void {
    const row = this.rows[index];
    if (!row) return;
    this.index = index;
    void this.shell.openTimeline(row.id, null, null, this.foreign(row) ? row.terminal : null);
  }

  reprint(index = this.index): void {
    const row = this.rows[index];
    if (!row) return;
    this.index = index;
    if (!this.ownOrder(row)) return;
    if (row.status !== "confirmed") {
      this.shell.showError({ code: "not_confirmed", message: t("orders.noReceipt", { number: row.number, status: t(`orderStatus.${row.status}`) }) });
      return;
    }
    void this.shell.showReceipt(row.id);
  }

  /** Opens the refund screen on a paid order (the core says when it is not one). */
  refund(index = this.index): void {
    const row = this.rows[index];
    if (!row) return;
    this.index = index;
    if (!this.ownOrder(row)) return;
    void this.shell.openRefund(row.id);
  }

  voidOrder(index = this.index): void {
    const row = this.rows[index];
    if (!row) return;
    this.index = index;
    if (!this.ownOrder(row)) return;
    void this.shell.voidOrder(row.id);
  }

  /** A key on the orders screen; true when it was used. `inField`: a filter has the focus. */
  key(e: KeyboardEvent, inField: boolean): boolean {
    if (e.key === "Escape") {
      this.shell.back();
      return true;
    }
    const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
    if (e.ctrlKey && !e.altKey && e.code === "KeyP") {
      this.reprint();
      return true;
    }
    if (e.key === "F7") {
      this.voidOrder();
      return true;
    }
    if (!plain || inField) return false;
    switch (e.key) {
      case "ArrowUp":
        this.move(-1);
        return true;
      case "ArrowDown":
        this.move(1);
        return true;
      case "Enter":
        this.open();
        return true;
      case "PageUp":
        if (this.page > 0) void this.load(this.page - 1);
        return true;
      case "PageDown":
        if (this.more) void this.load(this.page + 1);
        return true;
      default:
        return false;
    }
  }
}
