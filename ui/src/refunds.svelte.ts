// The refund screen: a paid sale found by scanning (or typing) its receipt's
// number, or goods brought back without a receipt; how many of each line go
// back, why, and how the money goes back. Every figure and every refusal
// (what is left of a line, the amounts, the card's limit, when a manager
// must approve) comes from the core: refundableSale, refundPreview, issueRefund.
// In an exchange the same screen picks the goods coming back for the order on
// the register, and the core says what they credit and what is paid or given
// back: exchangePreview, exchangeGoods.

import type { ExchangePreview } from "./bindings/ExchangePreview";
import type { ExchangeRequest } from "./bindings/ExchangeRequest";
import type { RefundableSale } from "./bindings/RefundableSale";
import type { IssuedRefund } from "./bindings/IssuedRefund";
import type { RefundPreview } from "./bindings/RefundPreview";
import type { RefundRequest } from "./bindings/RefundRequest";
import { newCommandId } from "./lib/commandId";
import { parseEntry } from "./lib/entry";
import { APPROVAL_RETRY, NEEDS_MANAGER, toErrorBody } from "./lib/errors";
import type { ErrorBody, Shell } from "./shell";
import { printedOn } from "./lib/printed";
import { t } from "./lib/i18n/locale.svelte";
import { formatMoney } from "./lib/money";

/** How long typing settles before the preview is asked for again, in ms. */
const PREVIEW_DELAY_MS = 120;

export interface NoReceiptItem {
  code: string;
  quantity: number;
}

/** The order on the register that an exchange's goods pay for. */
export interface ExchangeFor {
  order: number;
  /** Its printed number, "T1-42". */
  number: string;
}

/** How the difference of an exchange goes: in cash, by card, or none (an even exchange). */
export type ExchangeHow = "cash" | "card" | "even";

export class RefundState {
  /** An exchange: the goods coming back pay for this order (null: a plain refund). */
  exchangeFor = $state.raw<ExchangeFor | null>(null);
  exchangePreview = $state.raw<ExchangePreview | null>(null);
  /** Cash handed over for what the credit leaves to pay, as typed (empty: exactly that). */
  exchangeCash = $state("");
  /** With the receipt (a sale) or without one (goods at today's prices). */
  withReceipt = $state(true);
  receipt = $state("");
  sale = $state.raw<RefundableSale | null>(null);
  /** Units to give back per line of the sale, as typed. */
  quantities = $state<Record<number, string>>({});
  /** Without a receipt: the goods scanned. */
  items = $state<NoReceiptItem[]>([]);
  itemEntry = $state("");
  reason = $state("");
  preview = $state.raw<RefundPreview | null>(null);
  /** A manager's code and PIN, once the core asked for one. */
  managerCode = $state("");
  managerPin = $state("");
  needsManager = $state(false);
  busy = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  done = $state.raw<IssuedRefund | null>(null);
  /** Where the slip of the refund just issued printed, or why not. */
  printed = $state("");
  printError = $state.raw<ErrorBody | null>(null);

  private commandId = newCommandId();
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly shell: Shell) {}

  /** A fresh refund (the screen opened, or the last one issued). */
  reset(withReceipt = true): void {
    clearTimeout(this.timer);
    this.seq++;
    this.withReceipt = withReceipt;
    this.receipt = "";
    this.sale = null;
    this.quantities = {};
    this.items = [];
    this.itemEntry = "";
    this.reason = "";
    this.preview = null;
    this.exchangePreview = null;
    this.exchangeCash = "";
    this.managerCode = "";
    this.managerPin = "";
    this.needsManager = false;
    this.busy = false;
    this.error = null;
    this.printed = "";
    this.printError = null;
    this.commandId = newCommandId();
  }

  /** Opens a sale by its receipt's number (a scan ends with Enter). */
  async findSale(number = this.receipt): Promise<void> {
    const seq = ++this.seq;
    this.error = null;
    this.done = null;
    try {
      const sale = await this.shell.api.refundableSale({ number });
      if (seq !== this.seq) return;
      this.reset(true);
      this.receipt = sale.reference;
      this.sale = sale;
      this.quantities = Object.fromEntries(sale.lines.map((l) => [l.line, ""]));
      // An exchange shows the order's figures at once.
      if (this.exchangeFor) this.changed(0);
    } catch (e) {
      if (seq !== this.seq) return;
      this.sale = null;
      this.error = toErrorBody(e);
    }
  }

  /** Adds goods brought back without a receipt ("2*CODE" for two). */
  addItem(): void {
    const parsed = parseEntry(this.itemEntry);
    if (parsed.kind !== "item") {
      this.error = { code: "invalid_input", message: t("refund.scanPrompt") };
      return;
    }
    this.items = [...this.items, { code: parsed.code, quantity: parsed.quantity }];
    this.itemEntry = "";
    this.changed(0);
  }

  removeItem(index: number): void {
    this.items = this.items.filter((_, i) => i !== index);
    this.changed(0);
  }

  /** The units of the sale's lines typed, as the core takes them. */
  private lines(): { line: number; qty: number }[] {
    return Object.entries(this.quantities)
      .filter(([, q]) => q.trim() !== "")
      .map(([line, q]) => ({ line: Number(line), qty: Number(q.trim()) }))
      .filter((l) => Number.isFinite(l.qty));
  }

  /** The refund as the core takes it, with the money going back as `how`. */
  request(how: "cash" | "card" | null): RefundRequest {
    const total = this.preview?.total ?? "";
    const lines = this.lines();
    return {
      order: this.withReceipt ? (this.sale?.order ?? null) : null,
      till: this.withReceipt ? this.sale?.till : undefined,
      lines: this.withReceipt ? lines : [],
      items: this.withReceipt ? [] : this.items.map((i) => ({ ...i })),
      cash: how === "cash" ? total : "",
      card: how === "card" ? total : "",
      reason: this.reason,
    };
  }

  /** Something was typed: ask the core what the refund now gives back. */
  changed(delay = PREVIEW_DELAY_MS): void {
    this.error = null;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loadPreview(), delay);
  }

  async loadPreview(): Promise<void> {
    if (this.withReceipt && !this.sale) return;
    const seq = ++this.seq;
    const exchange = this.exchangeFor;
    if (exchange) {
      try {
        const preview = await this.shell.api.exchangePreview({ order: exchange.order, exchange: this.exchangeRequest(null) });
        if (seq === this.seq) this.exchangePreview = preview;
      } catch (e) {
        if (seq === this.seq) this.error = toErrorBody(e);
      }
      return;
    }
    try {
      const preview = await this.shell.api.refundPreview({ refund: this.request(null) });
      if (seq === this.seq) this.preview = preview;
    } catch (e) {
      if (seq === this.seq) this.error = toErrorBody(e);
    }
  }

  /** Gives the money back; a manager's code and PIN go along once asked for. */
  async issue(how: "cash" | "card"): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    const approval = this.needsManager ? { code: this.managerCode.trim(), pin: this.managerPin } : null;
    try {
      const refund = await this.shell.api.issueRefund({ commandId: this.commandId, refund: this.request(how), approval });
      this.reset(this.withReceipt);
      this.done = refund;
      this.shell.succeeded(t("refund.issued", { number: refund.reference, total: formatMoney(refund.total) }));
      if (refund.order !== null) this.shell.orderChanged(refund.order);
      void this.print(false);
    } catch (e) {
      const error = toErrorBody(e);
      this.busy = false;
      this.error = error;
      this.managerPin = "";
      if (NEEDS_MANAGER.has(error.code) || APPROVAL_RETRY.has(error.code)) this.needsManager = true;
      this.shell.showError(error);
    }
  }

  /** An exchange for `order` on the register: its goods come back from a sale found by its receipt. */
  startExchange(order: number, number: string): void {
    this.reset(true);
    this.done = null;
    this.exchangeFor = { order, number };
  }

  /**
   * The exchange as the core takes it: the difference paid or given back as
   * `how` (the amount from the core's preview; cash handed over as typed).
   */
  exchangeRequest(how: ExchangeHow | null): ExchangeRequest {
    const p = this.exchangePreview;
    const toPay = p && Number(p.toPay) > 0;
    const amount = (toPay ? p?.toPay : p?.toGiveBack) ?? "";
    const cash = toPay && this.exchangeCash.trim() !== "" ? this.exchangeCash.trim() : amount;
    return {
      sale: this.sale?.order ?? 0,
      till: this.sale?.till,
      lines: this.lines(),
      cash: how === "cash" ? cash : "",
      card: how === "card" ? amount : "",
      reason: this.reason,
    };
  }

  /** Does the exchange; a manager's code and PIN go along once asked for. */
  async exchange(how: ExchangeHow): Promise<void> {
    const target = this.exchangeFor;
    if (this.busy || !target) return;
    this.busy = true;
    this.error = null;
    const approval = this.needsManager ? { code: this.managerCode.trim(), pin: this.managerPin } : null;
    try {
      const done = await this.shell.api.exchangeGoods({ commandId: this.commandId, order: target.order, exchange: this.exchangeRequest(how), approval });
      this.reset(true);
      this.done = done.refund;
      if (done.refund.order !== null) this.shell.orderChanged(done.refund.order);
      void this.print(false);
      this.shell.exchanged(done);
    } catch (e) {
      const error = toErrorBody(e);
      this.busy = false;
      this.error = error;
      this.managerPin = "";
      if (NEEDS_MANAGER.has(error.code) || APPROVAL_RETRY.has(error.code)) this.needsManager = true;
      this.shell.showError(error);
    }
  }

  /**
   * Prints the slip of the refund just issued on this till's printer (the
   * first print opens the drawer for cash given back; `copy`: a reprint).
   * Without a printer, a reprint opens the system's print dialog.
   */
  async print(copy: boolean): Promise<void> {
    const refund = this.done;
    if (!refund) return;
    this.printed = "";
    this.printError = null;
    try {
      const setup = await this.shell.api.printerSetup();
      if (setup.connection.kind === "none") {
        if (copy) window.print();
        return;
      }
      const out = await this.shell.api.printRefund({ number: refund.number, copy });
      if (this.done !== refund) return;
      this.printed = printedOn(out);
    } catch (e) {
      if (this.done === refund) this.printError = toErrorBody(e);
    }
  }

  /** Leaves the screen: nothing half-typed is kept for the next refund. */
  leave(): void {
    this.reset(true);
    this.done = null;
    this.exchangeFor = null;
  }
}
