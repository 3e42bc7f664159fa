// The back office: catalog, staff and settings. Managers only; the core
// checks that too. Lists are re-read after every change.

import type { Product } from "./bindings/Product";
import type { ProductInput } from "./bindings/ProductInput";
import type { SettingsInput } from "./bindings/SettingsInput";
import type { StaffMember } from "./bindings/StaffMember";
import { toErrorBody } from "./lib/errors";
import type { ImportModal, ProductModal, ResetPinModal, StaffModal, TillState } from "./till.svelte";

export type Tab = "catalog" | "staff" | "settings";

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
  backupBusy = $state(false);
  /** "Saved to <path>" / "Not saved" after a backup, or the core's message. */
  backupResult = $state.raw<{ ok: boolean; text: string; code?: string } | null>(null);
  private productSeq = 0;

  constructor(private readonly till: TillState) {}

  private get backend() {
    return this.till.backend;
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
    const list = await this.till.backOffice(() => this.backend.products(this.query.trim(), this.includeArchived));
    if (seq !== this.productSeq) return;
    this.loadingProducts = false;
    if (list) this.products = list;
  }

  addProduct(): void {
    this.till.modal = { kind: "product", busy: false, error: null, mode: "add", input: emptyProduct() };
  }

  editProduct(p: Product): void {
    this.till.modal = {
      kind: "product",
      busy: false,
      error: null,
      mode: "edit",
      input: { sku: p.sku, barcode: p.barcode ?? "", name: p.name, price: p.price, taxRate: p.taxRate, favourite: p.favourite },
    };
  }

  async saveProduct(m: ProductModal): Promise<void> {
    const input = $state.snapshot(m.input);
    const saved = await this.till.backOffice(
      () => (m.mode === "add" ? this.backend.productAdd(input) : this.backend.productUpdate(input)),
      m,
    );
    if (!saved || this.till.modal !== m) return;
    this.till.modal = null;
    this.till.notice = `${saved.name} ${m.mode === "add" ? "added" : "saved"}`;
    await this.loadProducts();
  }

  async archive(p: Product, archived: boolean): Promise<void> {
    const done = await this.till.backOffice(() => this.backend.productArchive(p.sku, archived));
    if (!done) return;
    this.till.notice = `${done.name} ${archived ? "archived" : "back in the catalog"}`;
    await this.loadProducts();
  }

  async pickImport(): Promise<void> {
    const pick = await this.till.backOffice(() => this.backend.catalogImportPick());
    if (!pick) return;
    this.till.modal = { kind: "import", busy: false, error: null, pick, imported: null };
  }

  async commitImport(m: ImportModal): Promise<void> {
    if (m.imported) {
      this.till.modal = null;
      return;
    }
    const done = await this.till.backOffice(() => this.backend.catalogImportCommit(m.pick.token), m);
    if (!done || this.till.modal !== m) return;
    m.imported = done;
    this.till.notice = `Imported ${done.valid} products from ${m.pick.fileName}`;
    await this.loadProducts();
  }

  // Staff

  async loadStaff(): Promise<void> {
    const list = await this.till.backOffice(() => this.backend.staffList());
    if (list) this.staff = list;
  }

  addStaff(): void {
    this.till.modal = { kind: "staffAdd", busy: false, error: null, input: { code: "", name: "", role: "cashier", pin: "" } };
  }

  async saveStaff(m: StaffModal): Promise<void> {
    const input = $state.snapshot(m.input);
    const added = await this.till.backOffice(() => this.backend.staffAdd(input), m);
    if (!added || this.till.modal !== m) return;
    this.till.modal = null;
    this.till.notice = `${added.name} added as ${added.role}`;
    await this.loadStaff();
  }

  resetPin(member: StaffMember): void {
    this.till.modal = { kind: "resetPin", busy: false, error: null, member, pin: "" };
  }

  async saveResetPin(m: ResetPinModal): Promise<void> {
    const done = await this.till.backOffice(() => this.backend.staffResetPin(m.member.id, m.pin), m);
    if (!done || this.till.modal !== m) return;
    this.till.modal = null;
    this.till.notice = `New PIN set for ${done.name}`;
  }

  async setActive(member: StaffMember, active: boolean): Promise<void> {
    const done = await this.till.backOffice(() => this.backend.staffSetActive(member.id, active));
    if (!done) return;
    this.till.notice = `${done.name} ${active ? "reactivated" : "deactivated"}`;
    await this.loadStaff();
  }

  // Settings

  async loadSettings(): Promise<void> {
    const s = await this.till.backOffice(() => this.backend.shopSettings());
    if (!s) return;
    this.settingsSaved = false;
    this.settings = {
      shopName: s.shopName,
      shopAddress: s.shopAddress,
      currency: s.currency,
      discountPercentMaxUnapproved: s.rules.discountPercentMaxUnapproved,
      amountDiscountNeedsManager: s.rules.amountDiscountNeedsManager,
    };
  }

  async saveSettings(): Promise<void> {
    if (!this.settings || this.settingsBusy) return;
    this.settingsBusy = true;
    this.settingsSaved = false;
    const input = $state.snapshot(this.settings);
    const saved = await this.till.backOffice(() => this.backend.settingsSave(input));
    this.settingsBusy = false;
    if (!saved) return;
    this.till.settings = saved;
    this.settingsSaved = true;
    this.till.notice = "Settings saved";
    await this.loadSettings();
    this.settingsSaved = true;
  }

  // Backup

  /** Writes a consistent copy of the database where the manager picks (the native save dialog). */
  async backup(): Promise<void> {
    if (this.backupBusy) return;
    this.backupBusy = true;
    this.backupResult = null;
    try {
      const path = await this.backend.backup();
      this.backupResult = path ? { ok: true, text: `Backed up to ${path}` } : { ok: true, text: "Not backed up (cancelled)" };
      if (path) this.till.notice = `Database backed up to ${path}`;
    } catch (e) {
      const err = toErrorBody(e);
      this.backupResult = { ok: false, text: err.message, code: err.code };
      this.till.showError(err);
    } finally {
      this.backupBusy = false;
    }
  }
}
