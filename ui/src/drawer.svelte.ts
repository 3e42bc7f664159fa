// The drawer screen: this till's shift. Open one with its float (typed, or
// counted note by note); while it is open, the X report, cash moves (drop,
// pay-out, pay-in), a no-sale, and the close, counted blind. With every
// shift closed, the day closes by its Z report; a closed day takes nothing
// until a manager reopens it. Every figure and refusal (the expected cash,
// the variance, when a manager must approve, whether the day is closed)
// comes from the core: shiftReport, openShift, moveCash, noSale, closeShift,
// dayStatus, closeDay, zReport, reopenDay, printX, printZ.

import type { CashMoveKind } from "./bindings/CashMoveKind";
import type { CountRequest } from "./bindings/CountRequest";
import type { DayStatus } from "./bindings/DayStatus";
import type { ZReport } from "./bindings/ZReport";
import type { ShiftClosed } from "./bindings/ShiftClosed";
import type { ShiftReport } from "./bindings/ShiftReport";
import { newCommandId } from "./lib/commandId";
import { APPROVAL_RETRY, errorText, NEEDS_MANAGER, toErrorBody } from "./lib/errors";
import type { ErrorBody, Shell } from "./shell";
import { printedOn } from "./lib/printed";
import { t, type MessageKey } from "./lib/i18n/locale.svelte";
import { formatMoney, localiseAmount } from "./lib/money";
import { formatDay } from "./lib/format";

/** A note or coin as the core writes it ("20.00", "0.50") → the part of its fields' ids ("20", "0_50"). */
export function denominationId(value: string): string {
  return value.replace(/\.0+$/, "").replace(".", "_");
}

/** A note or coin for the count's label: whole notes without decimals ("20"), coins as money ("0.50", "0,500"). */
export function denominationLabel(value: string): string {
  return /\.0+$/.test(value) ? localiseAmount(value.replace(/\.0+$/, "")) : formatMoney(value);
}

/** One form of the screen: what was typed, its manager's approval, its refusal. */
class DrawerForm {
  amount = $state("");
  reason = $state("");
  /** Counted note by note instead of one amount. */
  byPieces = $state(false);
  pieces = $state<Record<string, string>>({});
  managerCode = $state("");
  managerPin = $state("");
  needsManager = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  commandId = newCommandId();

  reset(): void {
    this.amount = "";
    this.reason = "";
    this.byPieces = false;
    this.pieces = {};
    this.managerCode = "";
    this.managerPin = "";
    this.needsManager = false;
    this.error = null;
    this.commandId = newCommandId();
  }

  /** The count as the core takes it: the pieces of each note and coin, or the amount. */
  count(): CountRequest {
    if (!this.byPieces) return { amount: this.amount, denominations: [] };
    const denominations = Object.entries(this.pieces)
      .filter(([, n]) => n.trim() !== "")
      .map(([value, n]) => ({ value, pieces: Number(n.trim()) }));
    return { amount: "", denominations };
  }

  approval(): { code: string; pin: string } | null {
    return this.needsManager ? { code: this.managerCode.trim(), pin: this.managerPin } : null;
  }

  /** A refusal: shown on the form; a manager's fields appear once the core asks for them. */
  refused(e: unknown): ErrorBody {
    const error = toErrorBody(e);
    this.error = error;
    this.managerPin = "";
    if (NEEDS_MANAGER.has(error.code) || APPROVAL_RETRY.has(error.code)) this.needsManager = true;
    return error;
  }
}

export class DrawerState {
  report = $state.raw<ShiftReport | null>(null);
  /** The notes and coins of the shop's currency, largest first (the core's `denominations`). */
  denominations = $state.raw<string[]>([]);
  loaded = $state(false);
  busy = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  /** The close just recorded: expected, counted and the variance, shown once counted. */
  closed = $state.raw<ShiftClosed | null>(null);
  readonly open = new DrawerForm();
  readonly move = new DrawerForm();
  moveKind = $state<CashMoveKind>("drop");
  readonly noSale = new DrawerForm();
  readonly close = new DrawerForm();
  /** Where the no-sale's kick went, or why the printer could not open the drawer. */
  kicked = $state("");
  /** Today on this till: whether a shift is open, the newest Z, whether the day is closed. */
  day = $state.raw<DayStatus | null>(null);
  /** The Z report keeping today closed, or the one just taken. */
  z = $state.raw<ZReport | null>(null);
  readonly reopen = new DrawerForm();
  readonly dayClose = new DrawerForm();
  /** Where a report was printed, or why it was not. */
  printed = $state("");
  printError = $state.raw<ErrorBody | null>(null);

  constructor(private readonly shell: Shell) {}

  /** The screen opened: this till's shift as it is now. */
  async show(): Promise<void> {
    this.error = null;
    this.kicked = "";
    await this.load();
  }

  async load(): Promise<void> {
    try {
      const [report, day, denominations] = await Promise.all([this.shell.api.shiftReport(), this.shell.api.dayStatus(), this.shell.api.denominations()]);
      this.denominations = denominations;
      const latest = day.latest;
      this.z = day.closed && latest ? await this.shell.api.zReport({ number: latest.closed.number }) : null;
      this.report = report;
      this.day = day;
      this.error = null;
    } catch (e) {
      this.error = toErrorBody(e);
    } finally {
      this.loaded = true;
    }
  }

  private async run(form: DrawerForm, call: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    form.error = null;
    try {
      const notice = await call();
      form.reset();
      this.shell.succeeded(notice);
      await this.load();
    } catch (e) {
      this.shell.showError(form.refused(e));
    } finally {
      this.busy = false;
    }
  }

  async openShift(): Promise<void> {
    await this.run(this.open, async () => {
      const shift = await this.shell.api.openShift({ commandId: this.open.commandId, count: this.open.count() });
      this.closed = null;
      return t("drawer.shiftOpened", { number: shift.number, float: formatMoney(shift.float) });
    });
  }

  async moveCash(): Promise<void> {
    const m = this.move;
    await this.run(m, async () => {
      const moved = await this.shell.api.moveCash({ commandId: m.commandId, kind: this.moveKind, amount: m.amount, reason: m.reason, approval: m.approval() });
      return t("drawer.moved", { move: t(MOVE_LABELS[moved.kind]), amount: formatMoney(moved.amount) });
    });
  }

  async openDrawer(): Promise<void> {
    this.kicked = "";
    await this.run(this.noSale, async () => {
      const out = await this.shell.api.noSale({ commandId: this.noSale.commandId, reason: this.noSale.reason });
      this.kicked = out.print ? t("drawer.kicked", { printer: out.print.printer }) : out.problem ? errorText(out.problem) : t("drawer.noPrinter");
      return t("drawer.noSaleRecorded");
    });
  }

  async closeShift(): Promise<void> {
    const c = this.close;
    await this.run(c, async () => {
      const closed = await this.shell.api.closeShift({ commandId: c.commandId, count: c.count(), reason: c.reason, approval: c.approval() });
      this.closed = closed;
      return t("drawer.shiftClosed", { number: closed.shift });
    });
  }

  /** Closes today on this till: the Z report, once every shift is closed. */
  async closeDay(): Promise<void> {
    const form = this.dayClose;
    await this.run(form, async () => {
      const z = await this.shell.api.closeDay({ commandId: form.commandId });
      this.closed = null;
      this.printed = "";
      return t("drawer.dayClosed", { number: z.number, day: formatDay(z.day.day), till: z.terminal });
    });
  }

  /** Opens the closed day again: a manager approves, with a reason. */
  async reopenDay(): Promise<void> {
    const z = this.z;
    if (!z) return;
    const f = this.reopen;
    await this.run(f, async () => {
      const reopened = await this.shell.api.reopenDay({ commandId: f.commandId, number: z.close.closed.number, reason: f.reason, approval: f.approval() });
      return `${reopened.day} reopened (Z-${reopened.number})`;
    });
  }

  /**
   * Prints a report on this till's printer (the X of the open shift, or the
   * Z showing); without a printer, through the system's print dialog.
   */
  async print(which: "x" | "z", copy = false): Promise<void> {
    this.printed = "";
    this.printError = null;
    try {
      const setup = await this.shell.api.printerSetup();
      if (setup.connection.kind === "none") {
        window.print();
        return;
      }
      const z = this.z;
      const out = which === "x" ? await this.shell.api.printX() : z ? await this.shell.api.printZ({ number: z.close.closed.number, copy }) : null;
      if (out) this.printed = printedOn({ copy: out.copy, printer: out.printer });
    } catch (e) {
      this.printError = toErrorBody(e);
    }
  }

  leave(): void {
    this.reopen.reset();
    this.dayClose.reset();
    this.printed = "";
    this.printError = null;
    this.open.reset();
    this.move.reset();
    this.noSale.reset();
    this.close.reset();
    this.closed = null;
    this.kicked = "";
  }
}

/** Each way cash moves, as the catalog names it. */
export const MOVE_LABELS: Record<CashMoveKind, MessageKey> = { drop: "drawer.moveDrop", payOut: "drawer.movePayOut", payIn: "drawer.movePayIn" };
