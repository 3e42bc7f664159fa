// The register: the order being rung up, the entry field, the selected line,
// the favourites, and every modal the cashier works in (search, quantity,
// remove line, discounts, manager approval, payment, receipt, void, open
// orders). Commands go to the core one at a time, in the order they were
// typed; every total, refusal and permission comes from the core.

import type { Credentials } from "./bindings/Credentials";
import type { DiscountKind } from "./bindings/DiscountKind";
import type { DiscountView } from "./bindings/DiscountView";
import type { LineView } from "./bindings/LineView";
import type { OrderRequest } from "./bindings/OrderRequest";
import type { OrderSummary } from "./bindings/OrderSummary";
import type { OrderView } from "./bindings/OrderView";
import type { Outcome } from "./bindings/Outcome";
import type { Product } from "./bindings/Product";
import type { Receipt } from "./bindings/Receipt";
import type { TenderPreview } from "./bindings/TenderPreview";
import { newCommandId } from "./lib/commandId";
import { parseEntry, parseWholeNumber } from "./lib/entry";
import { APPROVAL_RETRY, errorText, NEEDS_MANAGER, toErrorBody } from "./lib/errors";
import type { Action } from "./lib/keys";
import { LatestLoader } from "./lib/latest";
import { Lru } from "./lib/lru";
import { formatMoney, formatRate, plainMoney } from "./lib/money";
import { printedOn } from "./lib/printed";
import { CommandQueue } from "./lib/queue";
import { modalBase as base, type ErrorBody, type ModalBase, type OpenModal, type Shell } from "./shell";
import { t } from "./lib/i18n/locale.svelte";

export type TenderMode = "cash" | "card" | "split";

/** A modal that sends one order command: one command id for the whole modal, reused on retry and on approval. */
interface CommandModal extends ModalBase {
  commandId: string;
  orderId: number;
}

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
  back: RegisterModal | null;
};
export type TenderModal = CommandModal & {
  kind: "tender";
  total: string;
  mode: TenderMode;
  cash: string;
  card: string;
  cardEdited: boolean;
  /** The core's tenderPreview for the amounts typed last (null until it answers): change, what is missing, quick cash. */
  preview: TenderPreview | null;
};
export type ReceiptModal = ModalBase & {
  kind: "receipt";
  orderId: number;
  receipt: Receipt | null;
  saved: string | null;
  change: string | null;
  /** What the receipt printer did ("Printed on …", "Copy printed …"). */
  printed: string | null;
};
export type VoidModal = CommandModal & {
  kind: "void";
  /** The order's printed number, "T1-42". */
  number: string;
  amount: string;
  confirmed: boolean;
  reason: string;
  code: string;
  pin: string;
  back: RegisterModal | null;
};
export type OpenOrdersModal = ModalBase & { kind: "openOrders"; orders: OrderSummary[]; index: number; loading: boolean };

export type RegisterModal =
  | SearchModal
  | QuantityModal
  | RemoveLineModal
  | DiscountModal
  | RemoveDiscountModal
  | ManagerModal
  | TenderModal
  | ReceiptModal
  | VoidModal
  | OpenOrdersModal;

/** The preset reasons (Alt+1…), in the language shown. */
export const removeReasons = (): string[] => [t("reason.remove.mind"), t("reason.remove.wrong"), t("reason.remove.damaged")];
export const discountReasons = (): string[] => [
  t("reason.discount.loyal"),
  t("reason.discount.packaging"),
  t("reason.discount.staff"),
  t("reason.discount.priceMatch"),
];
export const voidReasons = (): string[] => [t("reason.void.walkedAway"), t("reason.void.mistake"), t("reason.void.paymentFailed")];

type Result = { ok: true; outcome: Outcome } | { ok: false; error: ErrorBody };

export class RegisterState {
  order = $state.raw<OrderView | null>(null);
  selectedLine = $state<number | null>(null);
  /** Open orders on this till, the current one included. */
  openCount = $state(0);
  entry = $state("");
  favourites = $state.raw<Product[]>([]);
  /** Commands queued or in flight. */
  pending = $state(0);
  /** Bumped when the entry field should take focus / select its text. */
  focusTick = $state(0);
  selectTick = $state(0);
  lastSale = $state.raw<{ id: number; number: string; total: string; change: string } | null>(null);

  private readonly queue = new CommandQueue((n) => (this.pending = n));
  private entrySeq = 0;
  private searchSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private managerDone: ((o: Outcome) => void) | null = null;
  private tenderLoader: LatestLoader<[string, string], TenderPreview> | null = null;

  constructor(private readonly shell: Shell) {}

  private get api() {
    return this.shell.api;
  }

  /** The open modal, when it is one of the register's (the kind tells). */
  private get modal(): RegisterModal | null {
    return this.shell.modal as RegisterModal | null;
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

  /** Resolves once every command queued so far has been answered. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Forgets the order and the last sale (a sign-in or sign-out). */
  reset(): void {
    this.order = null;
    this.selectedLine = null;
    this.entry = "";
    this.lastSale = null;
  }

  /** Asks the register to put the focus back into the entry field. */
  focus(): void {
    this.focusTick++;
  }

  async loadFavourites(): Promise<void> {
    this.favourites = await this.api.favouriteProducts();
  }

  /** Runs a register action (from a key or a button). */
  act(action: Action): void {
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
    }
  }

  /** Escape with no modal open: clear the entry, else the message. */
  escape(): void {
    if (this.entry !== "") this.entry = "";
    else this.shell.clearError();
  }

  // ── Ringing up ──────────────────────────────────────────────────────────

  /** Enter in the entry field: the text is taken at once (the field is free for the next scan) and queued. */
  submitEntry(): void {
    const text = this.entry;
    const parsed = parseEntry(text);
    if (parsed.kind === "empty") return;
    if (parsed.kind === "incomplete") {
      this.shell.showError({ code: "entry_incomplete", message: parsed.message });
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
          const opened = await this.api.openOrder({ commandId: openId });
          this.setOrder(opened.order);
          orderId = opened.order.id;
          void this.refreshOpenCount();
          this.shell.dataChanged();
        }
        const outcome = await this.api.orderCommand({ orderId, commandId, request: { type: "addItem", code, quantity }, approval: null, expectedVersion: null });
        this.setOrder(outcome.order);
        const last = outcome.order.lines[outcome.order.lines.length - 1];
        if (last) this.selectedLine = last.id;
        return { ok: true, outcome };
      } catch (e) {
        return { ok: false, error: toErrorBody(e) };
      }
    });
    if (result.ok) this.shell.succeeded();
    else this.shell.showError(result.error);
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
        const outcome = await this.api.orderCommand({ orderId, commandId, request, approval, expectedVersion: null });
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
  private async submitCommand(m: CommandModal & { kind: RegisterModal["kind"] }, request: OrderRequest, done: (o: Outcome) => void): Promise<void> {
    if (m.busy) return;
    m.busy = true;
    m.error = null;
    const result = await this.send(m.orderId, m.commandId, request, null);
    m.busy = false;
    if (this.modal !== m) return;
    if (result.ok) {
      this.shell.closeModal();
      this.shell.succeeded();
      done(result.outcome);
    } else if (NEEDS_MANAGER.has(result.error.code)) {
      this.shell.showError(result.error);
      this.shell.openModal<ManagerModal>({
        kind: "manager",
        ...base(),
        orderId: m.orderId,
        commandId: m.commandId,
        what: errorText(result.error),
        request,
        code: "",
        pin: "",
        back: m as RegisterModal,
      });
      this.managerDone = done;
    } else {
      m.error = result.error;
      this.shell.showError(result.error);
    }
  }

  async submitManager(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "manager" || m.busy) return;
    m.busy = true;
    m.error = null;
    const result = await this.send(m.orderId, m.commandId, $state.snapshot(m.request) as OrderRequest, { code: m.code.trim(), pin: m.pin });
    m.busy = false;
    if (this.modal !== m) return;
    if (result.ok) {
      this.shell.closeModal();
      this.shell.succeeded();
      this.managerDone?.(result.outcome);
      this.managerDone = null;
    } else if (APPROVAL_RETRY.has(result.error.code)) {
      m.error = result.error;
      m.pin = "";
      this.shell.showError(result.error);
    } else if (m.back) {
      // Refused for another reason: back to the form as it was typed, with the reason.
      m.back.error = result.error;
      this.shell.openModal(m.back);
      this.shell.showError(result.error);
    } else {
      this.shell.closeModal();
      this.shell.showError(result.error);
    }
  }

  // Search

  openSearch(): void {
    const parsed = parseEntry(this.entry);
    const query = parsed.kind === "item" ? parsed.code : "";
    const quantity = parsed.kind === "item" ? parsed.quantity : 1;
    this.shell.openModal<SearchModal>({ kind: "search", ...base(), query, results: [], index: 0, quantity, searched: false });
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
        const results = await this.api.findProducts({ query: query.trim() });
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
    this.shell.closeModal();
    this.entry = "";
    this.entrySeq++;
    void this.addItem(product.sku, m.quantity);
  }

  // Quantity

  openQuantity(): void {
    const line = this.needLine();
    if (!line || !this.order) return;
    this.shell.openModal<QuantityModal>({
      kind: "quantity",
      ...base(),
      orderId: this.order.id,
      commandId: newCommandId(),
      line,
      value: String(line.quantity),
    });
  }

  async submitQuantity(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "quantity") return;
    const quantity = parseWholeNumber(m.value);
    if (quantity === null) {
      m.error = { code: "quantity_not_whole", message: t("register.quantityNotWhole") };
      return;
    }
    await this.submitCommand(m, { type: "changeQuantity", line: m.line.id, quantity }, () => this.focus());
  }

  // Remove line

  openRemoveLine(): void {
    const line = this.needLine();
    if (!line || !this.order) return;
    this.shell.openModal<RemoveLineModal>({ kind: "removeLine", ...base(), orderId: this.order.id, commandId: newCommandId(), line, reason: "" });
  }

  async submitRemoveLine(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "removeLine") return;
    const line = m.line;
    await this.submitCommand(m, { type: "removeLine", line: line.id, reason: m.reason }, () =>
      this.shell.succeeded(t("register.removed", { quantity: line.quantity, name: line.name })),
    );
  }

  private needLine(): LineView | null {
    if (!this.needOpenOrder()) return null;
    const line = this.selected;
    if (!line) this.shell.showError({ code: "no_line_selected", message: t("register.noLineSelected") });
    return line;
  }

  private needOpenOrder(): boolean {
    if (this.orderOpen) return true;
    this.shell.showError({ code: "no_order", message: t("register.noOrder") });
    return false;
  }

  // Discounts

  openDiscount(): void {
    if (!this.needOpenOrder()) return;
    this.shell.openModal<DiscountModal>({
      kind: "discount",
      ...base(),
      orderId: this.order!.id,
      commandId: newCommandId(),
      scope: "order",
      line: this.selected,
      discountKind: "percent",
      value: "",
      reason: "",
    });
  }

  async submitDiscount(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "discount") return;
    const scope = m.scope === "line" && m.line ? { type: "line" as const, line: m.line.id } : { type: "order" as const };
    const what = m.discountKind === "percent" ? formatRate(m.value.trim()) : formatMoney(m.value.trim());
    await this.submitCommand(m, { type: "applyDiscount", scope, kind: m.discountKind, value: m.value.trim(), reason: m.reason }, () =>
      this.shell.succeeded(t("register.discountApplied", { what })),
    );
  }

  openRemoveDiscount(): void {
    if (!this.needOpenOrder()) return;
    const discounts = this.order!.discounts.filter((d) => !d.removed);
    if (discounts.length === 0) {
      this.shell.showError({ code: "no_discount", message: t("register.noDiscount") });
      return;
    }
    this.shell.openModal<RemoveDiscountModal>({
      kind: "removeDiscount",
      ...base(),
      orderId: this.order!.id,
      commandId: newCommandId(),
      discounts,
      index: discounts.length - 1,
    });
  }

  async submitRemoveDiscount(index?: number): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "removeDiscount") return;
    if (index !== undefined) m.index = index;
    const d = m.discounts[m.index];
    if (!d) return;
    await this.submitCommand(m, { type: "removeDiscount", discount: d.id }, () => this.shell.succeeded(t("register.discountRemoved")));
  }

  // Tender

  openTender(): void {
    const o = this.order;
    if (!o || o.status !== "open" || !o.lines.some((l) => !l.voided)) {
      this.shell.showError({ code: "no_lines", message: t("register.noLinesToPay") });
      return;
    }
    const m = this.shell.openModal<TenderModal>({
      kind: "tender",
      ...base(),
      orderId: o.id,
      commandId: newCommandId(),
      total: o.totals.total,
      mode: "cash",
      cash: "",
      card: "",
      cardEdited: false,
      preview: null,
    });
    const orderId = o.id;
    this.tenderLoader?.dispose();
    // The core's preview as the cashier types: one request in flight, only the amounts typed last asked next,
    // answers to older amounts dropped (and kept: the order does not change while the window is open).
    this.tenderLoader = new LatestLoader<[string, string], TenderPreview>({
      cache: new Lru(32),
      id: (amounts) => JSON.stringify(amounts),
      fetch: ([cash, card]) => this.api.tenderPreview({ orderId, cash, card }),
      deliver: (_amounts, preview, latest) => {
        if (latest) this.previewed(m, preview);
      },
      fail: (_amounts, e) => {
        if (this.modal === m) m.error = toErrorBody(e);
      },
    });
    this.askPreview(m);
  }

  /** The amounts a tender modal sends: only the fields of its mode. */
  private tenderAmounts(m: TenderModal): { cash: string; card: string } {
    return { cash: m.mode === "card" ? "" : m.cash.trim(), card: m.mode === "cash" ? "" : m.card.trim() };
  }

  private askPreview(m: TenderModal): void {
    const { cash, card } = this.tenderAmounts(m);
    this.tenderLoader?.request([cash, card]);
  }

  private previewed(m: TenderModal, preview: TenderPreview): void {
    if (this.modal !== m) return;
    // Split: the card takes what the cash leaves (the core says how much), until the cashier types a card amount.
    if (m.mode === "split" && !m.cardEdited && m.card.trim() !== preview.cardRemainder) {
      m.card = preview.cardRemainder;
      this.askPreview(m);
      return;
    }
    m.preview = preview;
  }

  setTenderMode(mode: TenderMode): void {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    m.mode = mode;
    m.error = null;
    if (mode === "card") m.card = plainMoney(m.total);
    if (mode === "split") {
      m.cardEdited = false;
      m.card = m.preview?.cardRemainder ?? "";
    }
    if (mode === "cash") m.card = "";
    this.askPreview(m);
  }

  /** The cash typed changed: ask the core again (in a split, the card follows). */
  tenderCashChanged(): void {
    const m = this.modal;
    if (m?.kind === "tender") this.askPreview(m);
  }

  /** The cashier typed a card amount: it stays as typed. */
  tenderCardChanged(): void {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    m.cardEdited = true;
    this.askPreview(m);
  }

  /** A quick-cash button (Alt+1…): the core's amounts, once it has answered. */
  quickCash(index: number): void {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    const q = m.preview?.quickCash[index];
    if (!q) return;
    if (m.mode === "card") this.setTenderMode("cash");
    m.cash = q.amount;
    this.tenderCashChanged();
  }

  /** What a tender modal sends. */
  tenderRequest(m: TenderModal): OrderRequest {
    return { type: "confirmOrder", ...this.tenderAmounts(m) };
  }

  async submitTender(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "tender") return;
    await this.submitCommand(m, this.tenderRequest(m), (outcome) => this.confirmed(outcome.order));
  }

  /** The exchange window: the goods coming back pay for the order on the register. */
  openExchange(): void {
    const o = this.order;
    if (!o || o.status !== "open" || !o.lines.some((l) => !l.voided)) {
      this.shell.showError({ code: "no_lines", message: t("register.noLinesToExchange") });
      return;
    }
    this.shell.openExchange(o.id, o.reference);
  }

  /** An exchange paid the order on the register: it finishes as a paid sale does. */
  exchanged(order: OrderView): void {
    this.setOrder(order);
    this.confirmed(order);
  }

  private confirmed(order: OrderView): void {
    const change = order.confirmation?.change ?? "0.00";
    this.lastSale = { id: order.id, number: order.reference, total: order.confirmation?.total ?? order.totals.total, change };
    this.shell.succeeded(t("register.paid", { number: order.reference, change: formatMoney(change) }));
    void this.showReceipt(order.id, order.confirmation?.change ?? null);
    // A sale's receipt prints at once on the receipt printer, if there is one.
    void this.printReceipt(true);
    void this.refreshOpenCount();
    this.shell.dataChanged();
  }

  // Receipt

  async showReceipt(orderId: number, change: string | null = null): Promise<void> {
    const shown = this.shell.openModal<ReceiptModal>({ kind: "receipt", ...base(), orderId, receipt: null, saved: null, change, printed: null });
    try {
      const receipt = await this.api.receipt({ orderId });
      if (this.modal === shown) shown.receipt = receipt;
    } catch (e) {
      if (this.modal === shown) shown.error = toErrorBody(e);
    }
  }

  /**
   * Prints the receipt showing: on this till's receipt printer when one is set
   * up (the core marks a reprint COPY and opens the drawer on a cash sale's
   * first print), else through the system's print dialog. `auto`: the print
   * right after a sale, which never opens the dialog.
   */
  async printReceipt(auto = false): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "receipt") return;
    try {
      const setup = await this.api.printerSetup();
      if (setup.connection.kind === "none") {
        if (!auto) window.print();
        return;
      }
      const out = await this.api.printReceipt({ orderId: m.orderId });
      if (this.modal !== m) return;
      m.error = null;
      m.printed = printedOn(out);
    } catch (e) {
      if (this.modal === m) m.error = toErrorBody(e);
    }
  }

  async saveReceipt(): Promise<void> {
    const m = this.modal;
    if (m?.kind !== "receipt" || m.busy) return;
    m.busy = true;
    m.error = null;
    try {
      const path = await this.api.saveReceipt({ orderId: m.orderId });
      m.saved = path ? t("file.savedTo", { path }) : t("file.notSaved");
    } catch (e) {
      m.error = toErrorBody(e);
    } finally {
      m.busy = false;
    }
  }

  /** Closes the receipt: the next scan starts a new order. */
  finishSale(): void {
    if (this.modal?.kind === "receipt") this.shell.closeModal();
    if (this.order && this.order.status !== "open") this.setOrder(null);
    if (this.shell.screen === "register") this.focus();
  }

  // Void

  openVoid(): void {
    const back = this.modal?.kind === "receipt" ? this.modal : null;
    if (back) {
      const r = back.receipt?.order;
      if (!r) return;
      this.shell.openModal(this.voidModal(r, back));
      return;
    }
    const o = this.order;
    if (!o || o.status === "voided") {
      this.shell.showError({ code: "no_order", message: t("register.noOrderToVoid") });
      return;
    }
    this.shell.openModal(this.voidModal(o, null));
  }

  /** The register's void, for any order (from the orders browser). */
  async openVoidFor(orderId: number): Promise<void> {
    try {
      const o = await this.api.orderView({ orderId });
      if (o.status === "voided") {
        this.shell.showError({ code: "order_already_voided", message: t("register.alreadyVoided", { number: o.reference }) });
        return;
      }
      if (this.shell.modal) return;
      this.shell.openModal(this.voidModal(o, null));
    } catch (e) {
      this.shell.showError(toErrorBody(e));
    }
  }

  private voidModal(o: OrderView, back: RegisterModal | null): VoidModal {
    return {
      kind: "void",
      ...base(),
      orderId: o.id,
      commandId: newCommandId(),
      number: o.reference,
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
      this.shell.showError(result.error);
      return;
    }
    const voided = result.outcome.order;
    this.shell.succeeded(t("register.voided", { number: voided.reference }));
    if (this.order?.id === voided.id) this.setOrder(null);
    if (this.lastSale?.id === voided.id) this.lastSale = null;
    this.shell.closeModal();
    if (m.back?.kind === "receipt") void this.showReceipt(voided.id);
    else if (this.shell.screen === "register") this.focus();
    void this.refreshOpenCount();
    this.shell.dataChanged();
    this.shell.orderChanged(voided.id);
  }

  // Park and resume

  /** F8: a new order; the current one stays open (parked) and can be resumed. After the scans typed before it. */
  async newOrder(): Promise<void> {
    await this.queue.idle();
    const o = this.order;
    if (o?.status === "open" && o.lines.length === 0) {
      this.shell.succeeded(t("register.newAndEmpty", { number: o.reference }));
      return;
    }
    const parked = o?.status === "open" ? o.reference : null;
    const commandId = newCommandId();
    const result = await this.queue.run(async (): Promise<Result> => {
      try {
        const outcome = await this.api.openOrder({ commandId });
        this.setOrder(outcome.order);
        return { ok: true, outcome };
      } catch (e) {
        return { ok: false, error: toErrorBody(e) };
      }
    });
    if (!result.ok) {
      this.shell.showError(result.error);
      return;
    }
    const number = result.outcome.order.reference;
    this.shell.succeeded(parked ? t("register.parked", { parked, number }) : t("register.newOrderStarted", { number }));
    void this.refreshOpenCount();
  }

  async refreshOpenCount(): Promise<void> {
    try {
      this.openCount = (await this.api.openOrders()).length;
    } catch {
      // The count is a hint; the list itself shows any error.
    }
  }

  async openOpenOrders(): Promise<void> {
    const shown = this.shell.openModal<OpenOrdersModal>({ kind: "openOrders", ...base(), orders: [], index: 0, loading: true });
    try {
      const orders = await this.api.openOrders();
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
        const view = await this.api.orderView({ orderId: id });
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
      this.shell.closeModal();
      this.shell.succeeded(t("register.resumed", { number: result.view.reference }));
    } else {
      m.error = result.error;
    }
  }

  // Modal keys

  /**
   * Escape in one of the register's modals, when it does more than close: a
   * receipt finishes the sale, a manager step or a void goes back to the form
   * it came from. False when the modal just closes.
   */
  escapeModal(m: OpenModal): boolean {
    const r = m as RegisterModal;
    if (r.kind === "receipt") {
      this.finishSale();
      return true;
    }
    if ((r.kind === "manager" || r.kind === "void") && r.back) {
      this.shell.openModal(r.back);
      return true;
    }
    return false;
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
}
