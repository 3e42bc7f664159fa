// The till's state and everything the cashier can do, in one place. The
// components only show this state and call these methods. No business rule
// lives here: every total, refusal and permission comes from the core.

import type { Backend, Credentials, ErrorBody, ImportPick } from "./backend";
import type { DiscountKind } from "./bindings/DiscountKind";
import type { DiscountView } from "./bindings/DiscountView";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { LineView } from "./bindings/LineView";
import type { OrderRequest } from "./bindings/OrderRequest";
import type { OrderSummary } from "./bindings/OrderSummary";
import type { OrderView } from "./bindings/OrderView";
import type { Outcome } from "./bindings/Outcome";
import type { Product } from "./bindings/Product";
import type { ProductInput } from "./bindings/ProductInput";
import type { Receipt } from "./bindings/Receipt";
import type { Settings } from "./bindings/Settings";
import type { StaffInput } from "./bindings/StaffInput";
import type { StaffMember } from "./bindings/StaffMember";
import { newCommandId } from "./lib/commandId";
import { parseEntry, parseWholeNumber } from "./lib/entry";
import { APPROVAL_RETRY, NEEDS_MANAGER, toErrorBody } from "./lib/errors";
import type { Action } from "./lib/keys";
import { cardRemainder, formatMoney, quickCash } from "./lib/money";
import { CommandQueue } from "./lib/queue";
import { describeStatus } from "./lib/status";
import { BackOfficeState } from "./backoffice.svelte";
import type { VerifyReport } from "./bindings/VerifyReport";
import { AuditState } from "./audit.svelte";
import { HistoryState } from "./history.svelte";
import { formatRoute, parseRoute, type Route } from "./lib/route";
import { watchSession } from "./lib/session";
import { OrdersState } from "./orders.svelte";
import { ReportState } from "./report.svelte";

export type Screen = "register" | "backoffice" | "history" | "orders" | "audit" | "report";

/** Screens only a manager may open. */
const MANAGER_SCREENS: ReadonlySet<Screen> = new Set(["backoffice", "audit", "report"]);
export type TenderMode = "cash" | "card" | "split";

interface ModalBase {
  busy: boolean;
  error: ErrorBody | null;
}

/** A modal that sends one order command: one command id for the whole modal, reused on retry and on approval. */
interface CommandModal extends ModalBase {
  commandId: string;
  orderId: number;
}

export type HelpModal = ModalBase & { kind: "help" };
export type SearchModal = ModalBase & { kind: "search"; query: string; results: Product[]; index: number; quantity: number; searched: boolean };
export type QuantityModal = CommandModal & { kind: "quantity"; line: LineView; value: string };
export type RemoveLineModal = CommandModal & { kind: "removeLine"; line: LineView; reason: string };
export type DiscountModal = CommandModal & {
  kind: "discount";
  scope: "order" | "line";
  line: LineView | null;
  discountKind: DiscountKind;
  value: string;
  reason: string;
};
export type RemoveDiscountModal = CommandModal & { kind: "removeDiscount"; discounts: DiscountView[]; index: number };
export type ManagerModal = CommandModal & {
  kind: "manager";
  what: string;
  request: OrderRequest;
  code: string;
  pin: string;
  /** The modal the request came from, shown again (as typed) if the manager step is cancelled. */
  back: Modal | null;
};
export type TenderModal = CommandModal & { kind: "tender"; total: string; mode: TenderMode; cash: string; card: string; cardEdited: boolean };
export type ReceiptModal = ModalBase & { kind: "receipt"; orderId: number; receipt: Receipt | null; saved: string | null; change: string | null };
export type VoidModal = CommandModal & {
  kind: "void";
  number: number;
  amount: string;
  confirmed: boolean;
  reason: string;
  code: string;
  pin: string;
  back: Modal | null;
};
export type OpenOrdersModal = ModalBase & { kind: "openOrders"; orders: OrderSummary[]; index: number; loading: boolean };
export type ProductModal = ModalBase & { kind: "product"; mode: "add" | "edit"; input: ProductInput };
export type StaffModal = ModalBase & { kind: "staffAdd"; input: StaffInput };
export type ResetPinModal = ModalBase & { kind: "resetPin"; member: StaffMember; pin: string };
export type ImportModal = ModalBase & { kind: "import"; pick: ImportPick; imported: ImportPreview | null };

export type Modal =
  | HelpModal
  | SearchModal
  | QuantityModal
  | RemoveLineModal
  | DiscountModal
  | RemoveDiscountModal
  | ManagerModal
  | TenderModal
  | ReceiptModal
  | VoidModal
  | OpenOrdersModal
  | ProductModal
  | StaffModal
  | ResetPinModal
  | ImportModal;

export const REMOVE_REASONS = ["Customer changed mind", "Wrong item", "Damaged"];
export const DISCOUNT_REASONS = ["Loyal customer", "Damaged packaging", "Staff discount", "Price match"];
export const VOID_REASONS = ["Customer walked away", "Rung up by mistake", "Payment failed"];

type Result = { ok: true; outcome: Outcome } | { ok: false; error: ErrorBody };

const base = (): ModalBase => ({ busy: false, error: null });

export class TillState {
  readonly backend: Backend;
  /** Running on the in-memory fake (a browser without the desktop app). */
  readonly fake: boolean;

  status = $state("Connecting…");
  /** The first currentStaff() has answered. */
  ready = $state(false);
  staff = $state.raw<StaffMember | null>(null);
  settings = $state.raw<Settings | null>(null);
  favourites = $state.raw<Product[]>([]);
  order = $state.raw<OrderView | null>(null);
  selectedLine = $state<number | null>(null);
  /** Open orders on this till, the current one included. */
  openCount = $state(0);
  /** The last refusal, shown in the message bar until the next success. */
  error = $state.raw<ErrorBody | null>(null);
  notice = $state("");
  modal = $state<Modal | null>(null);
  screen = $state<Screen>("register");
  entry = $state("");
  /** Commands queued or in flight. */
  pending = $state(0);
  /** Bumped when the entry field should take focus / select its text. */
  focusTick = $state(0);
  selectTick = $state(0);
  signin = $state({ code: "", pin: "", busy: false, error: null as ErrorBody | null });
  lastSale = $state.raw<{ id: number; number: number; total: string; change: string } | null>(null);
  /** The event chain as last checked (appStatus at start and when idle, or the audit screen's check). */
  chain = $state.raw<VerifyReport | null>(null);
  /** The broken-chain banner was dismissed (until the next sign-in). */
  bannerDismissed = $state(false);

  readonly queue = new CommandQueue((n) => (this.pending = n));
  readonly bo: BackOfficeState = new BackOfficeState(this);
  readonly history: HistoryState = new HistoryState(this);
  readonly browser: OrdersState = new OrdersState(this);
  readonly audit: AuditState = new AuditState(this);
  readonly report: ReportState = new ReportState(this);
  /** Where Escape goes back to, most recent last. */
  private trail: Screen[] = [];
  private entrySeq = 0;
  private searchSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(backend: Backend, options: { fake?: boolean } = {}) {
    this.backend = watchSession(backend, (e) => this.sessionLost(e));
    this.fake = options.fake ?? false;
  }

  get isManager(): boolean {
    return this.staff?.role === "manager";
  }

  get currency(): string {
    return this.settings?.currency ?? "";
  }

  /** Lines that can still be changed, in order. */
  get liveLines(): LineView[] {
    return this.order?.lines.filter((l) => !l.voided) ?? [];
  }

  get selected(): LineView | null {
    return this.order?.lines.find((l) => l.id === this.selectedLine && !l.voided) ?? null;
  }

  get orderOpen(): boolean {
    return this.order?.status === "open";
  }

  // ── Start, sign in, sign out ────────────────────────────────────────────

  async start(): Promise<void> {
    void this.refreshStatus();
    void this.backend.shopSettings().then(
      (s) => (this.settings ??= s),
      () => undefined,
    );
    try {
      const staff = await this.backend.currentStaff();
      if (staff) await this.signedIn(staff);
    } catch (e) {
      this.showError(toErrorBody(e));
    } finally {
      this.ready = true;
    }
  }

  async refreshStatus(): Promise<void> {
    try {
      const s = await this.backend.appStatus();
      this.status = describeStatus(s);
      this.chainChecked(s.chainOk ? s.chain : { ...s.chain, intact: false });
    } catch (e) {
      const err = toErrorBody(e);
      this.status = `Not connected (${err.code}): ${err.message}`;
    }
  }

  /** The status line re-reads the database when the till is idle (it verifies the event chain, which takes a moment). */
  private scheduleStatus(): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => {
      if (this.pending === 0) void this.refreshStatus();
      else this.scheduleStatus();
    }, 1000);
  }

  async submitSignIn(): Promise<void> {
    const s = this.signin;
    if (s.busy) return;
    s.busy = true;
    s.error = null;
    try {
      const staff = await this.backend.signIn(s.code.trim(), s.pin);
      s.code = "";
      s.pin = "";
      await this.signedIn(staff);
    } catch (e) {
      s.error = toErrorBody(e);
      s.pin = "";
    } finally {
      s.busy = false;
    }
  }

  private async signedIn(staff: StaffMember): Promise<void> {
    this.staff = staff;
    this.screen = "register";
    this.trail = [];
    this.bannerDismissed = false;
    this.order = null;
    this.selectedLine = null;
    this.modal = null;
    this.error = null;
    this.notice = `Signed in as ${staff.name}`;
    this.focus();
    const [settings, favourites] = await Promise.allSettled([this.backend.shopSettings(), this.backend.favouriteProducts()]);
    if (settings.status === "fulfilled") this.settings = settings.value;
    if (favourites.status === "fulfilled") this.favourites = favourites.value;
    void this.refreshOpenCount();
    // Back to where the address says (a reload, a link, a session that ended).
    const route = typeof location === "undefined" ? null : parseRoute(location.hash);
    if (route && this.staff === staff) await this.applyRoute(route);
  }

  async signOut(): Promise<void> {
    await this.queue.idle();
    try {
      await this.backend.signOut();
    } catch (e) {
      this.showError(toErrorBody(e));
      return;
    }
    const name = this.staff?.name ?? "";
    this.signedOut();
    this.writeRoute(null);
    this.notice = name ? `${name} signed out` : "";
    this.signin.error = null;
  }

  private signedOut(): void {
    this.staff = null;
    this.order = null;
    this.selectedLine = null;
    this.modal = null;
    this.screen = "register";
    this.trail = [];
    this.entry = "";
    this.error = null;
    this.lastSale = null;
    this.history.reset();
    this.bannerDismissed = false;
  }

  /**
   * A call was refused with `not_signed_in`: the session is gone. Back to the
   * sign-in card with the core's message; the address keeps the screen, so
   * signing in again returns to it.
   */
  sessionLost(error: ErrorBody): void {
    if (!this.staff) return;
    const name = this.staff.name;
    this.signedOut();
    this.signin.error = error;
    this.signin.busy = false;
    this.notice = `${name}'s session has ended: sign in again`;
  }

  // ── Messages and focus ──────────────────────────────────────────────────

  showError(error: ErrorBody): void {
    this.error = error;
    this.notice = "";
  }

  private succeeded(notice = ""): void {
    this.error = null;
    this.notice = notice;
  }

  /** Asks the register to put the focus back into the entry field. */
  focus(): void {
    this.focusTick++;
  }

  // ── Keys ────────────────────────────────────────────────────────────────

  /** Runs a register action (from a key or a button). */
  act(action: Action): void {
    if (!this.staff || this.modal) return;
    if (this.screen !== "register") {
      if (action === "backOffice") {
        if (this.screen === "backoffice") this.showRegister();
        else this.openBackOffice();
      } else if (action === "signOut") void this.signOut();
      else if (action === "help") this.modal = { kind: "help", ...base() };
      return;
    }
    switch (action) {
      case "add":
        this.submitEntry();
        break;
      case "lineUp":
        this.moveSelection(-1);
        break;
      case "lineDown":
        this.moveSelection(1);
        break;
      case "search":
        this.openSearch();
        break;
      case "quantity":
        this.openQuantity();
        break;
      case "removeLine":
        this.openRemoveLine();
        break;
      case "discount":
        this.openDiscount();
        break;
      case "removeDiscount":
        this.openRemoveDiscount();
        break;
      case "void":
        this.openVoid();
        break;
      case "newOrder":
        void this.newOrder();
        break;
      case "openOrders":
        void this.openOpenOrders();
        break;
      case "pay":
        this.openTender();
        break;
      case "backOffice":
        this.openBackOffice();
        break;
      case "signOut":
        void this.signOut();
        break;
      case "help":
        this.modal = { kind: "help", ...base() };
        break;
    }
  }

  // ── Ringing up ──────────────────────────────────────────────────────────

  /** Enter in the entry field: the text is taken at once (the field is free for the next scan) and queued. */
  submitEntry(): void {
    const text = this.entry;
    const parsed = parseEntry(text);
    if (parsed.kind === "empty") return;
    if (parsed.kind === "incomplete") {
      this.showError({ code: "entry_incomplete", message: parsed.message });
      return;
    }
    this.entry = "";
    const seq = ++this.entrySeq;
    void this.addItem(parsed.code, parsed.quantity).then((ok) => {
      // Give a refused code back, unless the cashier has typed or scanned on since.
      if (!ok && seq === this.entrySeq && this.entry === "") {
        this.entry = text;
        this.selectTick++;
      }
    });
  }

  /** Rings up a product; opens an order first when there is none. One command id per call. */
  async addItem(code: string, quantity: number): Promise<boolean> {
    const commandId = newCommandId();
    const openId = newCommandId();
    const result = await this.queue.run(async (): Promise<Result> => {
      try {
        let orderId = this.orderOpen ? this.order!.id : null;
        if (orderId === null) {
          const opened = await this.backend.openOrder(openId);
          this.setOrder(opened.order);
          orderId = opened.order.id;
          void this.refreshOpenCount();
          this.scheduleStatus();
        }
        const outcome = await this.backend.orderCommand(orderId, commandId, { type: "addItem", code, quantity }, null, null);
        this.setOrder(outcome.order);
        const last = outcome.order.lines[outcome.order.lines.length - 1];
        if (last) this.selectedLine = last.id;
        return { ok: true, outcome };
      } catch (e) {
        return { ok: false, error: toErrorBody(e) };
      }
    });
    if (result.ok) this.succeeded();
    else this.showError(result.error);
    return result.ok;
  }

  private setOrder(order: OrderView | null): void {
    this.order = order;
    if (!order) {
      this.selectedLine = null;
      return;
    }
    if (!order.lines.some((l) => l.id === this.selectedLine && !l.voided)) {
      const live = order.lines.filter((l) => !l.voided);
      const before = live.filter((l) => this.selectedLine !== null && l.id < this.selectedLine);
      this.selectedLine = (before[before.length - 1] ?? live[live.length - 1] ?? null)?.id ?? null;
    }
  }

  moveSelection(delta: number): void {
    const live = this.liveLines;
    if (live.length === 0) return;
    const i = live.findIndex((l) => l.id === this.selectedLine);
    const next = i < 0 ? (delta < 0 ? live.length - 1 : 0) : Math.min(live.length - 1, Math.max(0, i + delta));
    this.selectedLine = live[next]!.id;
  }

  selectLine(id: number): void {
    if (this.order?.lines.some((l) => l.id === id && !l.voided)) this.selectedLine = id;
  }

  // ── Order commands from modals ──────────────────────────────────────────

  /** Sends one order command through the queue; the outcome replaces the order shown. */
  private send(orderId: number, commandId: string, request: OrderRequest, approval: Credentials | null): Promise<Result> {
    return this.queue.run(async (): Promise<Result> => {
      try {
        const outcome = await this.backend.orderCommand(orderId, commandId, request, approval, null);
        if (this.order === null || this.order.id === outcome.order.id) this.setOrder(outcome.order);
        return { ok: true, outcome };
      } catch (e) {
        return { ok: false, error: toErrorBody(e) };
      }
    });
  }

  /**
   * Sends a modal's command. On success the modal closes; on a refusal the
   * message shows in the modal and what was typed stays; when a manager is
   * needed the manager step opens and resends the same command id.
   */
  private async submitCommand(m: CommandModal & { kind: string }, request: OrderRequest, done: (o: Outcome) => void): Promise<void> {
    if (m.busy) return;
    m.busy = true;
    m.error = null;
    const result = await this.send(m.orderId, m.commandId, request, null);
    m.busy = false;
    if (this.modal !== m) return;
    if (result.ok) {
      this.modal = null;
      this.succeeded();
      done(result.outcome);
    } else if (NEEDS_MANAGER.has(result.error.code)) {
      this.showError(result.error);
      this.modal = {
        kind: "manager",
        ...base(),
        orderId: m.orderId,
        commandId: m.commandId,
        what: result.error.message,
        request,
        code: "",
        pin: "",
        back: m as Modal,
      };
      this.managerDone = done;
    } else {
      m.error = result.error;
      this.showError(result.error);
    }
  }

  private managerDone: ((o: Outcome) => void) | null = null;

  async submitManager(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "manager" || m.busy) return;
    m.busy = true;
    m.error = null;
    const result = await this.send(m.orderId, m.commandId, $state.snapshot(m.request) as OrderRequest, { code: m.code.trim(), pin: m.pin });
    m.busy = false;
    if (this.modal !== m) return;
    if (result.ok) {
      this.modal = null;
      this.succeeded();
      this.managerDone?.(result.outcome);
      this.managerDone = null;
    } else if (APPROVAL_RETRY.has(result.error.code)) {
      m.error = result.error;
      m.pin = "";
      this.showError(result.error);
    } else if (m.back) {
      // Refused for another reason: back to the form as it was typed, with the reason.
      const back = m.back as CommandModal;
      back.error = result.error;
      this.modal = m.back;
      this.showError(result.error);
    } else {
      this.modal = null;
      this.showError(result.error);
    }
  }

  // Search

  openSearch(): void {
    const parsed = parseEntry(this.entry);
    const query = parsed.kind === "item" ? parsed.code : "";
    const quantity = parsed.kind === "item" ? parsed.quantity : 1;
    this.modal = { kind: "search", ...base(), query, results: [], index: 0, quantity, searched: false };
    if (query) this.search(query, 0);
  }

  /** Searches as the cashier types (debounced; late answers to older queries are dropped). */
  search(query: string, delayMs = 120): void {
    clearTimeout(this.searchTimer);
    const seq = ++this.searchSeq;
    this.searchTimer = setTimeout(async () => {
      const m = this.modal;
      if (m?.kind !== "search") return;
      if (query.trim() === "") {
        m.results = [];
        m.searched = false;
        return;
      }
      try {
        const results = await this.backend.findProducts(query.trim());
        if (seq !== this.searchSeq || this.modal !== m) return;
        m.results = results;
        m.index = 0;
        m.searched = true;
        m.error = null;
      } catch (e) {
        if (seq === this.searchSeq && this.modal === m) m.error = toErrorBody(e);
      }
    }, delayMs);
  }

  pickSearch(index?: number): void {
    const m = this.modal;
    if (m?.kind !== "search") return;
    const product = m.results[index ?? m.index];
    if (!product) return;
    this.modal = null;
    this.entry = "";
    this.entrySeq++;
    void this.addItem(product.sku, m.quantity);
  }

  // Quantity

  openQuantity(): void {
    const line = this.needLine();
    if (!line || !this.order) return;
    this.modal = { kind: "quantity", ...base(), orderId: this.order.id, commandId: newCommandId(), line, value: String(line.quantity) };
  }

  async submitQuantity(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "quantity") return;
    const quantity = parseWholeNumber(m.value);
    if (quantity === null) {
      m.error = { code: "quantity_not_whole", message: "Type the new quantity as a whole number" };
      return;
    }
    await this.submitCommand(m, { type: "changeQuantity", line: m.line.id, quantity }, () => this.focus());
  }

  // Remove line

  openRemoveLine(): void {
    const line = this.needLine();
    if (!line || !this.order) return;
    this.modal = { kind: "removeLine", ...base(), orderId: this.order.id, commandId: newCommandId(), line, reason: "" };
  }

  async submitRemoveLine(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "removeLine") return;
    const line = m.line;
    await this.submitCommand(m, { type: "removeLine", line: line.id, reason: m.reason }, () =>
      this.succeeded(`Removed ${line.quantity} × ${line.name}`),
    );
  }

  private needLine(): LineView | null {
    if (!this.needOpenOrder()) return null;
    const line = this.selected;
    if (!line) this.showError({ code: "no_line_selected", message: "Select a line first (↑/↓)" });
    return line;
  }

  private needOpenOrder(): boolean {
    if (this.orderOpen) return true;
    this.showError({ code: "no_order", message: "No open order: scan an item to start one" });
    return false;
  }

  // Discounts

  openDiscount(): void {
    if (!this.needOpenOrder()) return;
    this.modal = {
      kind: "discount",
      ...base(),
      orderId: this.order!.id,
      commandId: newCommandId(),
      scope: "order",
      line: this.selected,
      discountKind: "percent",
      value: "",
      reason: "",
    };
  }

  async submitDiscount(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "discount") return;
    const scope = m.scope === "line" && m.line ? { type: "line" as const, line: m.line.id } : { type: "order" as const };
    const what = m.discountKind === "percent" ? `${m.value.trim()}%` : formatMoney(m.value.trim());
    await this.submitCommand(m, { type: "applyDiscount", scope, kind: m.discountKind, value: m.value.trim(), reason: m.reason }, () =>
      this.succeeded(`Discount ${what} applied`),
    );
  }

  openRemoveDiscount(): void {
    if (!this.needOpenOrder()) return;
    const discounts = this.order!.discounts.filter((d) => !d.removed);
    if (discounts.length === 0) {
      this.showError({ code: "no_discount", message: "This order has no discount to remove" });
      return;
    }
    this.modal = {
      kind: "removeDiscount",
      ...base(),
      orderId: this.order!.id,
      commandId: newCommandId(),
      discounts,
      index: discounts.length - 1,
    };
  }

  async submitRemoveDiscount(index?: number): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "removeDiscount") return;
    if (index !== undefined) m.index = index;
    const d = m.discounts[m.index];
    if (!d) return;
    await this.submitCommand(m, { type: "removeDiscount", discount: d.id }, () => this.succeeded("Discount removed"));
  }

  // Tender

  openTender(): void {
    const o = this.order;
    if (!o || o.status !== "open" || !o.lines.some((l) => !l.voided)) {
      this.showError({ code: "no_lines", message: "Add at least one item before paying" });
      return;
    }
    this.modal = {
      kind: "tender",
      ...base(),
      orderId: o.id,
      commandId: newCommandId(),
      total: o.totals.total,
      mode: "cash",
      cash: "",
      card: "",
      cardEdited: false,
    };
  }

  setTenderMode(mode: TenderMode): void {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    m.mode = mode;
    m.error = null;
    if (mode === "card") m.card = formatMoney(m.total);
    if (mode === "split") {
      m.cardEdited = false;
      m.card = cardRemainder(m.total, m.cash);
    }
    if (mode === "cash") m.card = "";
  }

  /** Split payment: the card part follows the cash typed, until the cashier types a card amount. */
  tenderCashChanged(): void {
    const m = this.modal;
    if (m?.kind === "tender" && m.mode === "split" && !m.cardEdited) m.card = cardRemainder(m.total, m.cash);
  }

  quickCash(index: number): void {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    const q = quickCash(m.total)[index];
    if (!q) return;
    if (m.mode === "card") this.setTenderMode("cash");
    m.cash = q.amount;
    this.tenderCashChanged();
  }

  /** What a tender modal sends: only the fields of its mode. */
  tenderRequest(m: TenderModal): OrderRequest {
    const cash = m.mode === "card" ? "" : m.cash.trim();
    const card = m.mode === "cash" ? "" : m.card.trim();
    return { type: "confirmOrder", cash, card };
  }

  async submitTender(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    await this.submitCommand(m, this.tenderRequest(m), (outcome) => this.confirmed(outcome.order));
  }

  private confirmed(order: OrderView): void {
    const change = order.confirmation?.change ?? "0.00";
    this.lastSale = { id: order.id, number: order.number, total: order.confirmation?.total ?? order.totals.total, change };
    this.succeeded(`Order ${order.number} paid · change ${formatMoney(change)}`);
    void this.showReceipt(order.id, order.confirmation?.change ?? null);
    void this.refreshOpenCount();
    this.scheduleStatus();
  }

  // Receipt

  async showReceipt(orderId: number, change: string | null = null): Promise<void> {
    const m: ReceiptModal = { kind: "receipt", ...base(), orderId, receipt: null, saved: null, change };
    this.modal = m;
    const shown = this.modal;
    try {
      const receipt = await this.backend.receipt(orderId);
      if (this.modal === shown) shown.receipt = receipt;
    } catch (e) {
      if (this.modal === shown) shown.error = toErrorBody(e);
    }
  }

  printReceipt(): void {
    window.print();
  }

  async saveReceipt(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "receipt" || m.busy) return;
    m.busy = true;
    m.error = null;
    try {
      const path = await this.backend.saveReceipt(m.orderId);
      m.saved = path ? `Saved to ${path}` : "Not saved";
    } catch (e) {
      m.error = toErrorBody(e);
    } finally {
      m.busy = false;
    }
  }

  /** Closes the receipt: the next scan starts a new order. */
  finishSale(): void {
    if (this.modal?.kind === "receipt") this.modal = null;
    if (this.order && this.order.status !== "open") this.setOrder(null);
    if (this.screen === "register") this.focus();
  }

  // Void

  openVoid(): void {
    const back = this.modal?.kind === "receipt" ? this.modal : null;
    const o = back ? null : this.order;
    if (back) {
      const r = back.receipt?.order;
      if (!r) return;
      this.modal = this.voidModal(r, back);
      return;
    }
    if (!o || o.status === "voided") {
      this.showError({ code: "no_order", message: "No order to void" });
      return;
    }
    this.modal = this.voidModal(o, null);
  }

  /** The register's void, for any order (from the orders browser). */
  async openVoidFor(orderId: number): Promise<void> {
    try {
      const o = await this.backend.orderView(orderId);
      if (o.status === "voided") {
        this.showError({ code: "order_already_voided", message: `Order ${o.number} is already voided` });
        return;
      }
      if (this.modal) return;
      this.modal = this.voidModal(o, null);
    } catch (e) {
      this.showError(toErrorBody(e));
    }
  }

  private voidModal(o: OrderView, back: Modal | null): VoidModal {
    return {
      kind: "void",
      ...base(),
      orderId: o.id,
      commandId: newCommandId(),
      number: o.number,
      amount: o.confirmation?.total ?? o.totals.total,
      confirmed: false,
      reason: "",
      code: "",
      pin: "",
      back,
    };
  }

  async submitVoid(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "void" || m.busy) return;
    m.busy = true;
    m.error = null;
    const result = await this.send(m.orderId, m.commandId, { type: "voidOrder", reason: m.reason }, { code: m.code.trim(), pin: m.pin });
    m.busy = false;
    if (this.modal !== m) return;
    if (!result.ok) {
      m.error = result.error;
      if (APPROVAL_RETRY.has(result.error.code)) m.pin = "";
      this.showError(result.error);
      return;
    }
    const voided = result.outcome.order;
    this.succeeded(`Order ${voided.number} voided`);
    if (this.order?.id === voided.id) this.setOrder(null);
    if (this.lastSale?.id === voided.id) this.lastSale = null;
    this.modal = null;
    if (m.back?.kind === "receipt") void this.showReceipt(voided.id);
    else if (this.screen === "register") this.focus();
    void this.refreshOpenCount();
    this.scheduleStatus();
    // Screens showing this order read it again.
    if (this.screen === "orders") void this.browser.load(this.browser.page);
    if (this.screen === "history" && this.history.orderId === voided.id) void this.history.open(voided.id);
  }

  // Park and resume

  /** F8: a new order; the current one stays open (parked) and can be resumed. */
  async newOrder(): Promise<void> {
    const o = this.order;
    if (o?.status === "open" && o.lines.length === 0) {
      this.succeeded(`Order ${o.number} is new and empty: scan to start`);
      return;
    }
    const parked = o?.status === "open" ? o.number : null;
    const commandId = newCommandId();
    const result = await this.queue.run(async (): Promise<Result> => {
      try {
        const outcome = await this.backend.openOrder(commandId);
        this.setOrder(outcome.order);
        return { ok: true, outcome };
      } catch (e) {
        return { ok: false, error: toErrorBody(e) };
      }
    });
    if (!result.ok) {
      this.showError(result.error);
      return;
    }
    this.succeeded(parked ? `Order ${parked} parked (F9 to resume) · new order ${result.outcome.order.number}` : `New order ${result.outcome.order.number}`);
    void this.refreshOpenCount();
  }

  async refreshOpenCount(): Promise<void> {
    try {
      this.openCount = (await this.backend.openOrders()).length;
    } catch {
      // The count is a hint; the list itself shows any error.
    }
  }

  async openOpenOrders(): Promise<void> {
    const m: OpenOrdersModal = { kind: "openOrders", ...base(), orders: [], index: 0, loading: true };
    this.modal = m;
    const shown = this.modal;
    try {
      const orders = await this.backend.openOrders();
      if (this.modal !== shown) return;
      shown.orders = orders;
      shown.index = Math.max(0, orders.findIndex((o) => o.id === this.order?.id));
      this.openCount = orders.length;
    } catch (e) {
      if (this.modal === shown) shown.error = toErrorBody(e);
    } finally {
      shown.loading = false;
    }
  }

  async resume(orderId?: number): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "openOrders" || m.busy) return;
    const id = orderId ?? m.orders[m.index]?.id;
    if (id === undefined) return;
    m.busy = true;
    const result = await this.queue.run(async () => {
      try {
        const view = await this.backend.orderView(id);
        this.setOrder(view);
        this.selectedLine = view.lines.filter((l) => !l.voided).pop()?.id ?? null;
        return { ok: true as const, view };
      } catch (e) {
        return { ok: false as const, error: toErrorBody(e) };
      }
    });
    m.busy = false;
    if (this.modal !== m) return;
    if (result.ok) {
      this.modal = null;
      this.succeeded(`Order ${result.view.number} resumed`);
    } else {
      m.error = result.error;
    }
  }

  // Modal keys

  /** Escape: close the modal (a manager step goes back to its form, a receipt finishes the sale). */
  escape(): void {
    const m = this.modal;
    if (!m) {
      if (this.screen !== "register") this.back();
      else if (this.entry !== "") this.entry = "";
      else this.error = null;
      return;
    }
    if (m.busy) return;
    if (m.kind === "receipt") return this.finishSale();
    if ((m.kind === "manager" || m.kind === "void") && m.back) {
      this.modal = m.back;
      return;
    }
    this.modal = null;
    if (this.screen === "register") this.focus();
  }

  /** ↑/↓ inside list modals. */
  moveInModal(delta: number): boolean {
    const m = this.modal;
    const clamp = (i: number, n: number) => Math.min(n - 1, Math.max(0, i));
    if (m?.kind === "search" && m.results.length) m.index = clamp(m.index + delta, m.results.length);
    else if (m?.kind === "openOrders" && m.orders.length) m.index = clamp(m.index + delta, m.orders.length);
    else if (m?.kind === "removeDiscount") m.index = clamp(m.index + delta, m.discounts.length);
    else return false;
    return true;
  }

  // Back office

  openBackOffice(): void {
    this.go("backoffice");
  }

  showRegister(): void {
    const from = this.screen;
    this.go("register");
    if (from === "backoffice") void this.reloadCatalogHints();
  }

  // ── Screens ─────────────────────────────────────────────────────────────

  private static readonly MANAGER_ONLY: Record<string, string> = {
    backoffice: "Only a manager can open the back office",
    audit: "Only a manager can see the audit trail",
    report: "Only a manager can see the day report",
  };

  /** Shows a screen; Escape comes back here. The register is home: going there forgets the way. */
  go(to: Screen): boolean {
    if (!this.staff) return false;
    if (MANAGER_SCREENS.has(to) && !this.isManager) {
      this.showError({ code: "manager_only", message: TillState.MANAGER_ONLY[to]! });
      return false;
    }
    this.modal = null;
    if (to !== this.screen) {
      const i = this.trail.indexOf(to);
      if (i >= 0) this.trail.length = i;
      if (to === "register") this.trail = [];
      else this.trail.push(this.screen);
      this.enter(to);
    }
    return true;
  }

  /** Escape on a screen: back where it was opened from (the register when in doubt). */
  back(): void {
    const to = this.trail.pop() ?? "register";
    if (MANAGER_SCREENS.has(to) && !this.isManager) {
      this.trail = [];
      this.enter("register");
      return;
    }
    this.enter(to);
  }

  private enter(to: Screen): void {
    if (this.screen === "history" && to !== "history") this.history.leave();
    this.screen = to;
    this.modal = null;
    if (this.error?.code === "manager_only") this.error = null;
    switch (to) {
      case "register":
        this.focus();
        break;
      case "backoffice":
        this.error = null;
        this.notice = "";
        void this.bo.show(this.bo.tab);
        break;
      case "orders":
        void this.browser.show();
        break;
      case "audit":
        void this.audit.show();
        break;
      case "report":
        void this.report.load();
        break;
      case "history":
        break;
    }
    this.writeRoute(this.currentRoute());
  }

  private currentRoute(): Route | null {
    switch (this.screen) {
      case "history":
        return this.history.route();
      case "orders":
      case "audit":
      case "report":
        return { screen: this.screen };
      default:
        return null;
    }
  }

  /** Puts the screen in the address (replacing, so moving along a timeline adds no history entries). */
  writeRoute(route: Route | null): void {
    if (typeof location === "undefined" || typeof window === "undefined") return;
    const hash = formatRoute(route);
    if (location.hash === hash || (hash === "" && location.hash === "")) return;
    window.history.replaceState(window.history.state, "", hash || location.pathname + location.search);
  }

  /** Opens an order's timeline at a version (default: the latest), from the current screen. */
  async openTimeline(orderId: number, version: number | null = null, to: number | null = null): Promise<void> {
    if (!this.go("history")) return;
    await this.history.open(orderId, version, to);
    if (this.screen === "history") this.writeRoute(this.history.route());
  }

  /** The History key: the order on the register, else the last sale, else the last timeline; otherwise the orders browser. */
  openHistory(): void {
    if (this.screen === "history") return;
    const id = this.order?.id ?? this.lastSale?.id ?? this.history.orderId;
    if (id !== null && id !== undefined) {
      void this.openTimeline(id);
      return;
    }
    if (this.go("orders")) this.notice = "Pick an order to see its history";
  }

  /** The address changed (a link, the back button, a reload): show what it names. */
  async applyRoute(route: Route | null): Promise<void> {
    if (!this.staff || !route) return;
    if (route.screen !== "order") {
      this.go(route.screen);
      return;
    }
    const h = this.history;
    if (this.screen === "history" && h.orderId === route.orderId && h.count > 0) {
      if (route.version === null) return;
      if (route.to !== null) {
        h.select(route.version);
        h.extendTo(route.to);
      } else h.select(route.version);
      return;
    }
    await this.openTimeline(route.orderId, route.version, route.to);
  }

  /** A chain check's result: a break shows the banner (until dismissed for this session). */
  chainChecked(report: VerifyReport): void {
    this.chain = report;
  }

  get chainBroken(): boolean {
    return this.chain !== null && !this.chain.intact;
  }

  /** After back office changes: favourites, settings and the status line may have changed. */
  async reloadCatalogHints(): Promise<void> {
    if (!this.staff) return;
    try {
      const [settings, favourites] = await Promise.all([this.backend.shopSettings(), this.backend.favouriteProducts()]);
      this.settings = settings;
      this.favourites = favourites;
    } catch {
      // Kept as they were; the next action shows any real error.
    }
    this.scheduleStatus();
  }

  /** Back office calls: errors go to the open modal (or the message bar); the status line follows. */
  async backOffice<T>(call: () => Promise<T>, m: ModalBase | null = null): Promise<T | null> {
    if (m) {
      if (m.busy) return null;
      m.busy = true;
      m.error = null;
    }
    try {
      const value = await call();
      this.error = null;
      this.scheduleStatus();
      return value;
    } catch (e) {
      const err = toErrorBody(e);
      if (m) m.error = err;
      this.showError(err);
      return null;
    } finally {
      if (m) m.busy = false;
    }
  }
}
