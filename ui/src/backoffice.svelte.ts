// The back office: catalog, staff and settings. Managers only; the core
// checks that too. Lists are re-read after every change.

import type { ImportPick } from "./bindings/ImportPick";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { Policy } from "./bindings/Policy";
import type { PolicyInput } from "./bindings/PolicyInput";
import type { Product } from "./bindings/Product";
import type { PrinterConnection } from "./bindings/PrinterConnection";
import type { PrinterSetup } from "./bindings/PrinterSetup";
import type { ProductInput } from "./bindings/ProductInput";
import type { SettingsInput } from "./bindings/SettingsInput";
import type { StaffInput } from "./bindings/StaffInput";
import type { StaffMember } from "./bindings/StaffMember";
import { errorText, toErrorBody } from "./lib/errors";
import { modalBase as base, type ErrorBody, type ModalBase, type Shell } from "./shell";
import { t, tn } from "./lib/i18n/locale.svelte";

export type Tab = "catalog" | "staff" | "settings";

export interface PrinterForm {
  kind: PrinterConnection["kind"];
  address: string;
  path: string;
  width: number | null;
}

function printerForm(p: PrinterSetup): PrinterForm {
  const c = p.connection;
  return { kind: c.kind, address: c.kind === "network" ? c.address : "", path: c.kind === "device" ? c.path : "", width: p.width };
}

function printerSetup(f: PrinterForm): PrinterSetup {
  const connection: PrinterConnection =
    f.kind === "network" ? { kind: "network", address: f.address } : f.kind === "device" ? { kind: "device", path: f.path } : { kind: "none" };
  return { connection, width: typeof f.width === "number" && Number.isFinite(f.width) ? f.width : 0 };
}

export type ProductModal = ModalBase & { kind: "product"; mode: "add" | "edit"; input: ProductInput };
export type StaffModal = ModalBase & { kind: "staffAdd"; input: StaffInput };
export type ResetPinModal = ModalBase & { kind: "resetPin"; member: StaffMember; pin: string };
export type ImportModal = ModalBase & { kind: "import"; pick: ImportPick; imported: ImportPreview | null };

export type BackOfficeModal = ProductModal | StaffModal | ResetPinModal | ImportModal;

const emptyProduct = (): ProductInput => ({ sku: "", barcode: "", name: "", price: "", taxRate: "20", favourite: false });

export class BackOfficeState {
  tab = $state<Tab>("catalog");
  query = $state("");
  includeArchived = $state(false);
  products = $state.raw<Product[]>([]);
  loadingProducts = $state(false);
  staff = $state.raw<StaffMember[]>([]);
  settings = $state<SettingsInput | null>(null);
  settingsBusy = $state(false);
  settingsSaved = $state(false);
  /** The discount and void policy as typed, its own form with its own save. */
  policy = $state<PolicyInput | null>(null);
  policyBusy = $state(false);
  policySaved = $state(false);
  /** The core's refusal of the policy typed last; `field` names the input it is about. */
  policyError = $state.raw<ErrorBody | null>(null);
  /** This till's receipt printer as typed (the address and the path kept apart while the kind is switched). */
  printer = $state<PrinterForm | null>(null);
  printerBusy = $state(false);
  /** What the last save or test print did. */
  printerNotice = $state<string | null>(null);
  printerError = $state.raw<ErrorBody | null>(null);
  backupBusy = $state(false);
  /** "Saved to <path>" / "Not saved" after a backup, or the core's message. */
  backupResult = $state.raw<{ ok: boolean; text: string; code?: string } | null>(null);
  private productSeq = 0;

  constructor(private readonly shell: Shell) {}

  private get api() {
    return this.shell.api;
  }

  /** A back office call: a refusal goes to the modal `m` (if any) and the message bar; the status line follows a change. */
  private async call<T>(call: () => Promise<T>, m: ModalBase | null = null): Promise<T | null> {
    if (m) {
      if (m.busy) return null;
      m.busy = true;
      m.error = null;
    }
    try {
      const value = await call();
      this.shell.clearError();
      this.shell.dataChanged();
      return value;
    } catch (e) {
      const err = toErrorBody(e);
      if (m) m.error = err;
      this.shell.showError(err);
      return null;
    } finally {
      if (m) m.busy = false;
    }
  }

  async show(tab: Tab): Promise<void> {
    this.tab = tab;
    if (tab === "catalog") await this.loadProducts();
    if (tab === "staff") await this.loadStaff();
    if (tab === "settings") await this.loadSettings();
  }

  // Catalog

  async loadProducts(): Promise<void> {
    const seq = ++this.productSeq;
    this.loadingProducts = true;
    const list = await this.call(() => this.api.products({ query: this.query.trim(), includeArchived: this.includeArchived }));
    if (seq !== this.productSeq) return;
    this.loadingProducts = false;
    if (list) this.products = list;
  }

  addProduct(): void {
    this.shell.openModal<ProductModal>({ kind: "product", ...base(), mode: "add", input: emptyProduct() });
  }

  editProduct(p: Product): void {
    this.shell.openModal<ProductModal>({
      kind: "product",
      ...base(),
      mode: "edit",
      input: { sku: p.sku, barcode: p.barcode ?? "", name: p.name, price: p.price, taxRate: p.taxRate, favourite: p.favourite },
    });
  }

  async saveProduct(m: ProductModal): Promise<void> {
    const input = $state.snapshot(m.input);
    const saved = await this.call(
      () => (m.mode === "add" ? this.api.productAdd({ input }) : this.api.productUpdate({ input })),
      m,
    );
    if (!saved || this.shell.modal !== m) return;
    this.shell.closeModal();
    this.shell.notify(t(m.mode === "add" ? "bo.productAdded" : "bo.productSaved", { name: saved.name }));
    await this.loadProducts();
  }

  async archive(p: Product, archived: boolean): Promise<void> {
    const done = await this.call(() => this.api.productArchive({ sku: p.sku, archived }));
    if (!done) return;
    this.shell.notify(t(archived ? "bo.archived" : "bo.restored", { name: done.name }));
    await this.loadProducts();
  }

  /** A product's timeline: every price and change, on the scrubber. */
  productHistory(p: Product): Promise<void> {
    return this.shell.openRecord({ type: "product", sku: p.sku });
  }

  /** The shop's settings and discount policy on the scrubber, at `version` (the one in force at a discount) or the latest. */
  policyHistory(version: number | null = null): Promise<void> {
    return this.shell.openRecord({ type: "shop" }, version);
  }

  /** A staff member's timeline: added, role changes, PIN resets, sign-ins. */
  staffHistory(m: StaffMember): Promise<void> {
    return this.shell.openRecord({ type: "staff", id: m.id });
  }

  async pickImport(): Promise<void> {
    const pick = await this.call(() => this.api.catalogImportPick());
    if (!pick) return;
    this.shell.openModal<ImportModal>({ kind: "import", ...base(), pick, imported: null });
  }

  async commitImport(m: ImportModal): Promise<void> {
    if (m.imported) {
      this.shell.closeModal();
      return;
    }
    const done = await this.call(() => this.api.catalogImportCommit({ token: m.pick.token }), m);
    if (!done || this.shell.modal !== m) return;
    m.imported = done;
    this.shell.notify(tn("bo.importedFrom", done.valid, { file: m.pick.fileName }));
    await this.loadProducts();
  }

  // Staff

  async loadStaff(): Promise<void> {
    const list = await this.call(() => this.api.staffList());
    if (list) this.staff = list;
  }

  addStaff(): void {
    this.shell.openModal<StaffModal>({ kind: "staffAdd", ...base(), input: { code: "", name: "", role: "cashier", pin: "" } });
  }

  async saveStaff(m: StaffModal): Promise<void> {
    const input = $state.snapshot(m.input);
    const added = await this.call(() => this.api.staffAdd({ input }), m);
    if (!added || this.shell.modal !== m) return;
    this.shell.closeModal();
    this.shell.notify(t("bo.staffAdded", { name: added.name, role: t(`role.${added.role}`) }));
    await this.loadStaff();
  }

  resetPin(member: StaffMember): void {
    this.shell.openModal<ResetPinModal>({ kind: "resetPin", ...base(), member, pin: "" });
  }

  async saveResetPin(m: ResetPinModal): Promise<void> {
    const done = await this.call(() => this.api.staffResetPin({ id: m.member.id, pin: m.pin }), m);
    if (!done || this.shell.modal !== m) return;
    this.shell.closeModal();
    this.shell.notify(t("bo.pinSet", { name: done.name }));
  }

  async setActive(member: StaffMember, active: boolean): Promise<void> {
    const done = await this.call(() => this.api.staffSetActive({ id: member.id, active }));
    if (!done) return;
    this.shell.notify(t(active ? "bo.reactivated" : "bo.deactivated", { name: done.name }));
    await this.loadStaff();
  }

  // Settings

  /**
   * Fills the settings, policy and printer forms from the core. A form typed
   * into while the answer was on its way keeps what was typed (a second load,
   * say from the tab opened twice, must not wipe it).
   */
  async loadSettings(): Promise<void> {
    const typed = { settings: formText(this.settings), policy: formText(this.policy), printer: formText(this.printer) };
    const s = await this.call(() => this.api.shopSettings());
    if (!s) return;
    if (formText(this.settings) === typed.settings) {
      this.settingsSaved = false;
      this.settings = { shopName: s.shopName, shopAddress: s.shopAddress, currency: s.currency, cashCoin: s.cashCoin ?? "", timeZone: s.timeZone, language: s.language };
    }
    if (formText(this.policy) === typed.policy) {
      this.policy = policyForm(s.policy);
      this.policySaved = false;
      this.policyError = null;
    }
    const printer = await this.call(() => this.api.printerSetup());
    if (printer && formText(this.printer) === typed.printer) {
      this.printer = printerForm(printer);
      this.printerNotice = null;
      this.printerError = null;
    }
  }

  /** Saves this till's receipt printer; then (`test`) prints a test page on it. */
  async savePrinter(test = false): Promise<void> {
    if (!this.printer || this.printerBusy) return;
    this.printerBusy = true;
    this.printerNotice = null;
    this.printerError = null;
    try {
      const saved = await this.api.savePrinterSetup({ setup: printerSetup($state.snapshot(this.printer)) });
      this.printer = printerForm(saved);
      this.shell.clearError();
      this.printerNotice = t("bo.saved");
      if (test) {
        const out = await this.api.testPrint();
        this.printerNotice = t("printer.testSent", { printer: out.printer });
      }
    } catch (e) {
      this.printerError = toErrorBody(e);
      this.shell.showError(this.printerError);
    } finally {
      this.printerBusy = false;
    }
  }

  /** The core's refusal when it is about the printer input `field`. */
  printerErrorFor(field: "address" | "path" | "width"): ErrorBody | null {
    return this.printerError?.field === field ? this.printerError : null;
  }

  async saveSettings(): Promise<void> {
    if (!this.settings || this.settingsBusy) return;
    this.settingsBusy = true;
    this.settingsSaved = false;
    const input = $state.snapshot(this.settings);
    const saved = await this.call(() => this.api.settingsSave({ input }));
    this.settingsBusy = false;
    if (!saved) return;
    this.shell.settingsSaved(saved);
    this.settingsSaved = true;
    this.shell.notify(t("bo.settingsSaved"));
    await this.loadSettings();
    this.settingsSaved = true;
  }

  async savePolicy(): Promise<void> {
    if (!this.policy || this.policyBusy) return;
    this.policyBusy = true;
    this.policySaved = false;
    this.policyError = null;
    const input = $state.snapshot(this.policy);
    try {
      const saved = await this.api.savePolicy({ input });
      this.shell.clearError();
      this.shell.settingsSaved(saved);
      this.policy = policyForm(saved.policy);
      this.policySaved = true;
      this.shell.notify(t("bo.policySaved"));
    } catch (e) {
      this.policyError = toErrorBody(e);
      this.shell.showError(this.policyError);
    } finally {
      this.policyBusy = false;
    }
  }

  /** The core's refusal when it is about the policy input `field`. */
  policyErrorFor(field: keyof PolicyInput): ErrorBody | null {
    return this.policyError?.field === field ? this.policyError : null;
  }

  // Backup

  /** Writes a consistent copy of the database where the manager picks (the native save dialog). */
  async backup(): Promise<void> {
    if (this.backupBusy) return;
    this.backupBusy = true;
    this.backupResult = null;
    try {
      const path = await this.api.backup();
      this.backupResult = path ? { ok: true, text: t("bo.backedUpTo", { path }) } : { ok: true, text: t("bo.notBackedUp") };
      if (path) this.shell.notify(t("bo.databaseBackedUp", { path }));
    } catch (e) {
      const err = toErrorBody(e);
      this.backupResult = { ok: false, text: errorText(err), code: err.code };
      this.shell.showError(err);
    } finally {
      this.backupBusy = false;
    }
  }
}

/** The policy form as it shows the core's policy (the values as the core wrote them; blank: no condition). */
export function policyForm(p: Policy): PolicyInput {
  const rule = p.cashier.lineReduction;
  return {
    cashierDiscountPercentMax: p.cashier.discountPercentMax,
    cashierDiscountAmountMax: p.cashier.discountAmountMax,
    discountPercentHardMax: p.discountPercentHardMax,
    lineReduction: rule.mode,
    lineAfterMinutes: rule.mode === "when" && rule.afterMinutes !== null ? String(rule.afterMinutes) : "",
    lineOverAmount: rule.mode === "when" && rule.overAmount !== null ? rule.overAmount : "",
    cashierRefundAmountMax: p.cashier.refundAmountMax,
    cashierCashMoveMax: p.cashier.cashMoveMax,
    varianceMax: p.cashier.varianceMax,
  };
}

/** A form's fields as one string, to tell whether it was typed into. */
function formText(form: object | null): string {
  return JSON.stringify(form === null ? null : $state.snapshot(form));
}
