// An in-memory Backend: for unit tests, and for looking at the UI in a browser
// without the desktop app. A test double, not the core: it computes totals
// simply and knows only a few of the core's rules, but answers with real
// OrderViews and rejects with the core's codes.

import type { Backend, Credentials, ErrorBody, ImportPick } from "./backend";
import type { AppStatus } from "./bindings/AppStatus";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { AuditKind } from "./bindings/AuditKind";
import { totalsOf } from "./lib/auditTotals";
import type { CashierDay } from "./bindings/CashierDay";
import type { DayFigures } from "./bindings/DayFigures";
import type { DayReport } from "./bindings/DayReport";
import type { Event } from "./bindings/Event";
import type { OrderFilter } from "./bindings/OrderFilter";
import type { TimelineMark } from "./bindings/TimelineMark";
import type { TimelineStep } from "./bindings/TimelineStep";
import type { VerifyReport } from "./bindings/VerifyReport";
import type { DiscountKind } from "./bindings/DiscountKind";
import type { DiscountScope } from "./bindings/DiscountScope";
import type { DiscountView } from "./bindings/DiscountView";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { LineView } from "./bindings/LineView";
import type { OrderRequest } from "./bindings/OrderRequest";
import type { OrderStatus } from "./bindings/OrderStatus";
import type { OrderSummary } from "./bindings/OrderSummary";
import type { OrderView } from "./bindings/OrderView";
import type { Outcome } from "./bindings/Outcome";
import type { Product } from "./bindings/Product";
import type { ProductInput } from "./bindings/ProductInput";
import type { Receipt } from "./bindings/Receipt";
import type { Settings } from "./bindings/Settings";
import type { SettingsInput } from "./bindings/SettingsInput";
import type { StaffInput } from "./bindings/StaffInput";
import type { StaffMember } from "./bindings/StaffMember";
import type { TaxAmount } from "./bindings/TaxAmount";
import { fromCents, toCents } from "./lib/money";

const CATALOG: [string, string, string, string, boolean][] = [
  ["COF-ESP", "Espresso", "2.20", "20", true],
  ["COF-CAP", "Cappuccino", "3.10", "20", true],
  ["COF-LAT", "Latte", "3.30", "20", true],
  ["TEA-ENG", "English breakfast tea", "2.00", "20", true],
  ["BAK-CRO", "Croissant", "1.80", "5", true],
  ["BAK-PAI", "Pain au chocolat", "2.10", "5", true],
  ["BAK-MUF", "Blueberry muffin", "2.40", "5", false],
  ["BRD-SOU", "Sourdough loaf", "4.50", "5", true],
  ["DAI-MLK", "Whole milk 1l", "1.15", "5", true],
  ["DAI-CHE", "Cheddar 200g", "3.20", "5", false],
  ["FRU-BAN", "Bananas (bunch)", "1.25", "5", true],
  ["PAN-OIL", "Olive oil 500ml", "6.50", "5", false],
  ["SNK-CHO", "Dark chocolate 100g", "1.90", "20", true],
  ["DRK-WAT", "Still water 500ml", "0.95", "20", true],
  ["HOU-BAT", "AA batteries 4 pack", "4.99", "20", false],
  ["NEW-PAP", "Daily newspaper", "1.80", "0", false],
  ["BAG-REU", "Reusable bag", "0.50", "20", true],
];

/** The demo shop's EAN-13 for the nth product (as the core seeds them). */
export function demoBarcode(n: number): string {
  const body = `200${String(1000 + n).padStart(9, "0")}`;
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const QUANTITY_MAX = 9999;

interface StaffRecord extends StaffMember {
  pin: string;
  wrong: number;
}

interface Line {
  id: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: string;
  taxRate: string;
  voided: LineView["voided"];
}

interface Discount {
  id: number;
  scope: DiscountScope;
  kind: DiscountKind;
  value: string;
  reason: string;
  authorisedBy: number | null;
  removed: boolean;
}

export interface Order {
  id: number;
  number: number;
  status: OrderStatus;
  cashier: number;
  terminal: string;
  openedAt: string;
  updatedAt: string;
  version: number;
  lines: Line[];
  discounts: Discount[];
  confirmation: OrderView["confirmation"];
  voiding: OrderView["voiding"];
}

/** One recorded event of an order, as the fake keeps it. */
interface Recorded {
  position: number;
  version: number;
  event: Event;
  actor: number;
  authorisedBy: number | null;
  at: string;
  summary: string;
  totalAfter: string;
}

interface History {
  records: Recorded[];
  /** States after every CHECKPOINT-th event (orderAt folds from the nearest). */
  checkpoints: Map<number, Order>;
}

const CHECKPOINT = 32;
const TERMINAL = "till-1";

const reject = (code: string, message: string): never => {
  throw { code, message } satisfies ErrorBody;
};

/** Positive n / d rounded half away from zero. */
const divRound = (n: bigint, d: bigint): bigint => (n < 0n ? -divRound(-n, d) : (2n * n + d) / (2n * d));

const cents = (text: string): bigint => toCents(text) ?? 0n;

export interface FakeOptions {
  /** Milliseconds each call takes, to see the UI wait (default 0). */
  delayMs?: number | (() => number);
  /** Where the fake clock starts (default 2025-06-02 09:00 UTC); each write moves it on 17 s. */
  start?: string;
  /** Pretend the event chain breaks at this position (appStatus and verifyChain say so). */
  tamperedAt?: number;
  /** What the save dialogs answer: a path (default: a path under /home/till) or null (cancelled). */
  savePath?: string | null;
}

export class FakeBackend implements Backend {
  products_: Product[] = CATALOG.map(([sku, name, price, taxRate, favourite], i) => ({
    sku,
    barcode: demoBarcode(i),
    name,
    price,
    taxRate,
    favourite,
    archived: false,
  }));
  staff: StaffRecord[] = [
    { id: 1, code: "1001", name: "Alex Cashier", role: "cashier", active: true, pin: "1234", wrong: 0 },
    { id: 2, code: "9001", name: "Morgan Manager", role: "manager", active: true, pin: "9999", wrong: 0 },
  ];
  settings: Settings = {
    shopName: "Corner Shop",
    shopAddress: "1 High Street\nSpringfield",
    currency: "EUR",
    rules: { discountPercentMaxUnapproved: "10", amountDiscountNeedsManager: true },
  };
  orders_ = new Map<number, Order>();
  /** Outcomes by command id: a repeated id returns the first outcome. */
  done = new Map<string, Order>();
  signedIn: StaffRecord | null = null;
  private imports = 0;
  private pendingImports = new Map<string, ImportPreview>();
  private clock: number;
  /** Every order's events, in order. */
  history = new Map<number, History>();
  /** The audit trail, oldest first. */
  auditLog: AuditEntry[] = [];
  private position = 0;
  private lockouts = 0;

  constructor(private readonly options: FakeOptions = {}) {
    this.clock = Date.parse(options.start ?? "2025-06-02T09:00:00Z");
  }

  /** Moves the fake clock on (for demo data spread over a day). */
  advance(ms: number): void {
    this.clock += ms;
  }

  private async later<T>(f: () => T): Promise<T> {
    const d = this.options.delayMs;
    const ms = typeof d === "function" ? d() : (d ?? 0);
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    else await Promise.resolve();
    return f();
  }

  private now(): string {
    this.clock += 17_000;
    return new Date(this.clock).toISOString();
  }

  private me(): StaffRecord {
    return this.signedIn ?? reject("not_signed_in", "Sign in first");
  }

  private manager(): StaffRecord {
    const me = this.me();
    return me.role === "manager" ? me : reject("manager_only", "Only a manager can do this");
  }

  private public(s: StaffRecord): StaffMember {
    return { id: s.id, code: s.code, name: s.name, role: s.role, active: s.active };
  }

  private checkPin(code: string, pin: string): StaffRecord {
    const s = this.staff.find((x) => x.code === code.trim());
    if (!s) return reject("wrong_pin", "Wrong staff code or PIN");
    if (s.wrong >= 5) return reject("pin_locked", `Too many wrong PINs: ${s.name}'s PIN is locked for 5 more minutes`);
    if (s.pin !== pin) {
      s.wrong += 1;
      if (s.wrong < 5) return reject("wrong_pin", "Wrong staff code or PIN");
      // Logged like the core's security log, which the audit trail lists.
      const id = ++this.lockouts;
      this.auditLog.push({
        key: `lockout-${id}`,
        position: null,
        orderId: null,
        version: null,
        kind: "pinLockout",
        at: this.now(),
        actor: s.id,
        actorName: s.name,
        authorisedBy: null,
        authorisedByName: null,
        reason: null,
        amount: "0.00",
        detail: "5 wrong PINs in a row; locked for 5 minutes",
      });
      return reject("pin_locked", `Too many wrong PINs: ${s.name}'s PIN is locked for 5 minutes`);
    }
    if (!s.active) return reject("staff_inactive", `${s.name} is deactivated`);
    s.wrong = 0;
    return s;
  }

  // Session

  appStatus = () =>
    this.later<AppStatus>(() => ({
      dbPath: "(in memory)",
      schemaVersion: 1,
      events: [...this.orders_.values()].reduce((n, o) => n + o.version, 0),
      orders: this.orders_.size,
      products: this.products_.filter((p) => !p.archived).length,
      staff: this.staff.length,
      chainOk: this.options.tamperedAt === undefined,
      chain: this.chain(),
    }));

  private chain(): VerifyReport {
    const t = this.options.tamperedAt;
    const events = this.position;
    if (t === undefined) return { events, intact: true, breach: null };
    return { events, intact: false, breach: { position: t, problem: `Event ${t}'s hash does not match its content (it was changed after it was written)` } };
  }

  signIn = (code: string, pin: string) =>
    this.later(() => {
      this.signedIn = this.checkPin(code, pin);
      return this.public(this.signedIn);
    });

  signOut = () =>
    this.later(() => {
      this.signedIn = null;
    });

  currentStaff = () => this.later(() => (this.signedIn ? this.public(this.signedIn) : null));

  shopSettings = () => this.later(() => structuredClone(this.settings));

  // Register

  openOrder = (commandId: string) => this.later<Outcome>(() => this.open(commandId));

  /** openOrder without the delay (for demo data). */
  open(commandId: string): Outcome {
    const me = this.me();
    const seen = this.done.get(commandId);
    if (seen) return { order: this.view(seen), replayed: true };
    const number = this.orders_.size + 1;
    const at = this.now();
    const empty = emptyOrder(number);
    const event: Event = { type: "OrderOpened", data: { number, cashier: me.id, terminal: TERMINAL, openedAt: at } };
    const order = evolve(copyOrder(empty), event, at);
    this.history.set(order.id, { records: [], checkpoints: new Map() });
    this.record(empty, order, event, me.id, null, at);
    this.orders_.set(order.id, order);
    this.done.set(commandId, order);
    return { order: this.view(order), replayed: false };
  }

  orderCommand = (
    orderId: number,
    commandId: string,
    request: OrderRequest,
    approval: Credentials | null,
    _expectedVersion: number | null,
  ) => this.later<Outcome>(() => this.execute(orderId, commandId, request, approval));

  /** orderCommand without the delay (for demo data). */
  execute(orderId: number, commandId: string, request: OrderRequest, approval: Credentials | null): Outcome {
    const seen = this.done.get(commandId);
    if (seen) return (this.me(), { order: this.view(seen), replayed: true });
    return { order: this.view(this.run(orderId, commandId, request, approval)), replayed: false };
  }

  /** Applies a command and records its event; the order's new state (demo data skips building views). */
  run(orderId: number, commandId: string, request: OrderRequest, approval: Credentials | null): Order {
    const me = this.me();
    const order = this.orders_.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`);
    const approver = approval ? this.checkPin(approval.code, approval.pin) : null;
    const next: Order = copyOrder(order);
    this.apply(next, request, approver);
    const at = this.now();
    const event = eventFor(order, next, request, approver);
    // The state kept is the one the event folds to (what orderAt will show).
    const after = evolve(copyOrder(order), event, at);
    this.record(order, after, event, me.id, approver?.id ?? null, at);
    this.orders_.set(orderId, after);
    this.done.set(commandId, after);
    return after;
  }

  private record(before: Order, after: Order, event: Event, actor: number, approver: number | null, at: string): void {
    const h = this.history.get(after.id)!;
    const position = ++this.position;
    const authorisedBy = ("authorisedBy" in event.data ? event.data.authorisedBy : null) ?? approver;
    const summary = describe(before, event);
    const t = this.totals(after);
    h.records.push({
      position,
      version: after.version,
      event,
      actor,
      authorisedBy,
      at,
      summary,
      totalAfter: after.confirmation?.total ?? fromCents(t.total),
    });
    if (after.version % CHECKPOINT === 0) h.checkpoints.set(after.version, after);
    const facts = this.auditFacts(before, after, event);
    if (facts) {
      this.auditLog.push({
        key: `event-${position}`,
        position,
        orderId: after.id,
        version: after.version,
        kind: facts.kind,
        at,
        actor,
        actorName: this.nameOf(actor),
        authorisedBy,
        authorisedByName: authorisedBy === null ? null : this.nameOf(authorisedBy),
        reason: facts.reason,
        amount: facts.amount,
        detail: summary,
      });
    }
  }

  private auditFacts(before: Order, after: Order, event: Event): { kind: AuditKind; amount: string; reason: string | null } | null {
    switch (event.type) {
      case "OrderVoided":
        return { kind: "orderVoid", amount: event.data.amount, reason: event.data.reason };
      case "LineVoided": {
        const line = this.view(before).lines.find((l) => l.id === event.data.line);
        return { kind: "lineVoid", amount: line?.net ?? "0.00", reason: event.data.reason };
      }
      case "DiscountApplied": {
        const d = this.view(after).discounts.find((x) => x.id === event.data.discount);
        return { kind: "discount", amount: d?.amount ?? "0.00", reason: event.data.reason };
      }
      case "DiscountRemoved": {
        const d = this.view(before).discounts.find((x) => x.id === event.data.discount);
        return { kind: "discountRemoval", amount: d?.amount ?? "0.00", reason: d?.reason ?? null };
      }
      case "QuantityChanged": {
        if (event.data.to >= event.data.from) return null;
        const line = before.lines.find((l) => l.id === event.data.line);
        return { kind: "quantityDecrease", amount: fromCents(cents(line?.unitPrice ?? "0") * BigInt(event.data.from - event.data.to)), reason: null };
      }
      default:
        return null;
    }
  }

  private nameOf(id: number): string {
    return this.staff.find((s) => s.id === id)?.name ?? `#${id}`;
  }

  /** The order after its first `version` events: the nearest checkpoint, then the events after it. */
  private stateAt(orderId: number, version: number): Order {
    const h = this.history.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`);
    const latest = h.records.length;
    if (!Number.isInteger(version) || version < 0 || version > latest)
      reject("no_such_version", `Order ${orderId} has ${latest} versions; there is no version ${version}`);
    const from = Math.floor(version / CHECKPOINT) * CHECKPOINT;
    let state = from > 0 && h.checkpoints.has(from) ? copyOrder(h.checkpoints.get(from)!) : emptyOrder(orderId);
    for (const r of h.records.slice(state.version, version)) state = evolve(state, r.event, r.at);
    return state;
  }

  private apply(o: Order, r: OrderRequest, approver: StaffRecord | null): void {
    const requireOpen = () => {
      if (o.status !== "open") reject("order_not_open", `Order ${o.id} is ${o.status}; only a void is accepted now`);
    };
    const quantity = (q: number) => {
      if (!Number.isInteger(q) || q < 1 || q > QUANTITY_MAX)
        reject("quantity_out_of_range", `Quantity must be a whole number from 1 to ${QUANTITY_MAX}, not ${Math.max(q, 0)}`);
      return q;
    };
    const reason = (text: string) => text.trim() || reject("reason_required", "A reason is required");
    const liveLine = (id: number) => {
      const line = o.lines.find((l) => l.id === id) ?? reject("line_not_found", `There is no line ${id} on this order`);
      if (line.voided) reject("line_removed", `Line ${id} has been removed`);
      return line;
    };
    const manager = (what: string) => {
      if (!approver) return reject("manager_required", `${what} needs a manager`);
      if (approver.role !== "manager") return reject("approver_not_manager", "Only a manager can authorise this");
      return approver.id;
    };
    switch (r.type) {
      case "addItem": {
        requireOpen();
        const code = r.code.trim();
        if (!code) reject("required", "Barcode or SKU is required");
        quantity(r.quantity);
        const p =
          this.products_.find((x) => !x.archived && (x.sku === code || x.barcode === code)) ??
          reject("unknown_product", `No product with SKU or barcode "${code}"`);
        o.lines.push({
          id: o.lines.length + 1,
          sku: p.sku,
          name: p.name,
          quantity: r.quantity,
          unitPrice: p.price,
          taxRate: p.taxRate,
          voided: null,
        });
        return;
      }
      case "changeQuantity": {
        requireOpen();
        quantity(r.quantity);
        const line = liveLine(r.line);
        if (line.quantity === r.quantity) reject("quantity_unchanged", `Line ${r.line} already has quantity ${r.quantity}`);
        o.lines[o.lines.indexOf(line)] = { ...line, quantity: r.quantity };
        break;
      }
      case "removeLine": {
        requireOpen();
        const line = liveLine(r.line);
        o.lines[o.lines.indexOf(line)] = { ...line, voided: { line: r.line, reason: reason(r.reason), authorisedBy: approver?.id ?? null } };
        break;
      }
      case "applyDiscount": {
        requireOpen();
        if (r.scope.type === "line") liveLine(r.scope.line);
        const v = toCents(r.value);
        if (v === null || v < 0n) reject("invalid_amount", `Discount ${r.kind} must be a number like 12.50, not "${r.value}"`);
        const value = v as bigint;
        if (r.kind === "percent" && (value <= 0n || value > 10000n))
          reject("percent_out_of_range", `A percent discount must be more than 0 and at most 100, not ${r.value}`);
        if (r.kind === "amount" && value <= 0n) reject("amount_not_positive", "A discount amount must be more than 0");
        const why = reason(r.reason);
        const threshold = cents(this.settings.rules.discountPercentMaxUnapproved);
        const needs = r.kind === "percent" ? value > threshold : this.settings.rules.amountDiscountNeedsManager;
        const what = r.kind === "percent" ? `Discount over ${this.settings.rules.discountPercentMaxUnapproved}%` : "A fixed-amount discount";
        const authorisedBy = needs ? manager(what) : (approver?.id ?? null);
        o.discounts.push({
          id: o.discounts.length + 1,
          scope: r.scope,
          kind: r.kind,
          value: r.value.trim(),
          reason: why,
          authorisedBy,
          removed: false,
        });
        break;
      }
      case "removeDiscount": {
        requireOpen();
        const d = o.discounts.find((x) => x.id === r.discount) ?? reject("discount_not_found", `There is no discount ${r.discount} on this order`);
        if (d.removed) reject("discount_already_removed", `Discount ${r.discount} has already been removed`);
        o.discounts[o.discounts.indexOf(d)] = { ...d, removed: true };
        break;
      }
      case "confirmOrder": {
        requireOpen();
        const t = this.totals(o);
        if (!o.lines.some((l) => !l.voided)) reject("no_lines", "Add at least one item before confirming");
        const amount = (text: string, field: string) => {
          if (text.trim() === "") return 0n;
          const c = toCents(text);
          if (c === null) return reject("invalid_amount", `${field} must be a number like 12.50, not "${text}"`);
          if (c < 0n) return reject("invalid_amount", `${field} cannot be negative`);
          return c;
        };
        const cash = amount(r.cash, "Cash");
        const card = amount(r.card, "Card");
        if (card > t.total)
          reject("card_exceeds_due", `Card ${fromCents(card)} is more than the ${fromCents(t.total)} due; change is only given from cash`);
        if (cash + card < t.total)
          reject("tender_short", `Tendered ${fromCents(cash + card)} does not cover the total ${fromCents(t.total)}`);
        o.status = "confirmed";
        o.confirmation = {
          total: fromCents(t.total),
          tax: t.tax,
          tenders: { cash: fromCents(cash), card: fromCents(card) },
          change: fromCents(cash + card - t.total),
          confirmedAt: this.now(),
        };
        return;
      }
      case "voidOrder": {
        if (o.status === "voided") reject("order_already_voided", `Order ${o.id} is already voided`);
        const why = reason(r.reason);
        const by = manager("Voiding an order");
        const amount = o.confirmation ? o.confirmation.total : fromCents(this.totals(o).total);
        o.status = "voided";
        o.voiding = { reason: why, authorisedBy: by, amount, voidedAt: this.now() };
        return;
      }
    }
    const t = this.totals(o);
    if (t.total < 0n) reject("order_below_zero", `That would take the order total below zero by ${fromCents(-t.total)}; remove a discount first`);
  }

  private totals(o: Order) {
    const live = o.lines.filter((l) => !l.voided);
    const gross = (l: Line) => cents(l.unitPrice) * BigInt(l.quantity);
    const active = o.discounts.filter((d) => !d.removed);
    const off = (d: Discount, base: bigint) => (d.kind === "percent" ? divRound(base * cents(d.value), 10000n) : cents(d.value));
    const lineDiscount = new Map<number, bigint>();
    const discountAmount = new Map<number, bigint>();
    for (const d of active) {
      if (d.scope.type !== "line") continue;
      const lineId = d.scope.line;
      const line = live.find((l) => l.id === lineId);
      const amount = line ? off(d, gross(line)) : 0n;
      discountAmount.set(d.id, amount);
      lineDiscount.set(lineId, (lineDiscount.get(lineId) ?? 0n) + amount);
    }
    let subtotal = 0n;
    let lineDiscounts = 0n;
    const netByRate = new Map<string, bigint>();
    for (const l of live) {
      const g = gross(l);
      const d = lineDiscount.get(l.id) ?? 0n;
      if (d > g) reject("line_below_zero", `That discount would take line ${l.id} below zero (at most ${fromCents(g)} can come off)`);
      subtotal += g;
      lineDiscounts += d;
      netByRate.set(l.taxRate, (netByRate.get(l.taxRate) ?? 0n) + g - d);
    }
    const base = subtotal - lineDiscounts;
    let orderDiscounts = 0n;
    for (const d of active) {
      if (d.scope.type !== "order") continue;
      const amount = off(d, base);
      discountAmount.set(d.id, amount);
      orderDiscounts += amount;
    }
    const total = base - orderDiscounts;
    // Order discounts are shared across rates by net value; the largest rate takes the rounding rest.
    const rates = [...netByRate.entries()].sort((a, b) => Number(cents(a[0]) - cents(b[0])));
    const largest = rates.reduce<[string, bigint] | null>((m, r) => (m === null || r[1] > m[1] ? r : m), null);
    let allocated = 0n;
    const rows = rates.map(([rate, net]) => {
      const share = base > 0n && rate !== largest?.[0] ? divRound(orderDiscounts * net, base) : 0n;
      allocated += share;
      return { rate, gross: net - share, tax: 0n };
    });
    for (const row of rows) {
      if (row.rate === largest?.[0]) row.gross -= orderDiscounts - allocated;
      const r = cents(row.rate);
      row.tax = divRound(row.gross * r, 10000n + r);
    }
    return {
      subtotal,
      lineDiscounts,
      orderDiscounts,
      total,
      lineDiscount,
      discountAmount,
      tax: rows.map((t): TaxAmount => ({ rate: t.rate, gross: fromCents(t.gross), tax: fromCents(t.tax) })),
      taxTotal: rows.reduce((s, t) => s + t.tax, 0n),
      itemCount: live.reduce((n, l) => n + l.quantity, 0),
    };
  }

  private view(o: Order): OrderView {
    const t = this.totals(o);
    const lines: LineView[] = o.lines.map((l) => {
      const gross = cents(l.unitPrice) * BigInt(l.quantity);
      const discount = l.voided ? 0n : (t.lineDiscount.get(l.id) ?? 0n);
      return {
        id: l.id,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        taxRate: l.taxRate,
        voided: l.voided ? { ...l.voided } : null,
        gross: fromCents(gross),
        discount: fromCents(discount),
        net: fromCents(gross - discount),
      };
    });
    const discounts: DiscountView[] = o.discounts.map((d) => ({
      ...d,
      scope: { ...d.scope },
      amount: fromCents(d.removed ? 0n : (t.discountAmount.get(d.id) ?? 0n)),
    }));
    return {
      id: o.id,
      number: o.number,
      status: o.status,
      cashier: o.cashier,
      terminal: o.terminal,
      openedAt: o.status === "new" ? null : o.openedAt,
      version: o.version,
      lines,
      discounts,
      totals: {
        subtotal: fromCents(t.subtotal),
        lineDiscounts: fromCents(t.lineDiscounts),
        orderDiscounts: fromCents(t.orderDiscounts),
        discountTotal: fromCents(t.lineDiscounts + t.orderDiscounts),
        total: fromCents(t.total),
        taxTotal: fromCents(t.taxTotal),
        tax: t.tax,
        itemCount: t.itemCount,
      },
      confirmation: structuredClone(o.confirmation),
      voiding: structuredClone(o.voiding),
    };
  }

  /** An order as it is now, without the delay (for demo data). */
  viewOf(orderId: number): OrderView {
    return this.view(this.orders_.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`));
  }

  orderView = (orderId: number) =>
    this.later(() => this.view(this.orders_.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`)));

  private summary(o: Order): OrderSummary {
    const v = this.view(o);
    return {
      id: o.id,
      number: o.number,
      status: o.status,
      cashier: o.cashier,
      cashierName: this.staff.find((s) => s.id === o.cashier)?.name ?? "",
      terminal: o.terminal,
      openedAt: o.openedAt,
      updatedAt: o.updatedAt,
      closedAt: o.voiding?.voidedAt ?? o.confirmation?.confirmedAt ?? null,
      version: o.version,
      lineCount: v.lines.filter((l) => !l.voided).length,
      itemCount: v.totals.itemCount,
      discountTotal: v.totals.discountTotal,
      total: o.confirmation?.total ?? v.totals.total,
    };
  }

  openOrders = () =>
    this.later<OrderSummary[]>(() => {
      this.me();
      return [...this.orders_.values()]
        .filter((o) => o.status === "open")
        .sort((a, b) => b.id - a.id)
        .map((o) => this.summary(o));
    });

  private search(query: string, includeArchived: boolean): Product[] {
    const q = query.trim().toLowerCase();
    return this.products_
      .filter((p) => (includeArchived || !p.archived) && (q === "" || [p.name, p.sku, p.barcode ?? ""].some((f) => f.toLowerCase().includes(q))))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ ...p }));
  }

  findProducts = (query: string) => this.later(() => (this.me(), this.search(query, false).slice(0, 50)));

  favouriteProducts = () => this.later(() => (this.me(), this.search("", false).filter((p) => p.favourite).slice(0, 24)));

  receipt = (orderId: number) =>
    this.later<Receipt>(() => {
      const o = this.orders_.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`);
      return {
        shopName: this.settings.shopName,
        shopAddress: this.settings.shopAddress,
        currency: this.settings.currency,
        cashierName: this.staff.find((s) => s.id === o.cashier)?.name ?? "",
        order: this.view(o),
      };
    });

  saveReceipt = (orderId: number) => this.later(() => this.saved(`receipt-${orderId}.txt`));

  private saved(name: string): string | null {
    return this.options.savePath === undefined ? `/home/till/${name}` : this.options.savePath;
  }

  // Back office

  products = (query: string, includeArchived: boolean) => this.later(() => (this.manager(), this.search(query, includeArchived)));

  private checkProduct(input: ProductInput): Product {
    const sku = input.sku.trim() || reject("required", "SKU is required");
    const name = input.name.trim() || reject("required", "Name is required");
    const price = toCents(input.price);
    if (price === null || price < 0n) reject("invalid_amount", `Price must be a number like 12.50, not "${input.price}"`);
    const rate = toCents(input.taxRate);
    if (rate === null || rate < 0n || rate > 10000n) reject("invalid_amount", `Tax rate must be a number like 12.50, not "${input.taxRate}"`);
    const barcode = input.barcode.trim();
    const clash = barcode && this.products_.find((p) => p.sku !== sku && (p.barcode === barcode || p.sku === barcode));
    if (clash) reject("duplicate", `Barcode "${barcode} (used by ${clash.sku})" already exists`);
    return { sku, barcode: barcode || null, name, price: fromCents(price!), taxRate: input.taxRate.trim(), favourite: input.favourite, archived: false };
  }

  productAdd = (input: ProductInput) =>
    this.later(() => {
      this.manager();
      const p = this.checkProduct(input);
      if (this.products_.some((x) => x.sku === p.sku)) reject("duplicate", `SKU "${p.sku}" already exists`);
      this.products_.push(p);
      return { ...p };
    });

  productUpdate = (input: ProductInput) =>
    this.later(() => {
      this.manager();
      const p = this.checkProduct(input);
      const i = this.products_.findIndex((x) => x.sku === p.sku);
      if (i < 0) reject("not_found", `Product "${p.sku}" does not exist`);
      p.archived = this.products_[i]!.archived;
      this.products_[i] = p;
      return { ...p };
    });

  productArchive = (sku: string, archived: boolean) =>
    this.later(() => {
      this.manager();
      const p = this.products_.find((x) => x.sku === sku) ?? reject("not_found", `Product "${sku}" does not exist`);
      p.archived = archived;
      return { ...p };
    });

  catalogImportPick = () =>
    this.later<ImportPick | null>(() => {
      this.manager();
      this.imports += 1;
      const withErrors = this.imports % 2 === 1;
      const row = (line: number, sku: string, name: string, price: string, rate: string) => ({
        line,
        product: { sku, barcode: null, name, price, taxRate: rate, favourite: false, archived: false },
        replaces: this.products_.some((p) => p.sku === sku),
        error: null,
      });
      const rows = [
        row(2, "JAM-STR", "Strawberry jam 340g", "3.60", "5"),
        row(3, "COF-ESP", "Espresso", "2.30", "20"),
        row(4, "TEA-MNT", "Mint tea", "2.10", "20"),
        ...(withErrors
          ? [
              { line: 5, product: null, replaces: false, error: 'Price must be a number like 12.50, not "two"' },
              { line: 6, product: null, replaces: false, error: "Name is required" },
            ]
          : []),
      ];
      const invalid = rows.filter((r) => r.error).length;
      const preview: ImportPreview = { rows, valid: rows.length - invalid, invalid };
      const token = `import-${this.imports}`;
      this.pendingImports.set(token, preview);
      return { token, fileName: withErrors ? "catalog-draft.csv" : "catalog.csv", preview };
    });

  catalogImportCommit = (token: string) =>
    this.later(() => {
      this.manager();
      const preview = this.pendingImports.get(token) ?? reject("not_found", `Import "${token}" does not exist`);
      if (preview.invalid > 0) {
        const first = preview.rows.find((r) => r.error);
        reject("import_failed", `${preview.invalid} rows have errors; nothing was imported (first: line ${first?.line}: ${first?.error})`);
      }
      for (const r of preview.rows) {
        if (!r.product) continue;
        const i = this.products_.findIndex((p) => p.sku === r.product!.sku);
        if (i >= 0) this.products_[i] = { ...r.product };
        else this.products_.push({ ...r.product });
      }
      this.pendingImports.delete(token);
      return preview;
    });

  staffList = () => this.later(() => (this.manager(), this.staff.map((s) => this.public(s))));

  private checkNewPin(pin: string) {
    if (!/^\d{4,12}$/.test(pin)) reject("invalid_input", "PIN: use 4 to 12 digits");
  }

  staffAdd = (input: StaffInput) =>
    this.later(() => {
      this.manager();
      const code = input.code.trim() || reject("required", "Staff code is required");
      const name = input.name.trim() || reject("required", "Name is required");
      this.checkNewPin(input.pin);
      if (this.staff.some((s) => s.code === code)) reject("duplicate", `Staff code "${code}" already exists`);
      const s: StaffRecord = { id: this.staff.length + 1, code, name, role: input.role, active: true, pin: input.pin, wrong: 0 };
      this.staff.push(s);
      return this.public(s);
    });

  staffResetPin = (id: number, pin: string) =>
    this.later(() => {
      this.manager();
      this.checkNewPin(pin);
      const s = this.staff.find((x) => x.id === id) ?? reject("not_found", `Staff "${id}" does not exist`);
      s.pin = pin;
      s.wrong = 0;
      return this.public(s);
    });

  staffSetActive = (id: number, active: boolean) =>
    this.later(() => {
      this.manager();
      const s = this.staff.find((x) => x.id === id) ?? reject("not_found", `Staff "${id}" does not exist`);
      s.active = active;
      return this.public(s);
    });

  settingsSave = (input: SettingsInput) =>
    this.later(() => {
      this.manager();
      const shopName = input.shopName.trim() || reject("required", "Shop name is required");
      const currency = input.currency.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) reject("invalid_input", "Currency: use a three-letter code such as EUR");
      const t = toCents(input.discountPercentMaxUnapproved);
      if (t === null || t < 0n || t > 10000n) reject("invalid_amount", `Discount threshold must be a number like 12.50, not "${input.discountPercentMaxUnapproved}"`);
      this.settings = {
        shopName,
        shopAddress: input.shopAddress.trim(),
        currency,
        rules: { discountPercentMaxUnapproved: input.discountPercentMaxUnapproved.trim(), amountDiscountNeedsManager: input.amountDiscountNeedsManager },
      };
      return structuredClone(this.settings);
    });
  // History

  orders = (filter: OrderFilter) =>
    this.later<OrderSummary[]>(() => {
      this.me();
      const min = filter.minTotal?.trim() ? toCents(filter.minTotal) : null;
      if (filter.minTotal?.trim() && min === null) reject("invalid_amount", `Minimum total must be a number like 12.50, not "${filter.minTotal}"`);
      const from = filter.from ? Date.parse(filter.from) : null;
      const to = filter.to ? Date.parse(filter.to) : null;
      const offset = filter.offset ?? 0;
      const limit = Math.min(filter.limit ?? 200, 1000);
      return [...this.orders_.values()]
        .filter(
          (o) =>
            (filter.number === null || o.number === filter.number) &&
            (filter.status === null || o.status === filter.status) &&
            (filter.cashier === null || o.cashier === filter.cashier) &&
            (filter.terminal === null || o.terminal === filter.terminal) &&
            (from === null || Date.parse(o.openedAt) >= from) &&
            (to === null || Date.parse(o.openedAt) < to),
        )
        .sort((a, b) => b.id - a.id)
        .map((o) => this.summary(o))
        .filter((s) => min === null || cents(s.total) >= min!)
        .slice(offset, offset + limit);
    });

  timeline = (orderId: number) =>
    this.later<TimelineMark[]>(() => {
      this.me();
      const h = this.history.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`);
      return h.records.map((r) => ({
        version: r.version,
        kind: r.event.type,
        summary: r.summary,
        actorName: this.nameOf(r.actor),
        at: r.at,
      }));
    });

  timelineAt = (orderId: number, version: number, rows: number) =>
    this.later<TimelineStep>(() => {
      this.me();
      const h = this.history.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`);
      if (!Number.isInteger(version) || version < 1 || version > h.records.length)
        reject("no_such_version", `Order ${orderId} has ${h.records.length} versions; there is no version ${version}`);
      const r = h.records[version - 1]!;
      const view = this.view(this.stateAt(orderId, version));
      const e = r.event;
      const touched = e.type === "ItemAdded" || e.type === "QuantityChanged" || e.type === "LineVoided" ? e.data.line : null;
      const at = touched === null ? -1 : view.lines.findIndex((l) => l.id === touched);
      const focus = at >= 0 ? at : view.lines.length - 1;
      const count = view.lines.length;
      const size = Math.max(1, rows);
      const from = count <= size ? 0 : Math.min(Math.max(0, focus - Math.floor(size / 2)), count - size);
      return {
        entry: {
          version: r.version,
          position: r.position,
          kind: r.event.type,
          summary: r.summary,
          actor: r.actor,
          actorName: this.nameOf(r.actor),
          authorisedBy: r.authorisedBy,
          authorisedByName: r.authorisedBy === null ? null : this.nameOf(r.authorisedBy),
          at: r.at,
          totalAfter: r.totalAfter,
          event: structuredClone(r.event),
        },
        view: { ...view, lines: view.lines.slice(from, from + size) },
        lineCount: count,
        linesFrom: from,
      };
    });

  orderAt = (orderId: number, version: number) => this.later(() => (this.me(), this.view(this.stateAt(orderId, version))));

  versionAt = (orderId: number, at: string) =>
    this.later(() => {
      this.me();
      const h = this.history.get(orderId) ?? reject("order_not_found", `Order ${orderId} does not exist`);
      const t = Date.parse(at);
      if (Number.isNaN(t)) reject("invalid_input", "The time must be a date and time like 2026-11-23T10:15:00Z");
      const v = h.records.filter((r) => Date.parse(r.at) <= t).length;
      if (v === 0) reject("not_yet_opened", `Order ${orderId} did not exist yet at that time`);
      return v;
    });

  // Audit and reports

  private auditFiltered(filter: AuditFilter): AuditEntry[] {
    const min = filter.minAmount?.trim() ? toCents(filter.minAmount) : null;
    if (filter.minAmount?.trim() && min === null) reject("invalid_amount", `Minimum amount must be a number like 12.50, not "${filter.minAmount}"`);
    const from = filter.from ? Date.parse(filter.from) : null;
    const to = filter.to ? Date.parse(filter.to) : null;
    return this.auditLog
      .filter(
        (e) =>
          (filter.kinds.length === 0 || filter.kinds.includes(e.kind)) &&
          (filter.staff === null || e.actor === filter.staff || e.authorisedBy === filter.staff) &&
          (from === null || Date.parse(e.at) >= from) &&
          (to === null || Date.parse(e.at) < to) &&
          (min === null || cents(e.amount) >= min!),
      )
      .reverse();
  }

  audit = (filter: AuditFilter) =>
    this.later(() => {
      this.manager();
      const offset = filter.offset ?? 0;
      const limit = Math.min(filter.limit ?? 1000, 1000);
      return structuredClone(this.auditFiltered(filter).slice(offset, offset + limit));
    });

  auditTotals = (filter: AuditFilter) =>
    this.later(() => {
      this.manager();
      return totalsOf(this.auditFiltered(filter));
    });

  auditExport = (filter: AuditFilter) =>
    this.later(() => {
      this.manager();
      this.auditFiltered(filter);
      return this.saved("audit.csv");
    });

  verifyChain = () => this.later<VerifyReport>(() => (this.manager(), this.chain()));

  private figures(orders: Order[], from: number, to: number): DayFigures {
    let confirmed = 0;
    let voided = 0;
    let gross = 0n;
    let discounts = 0n;
    let voids = 0n;
    let cash = 0n;
    let change = 0n;
    let card = 0n;
    let cashBack = 0n;
    let cardBack = 0n;
    const tax = new Map<string, { gross: bigint; tax: bigint }>();
    const inside = (at: string | undefined) => at !== undefined && Date.parse(at) >= from && Date.parse(at) < to;
    for (const o of orders) {
      const c = o.confirmation;
      if (c && inside(c.confirmedAt)) {
        confirmed++;
        const t = this.totals(o);
        gross += t.subtotal;
        discounts += t.lineDiscounts + t.orderDiscounts;
        cash += cents(c.tenders.cash);
        card += cents(c.tenders.card);
        change += cents(c.change);
        for (const r of c.tax) {
          const row = tax.get(r.rate) ?? { gross: 0n, tax: 0n };
          row.gross += cents(r.gross);
          row.tax += cents(r.tax);
          tax.set(r.rate, row);
        }
      }
      if (o.voiding && inside(o.voiding.voidedAt)) {
        voided++;
        if (c) {
          voids += cents(o.voiding.amount);
          // A void gives back what was taken: card first, the rest in cash.
          const cardPart = cents(c.tenders.card) < cents(o.voiding.amount) ? cents(c.tenders.card) : cents(o.voiding.amount);
          cardBack += cardPart;
          cashBack += cents(o.voiding.amount) - cardPart;
        }
      }
    }
    return {
      ordersConfirmed: confirmed,
      ordersVoided: voided,
      grossSales: fromCents(gross),
      discounts: fromCents(discounts),
      voids: fromCents(voids),
      netSales: fromCents(gross - discounts - voids),
      tax: [...tax.entries()]
        .sort((a, b) => Number(cents(a[0]) - cents(b[0])))
        .map(([rate, r]) => ({ rate, gross: fromCents(r.gross), tax: fromCents(r.tax) })),
      cashTaken: fromCents(cash),
      changeGiven: fromCents(change),
      cardTaken: fromCents(card),
      cashExpected: fromCents(cash - change - cashBack),
      cardExpected: fromCents(card - cardBack),
    };
  }

  private report(from: string, to: string, terminal: string | null): DayReport {
    this.manager();
    const f = Date.parse(from);
    const t = Date.parse(to);
    if (Number.isNaN(f)) reject("invalid_input", "From must be a date and time like 2026-11-23T10:15:00Z");
    if (Number.isNaN(t)) reject("invalid_input", "To must be a date and time like 2026-11-23T10:15:00Z");
    const orders = [...this.orders_.values()].filter((o) => terminal === null || o.terminal === terminal);
    const cashiers: CashierDay[] = [...new Set(orders.map((o) => o.cashier))]
      .map((id) => ({ cashier: id, cashierName: this.nameOf(id), figures: this.figures(orders.filter((o) => o.cashier === id), f, t) }))
      .filter((c) => c.figures.ordersConfirmed + c.figures.ordersVoided > 0)
      .sort((a, b) => a.cashierName.localeCompare(b.cashierName));
    return { from, to, terminal, totals: this.figures(orders, f, t), cashiers };
  }

  dayReport = (from: string, to: string, terminal: string | null) => this.later(() => this.report(from, to, terminal));

  dayReportExport = (from: string, to: string, terminal: string | null) =>
    this.later(() => {
      this.report(from, to, terminal);
      return this.saved(`day-report-${from.slice(0, 10)}.csv`);
    });

  backup = () => this.later(() => (this.manager(), this.saved("pos-backup.db")));

  terminal = () => this.later(() => TERMINAL);
}

/**
 * A copy to change: new line and discount arrays sharing the (never mutated)
 * line and discount objects, so keeping every state an order went through
 * costs little.
 */
function copyOrder(o: Order): Order {
  return { ...o, lines: [...o.lines], discounts: [...o.discounts] };
}

function emptyOrder(id: number): Order {
  return {
    id,
    number: 0,
    status: "new",
    cashier: 0,
    terminal: "",
    openedAt: "",
    updatedAt: "",
    version: 0,
    lines: [],
    discounts: [],
    confirmation: null,
    voiding: null,
  };
}

/** The event a request that the fake accepted records (`next` is the state the fake's rules left). */
function eventFor(before: Order, next: Order, r: OrderRequest, approver: StaffRecord | null): Event {
  switch (r.type) {
    case "addItem": {
      const l = next.lines[next.lines.length - 1]!;
      return { type: "ItemAdded", data: { line: l.id, sku: l.sku, name: l.name, qty: l.quantity, price: l.unitPrice, tax: l.taxRate } };
    }
    case "changeQuantity":
      return { type: "QuantityChanged", data: { line: r.line, from: before.lines.find((l) => l.id === r.line)!.quantity, to: r.quantity } };
    case "removeLine":
      return { type: "LineVoided", data: structuredClone(next.lines.find((l) => l.id === r.line)!.voided!) };
    case "applyDiscount": {
      const d = next.discounts[next.discounts.length - 1]!;
      return {
        type: "DiscountApplied",
        data: { discount: d.id, scope: structuredClone(d.scope), kind: d.kind, value: d.value, reason: d.reason, authorisedBy: d.authorisedBy },
      };
    }
    case "removeDiscount":
      return { type: "DiscountRemoved", data: { discount: r.discount } };
    case "confirmOrder":
      return { type: "OrderConfirmed", data: structuredClone(next.confirmation!) };
    case "voidOrder":
      void approver;
      return { type: "OrderVoided", data: structuredClone(next.voiding!) };
  }
}

/** Folds one event into an order (the fake's stand-in for the core's evolve). */
function evolve(o: Order, e: Event, at: string): Order {
  switch (e.type) {
    case "OrderOpened":
      o.number = e.data.number;
      o.cashier = e.data.cashier;
      o.terminal = e.data.terminal;
      o.openedAt = e.data.openedAt;
      o.status = "open";
      break;
    case "ItemAdded":
      o.lines.push({ id: e.data.line, sku: e.data.sku, name: e.data.name, quantity: e.data.qty, unitPrice: e.data.price, taxRate: e.data.tax, voided: null });
      break;
    case "QuantityChanged": {
      const i = o.lines.findIndex((x) => x.id === e.data.line);
      if (i >= 0) o.lines[i] = { ...o.lines[i]!, quantity: e.data.to };
      break;
    }
    case "LineVoided": {
      const i = o.lines.findIndex((x) => x.id === e.data.line);
      if (i >= 0) o.lines[i] = { ...o.lines[i]!, voided: { ...e.data } };
      break;
    }
    case "DiscountApplied":
      o.discounts.push({
        id: e.data.discount,
        scope: structuredClone(e.data.scope),
        kind: e.data.kind,
        value: e.data.value,
        reason: e.data.reason,
        authorisedBy: e.data.authorisedBy,
        removed: false,
      });
      break;
    case "DiscountRemoved": {
      const i = o.discounts.findIndex((x) => x.id === e.data.discount);
      if (i >= 0) o.discounts[i] = { ...o.discounts[i]!, removed: true };
      break;
    }
    case "OrderConfirmed":
      o.status = "confirmed";
      o.confirmation = structuredClone(e.data);
      break;
    case "OrderVoided":
      o.status = "voided";
      o.voiding = structuredClone(e.data);
      break;
  }
  o.version += 1;
  o.updatedAt = at;
  return o;
}

const pct = (value: string) => `${value.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "")}%`;

/** Plain words for an event, given the order just before it (as the core's describe). */
function describe(before: Order, e: Event): string {
  const name = (line: number) => before.lines.find((l) => l.id === line)?.name ?? `line ${line}`;
  const what = (kind: DiscountKind, value: string) => (kind === "percent" ? pct(value) : fromCents(cents(value)));
  switch (e.type) {
    case "OrderOpened":
      return `Opened order ${e.data.number} on ${e.data.terminal}`;
    case "ItemAdded":
      return `Added ${e.data.qty} × ${e.data.name} (${e.data.sku}) at ${fromCents(cents(e.data.price))}`;
    case "QuantityChanged":
      return `Changed ${name(e.data.line)} from ${e.data.from} to ${e.data.to}`;
    case "LineVoided":
      return `Removed ${name(e.data.line)}: ${e.data.reason}`;
    case "DiscountApplied": {
      const on = e.data.scope.type === "order" ? "the order" : name(e.data.scope.line);
      return `Discount ${what(e.data.kind, e.data.value)} on ${on}: ${e.data.reason}`;
    }
    case "DiscountRemoved": {
      const d = before.discounts.find((x) => x.id === e.data.discount);
      return d ? `Removed discount ${what(d.kind, d.value)} (${d.reason})` : `Removed discount ${e.data.discount}`;
    }
    case "OrderConfirmed": {
      const c = e.data;
      return `Confirmed: total ${c.total}, cash ${c.tenders.cash}, card ${c.tenders.card}, change ${c.change}`;
    }
    case "OrderVoided":
      return `Voided ${e.data.amount}: ${e.data.reason}`;
  }
}
