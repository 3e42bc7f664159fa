// The manager's audit trail: every order void, line void, discount, discount
// removal, quantity decrease and PIN lockout, filtered, with the core's totals
// of the whole filtered range; and the event chain check, whole or through a
// head typed in from a printed report. The core refuses
// anyone but a manager (`manager_only`).

import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { AuditKind } from "./bindings/AuditKind";
import type { AuditTotals } from "./bindings/AuditTotals";
import type { HeadReport } from "./bindings/HeadReport";
import type { StaffMember } from "./bindings/StaffMember";
import type { VerifyReport } from "./bindings/VerifyReport";
import { localDatesRange } from "./lib/dates";
import { toErrorBody } from "./lib/errors";
import type { ErrorBody, Shell } from "./shell";
import { t } from "./lib/i18n/locale.svelte";

/** Rows drawn in the table, the newest of the filtered trail (the totals
 * and the CSV cover all of it). One row more is read, to know there are more. */
export const AUDIT_ROWS_SHOWN = 300;

export class AuditState {
  kinds = $state<AuditKind[]>([]);
  /** Staff id as text ("" for anyone). */
  staffId = $state("");
  from = $state("");
  to = $state("");
  minAmount = $state("");

  /** The newest entries, up to AUDIT_ROWS_SHOWN. */
  entries = $state.raw<AuditEntry[]>([]);
  /** Of everything the filters match, counted by the core. */
  totals = $state.raw<AuditTotals | null>(null);
  index = $state(0);
  loading = $state(false);
  loaded = $state(false);
  error = $state.raw<ErrorBody | null>(null);
  staff = $state.raw<StaffMember[]>([]);

  exporting = $state(false);
  exported = $state("");
  exportError = $state.raw<ErrorBody | null>(null);

  verifying = $state(false);
  verify = $state.raw<VerifyReport | null>(null);
  verifyError = $state.raw<ErrorBody | null>(null);

  /** A head typed in from paper, `POSITION:HASH`; the core reads and checks it. */
  headText = $state("");
  checkingHead = $state(false);
  headReport = $state.raw<HeadReport | null>(null);
  headError = $state.raw<ErrorBody | null>(null);

  /** This till's id: entries of other tills open their orders read-only, and their records not at all. */
  ownTill = $state<string | null>(null);

  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly shell: Shell) {}

  get selected(): AuditEntry | null {
    return this.entries[this.index] ?? null;
  }

  filter(): AuditFilter | ErrorBody {
    const range = localDatesRange(this.from, this.to);
    if (this.from.trim() && !range.from) return { code: "invalid_input", message: t("audit.pickDateFrom") };
    if (this.to.trim() && !range.to) return { code: "invalid_input", message: t("audit.pickDateTo") };
    return {
      kinds: [...this.kinds],
      staff: this.staffId ? Number(this.staffId) : null,
      from: range.from,
      to: range.to,
      minAmount: this.minAmount.trim() || null,
      limit: AUDIT_ROWS_SHOWN,
      offset: 0,
    };
  }

  async show(): Promise<void> {
    try {
      this.ownTill ??= await this.shell.api.terminal();
    } catch {
      // Entries of every till then open as another till's.
    }
    if (this.staff.length === 0) {
      try {
        this.staff = await this.shell.api.staffList();
      } catch {
        // The trail itself shows the refusal.
      }
    }
    await this.load();
  }

  /** Reads the newest entries of the filtered trail and the totals of all of it. */
  async load(): Promise<void> {
    clearTimeout(this.timer);
    const f = this.filter();
    if ("code" in f) {
      this.error = f;
      return;
    }
    const seq = ++this.seq;
    this.loading = true;
    const scope = this.shell.scope;
    try {
      const [rows, totals] = await Promise.all([this.shell.api.audit({ filter: f, scope }), this.shell.api.auditTotals({ filter: f, scope })]);
      if (seq !== this.seq) return;
      // What is selected now, not when the request left: a click meanwhile counts.
      const keep = this.selected?.key;
      this.entries = rows;
      this.totals = totals;
      const i = rows.findIndex((e) => e.key === keep);
      this.index = i >= 0 ? i : 0;
      this.error = null;
      this.loaded = true;
    } catch (e) {
      if (seq !== this.seq) return;
      const error = toErrorBody(e);
      if (error.code === "shop_unavailable" && scope === "shop") {
        this.shell.shopUnavailable(error);
        return;
      }
      this.error = error;
      this.entries = [];
      this.totals = null;
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }

  changed(delayMs = 250): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), delayMs);
  }

  toggleKind(kind: AuditKind, on: boolean): void {
    this.kinds = on ? [...new Set([...this.kinds, kind])] : this.kinds.filter((k) => k !== kind);
    this.changed(0);
  }

  clear(): void {
    this.kinds = [];
    this.staffId = "";
    this.from = "";
    this.to = "";
    this.minAmount = "";
    void this.load();
  }

  /** Opens the entry's order, or the back-office record it changed (a
   * product, the shop, a staff member), at exactly the version the change
   * made. A PIN lockout belongs to neither: it is only selected. */
  open(index = this.index): void {
    const e = this.entries[index];
    if (!e) return;
    this.index = index;
    if (e.version === null) return;
    const other = e.till !== null && e.till !== this.ownTill ? e.till : null;
    if (e.orderId !== null) void this.shell.openTimeline(e.orderId, e.version, null, other);
    else if (e.record && other === null) void this.shell.openRecord(e.record, e.version);
    else if (e.record) this.shell.notify(t("audit.otherTillRecord", { till: other ?? "" }));
  }

  move(delta: number): void {
    if (this.entries.length === 0) return;
    this.index = Math.min(this.entries.length - 1, Math.max(0, this.index + delta));
  }

  async exportCsv(): Promise<void> {
    const f = this.filter();
    if ("code" in f || this.exporting) return;
    this.exporting = true;
    this.exported = "";
    this.exportError = null;
    try {
      const path = await this.shell.api.auditExport({ filter: { ...f, limit: null, offset: null }, scope: this.shell.scope });
      this.exported = path ? t("file.savedTo", { path }) : t("file.notSaved");
      if (path) this.shell.notify(t("audit.savedTo", { path }));
    } catch (e) {
      this.exportError = toErrorBody(e);
    } finally {
      this.exporting = false;
    }
  }

  async runVerify(): Promise<void> {
    if (this.verifying) return;
    this.verifying = true;
    this.verifyError = null;
    try {
      const report = await this.shell.api.verifyChain();
      this.verify = report;
      this.shell.chainChecked(report);
    } catch (e) {
      this.verifyError = toErrorBody(e);
    } finally {
      this.verifying = false;
    }
  }

  /** Checks that the chain still passes through the head typed in. */
  async checkHead(): Promise<void> {
    if (this.checkingHead) return;
    this.checkingHead = true;
    this.headError = null;
    this.headReport = null;
    try {
      this.headReport = await this.shell.api.verifyHead({ head: this.headText });
    } catch (e) {
      this.headError = toErrorBody(e);
    } finally {
      this.checkingHead = false;
    }
  }

  key(e: KeyboardEvent, inField: boolean): boolean {
    if (e.key === "Escape") {
      this.shell.back();
      return true;
    }
    if (e.ctrlKey && !e.altKey && e.code === "KeyS") {
      void this.exportCsv();
      return true;
    }
    if (inField || e.ctrlKey || e.altKey || e.metaKey) return false;
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
      default:
        return false;
    }
  }
}
