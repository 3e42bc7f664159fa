// A manager's end-of-day report: one local day (midnight to midnight), this
// till or all tills of this file, or (the shell's scope) the whole shop, from
// the core's dayReport.

import type { DayReport } from "./bindings/DayReport";
import type { DayReportArgs } from "./bindings/DayReportArgs";
import type { Scope } from "./bindings/Scope";
import { localDayRange, todayLocal } from "./lib/dates";
import { toErrorBody } from "./lib/errors";
import type { ErrorBody, Shell } from "./shell";
import { t } from "./lib/i18n/locale.svelte";

export class ReportState {
  /** The day shown: today in the shop's zone until one is picked (read at each load, so the zone known and midnight passed count). */
  date = $state(todayLocal());
  /** Whether the manager picked `date`; until then each load shows today. */
  private picked = false;
  scope = $state<"this" | "all">("this");
  terminal = $state<string | null>(null);
  report = $state.raw<DayReport | null>(null);
  /** Whose day `report` is. */
  reportScope = $state<Scope>("till");
  loading = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  exporting = $state(false);
  exported = $state("");
  exportError = $state.raw<ErrorBody | null>(null);
  private seq = 0;

  constructor(private readonly shell: Shell) {}

  /** The day and till asked for, or what is wrong with the date picked. */
  private async args(): Promise<DayReportArgs | ErrorBody> {
    const range = localDayRange(this.date);
    if (!range) return { code: "invalid_input", message: t("report.pickDate") };
    if (this.shell.scope === "shop") return { from: range.from, to: range.to, terminal: null, scope: "shop" };
    if (this.scope === "all") return { from: range.from, to: range.to, terminal: null };
    this.terminal ??= await this.shell.api.terminal();
    return { from: range.from, to: range.to, terminal: this.terminal };
  }

  /** The manager picked another day in the date field. */
  pick(): void {
    this.picked = true;
    void this.load();
  }

  async load(): Promise<void> {
    if (!this.picked) this.date = todayLocal();
    const seq = ++this.seq;
    this.loading = true;
    try {
      const args = await this.args();
      if (seq !== this.seq) return;
      if ("code" in args) {
        this.error = args;
        return;
      }
      const report = await this.shell.api.dayReport(args);
      if (seq !== this.seq) return;
      this.report = report;
      this.reportScope = args.scope ?? "till";
      this.error = null;
    } catch (e) {
      if (seq !== this.seq) return;
      const error = toErrorBody(e);
      if (error.code === "shop_unavailable" && this.shell.scope === "shop") {
        this.shell.shopUnavailable(error);
        return;
      }
      this.error = error;
      this.report = null;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  async exportCsv(): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    this.exported = "";
    this.exportError = null;
    try {
      const args = await this.args();
      if ("code" in args) {
        this.exportError = args;
        return;
      }
      const path = await this.shell.api.dayReportExport(args);
      this.exported = path ? t("file.savedTo", { path }) : t("file.notSaved");
      if (path) this.shell.notify(t("report.savedTo", { path }));
    } catch (e) {
      this.exportError = toErrorBody(e);
    } finally {
      this.exporting = false;
    }
  }

  print(): void {
    window.print();
  }

  key(e: KeyboardEvent): boolean {
    if (e.key === "Escape") {
      this.shell.back();
      return true;
    }
    if (e.ctrlKey && !e.altKey && e.code === "KeyP") {
      this.print();
      return true;
    }
    if (e.ctrlKey && !e.altKey && e.code === "KeyS") {
      void this.exportCsv();
      return true;
    }
    return false;
  }
}
