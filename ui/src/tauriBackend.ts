// The Backend as the desktop shell's Tauri commands: one command per method,
// named in snake_case, with camelCase argument keys (Tauri maps them to the
// Rust parameters). Every rejection arrives as an ErrorBody.

import { invoke } from "@tauri-apps/api/core";
import type { Backend, Credentials, ImportPick } from "./backend";
import type { AppStatus } from "./bindings/AppStatus";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { AuditTotals } from "./bindings/AuditTotals";
import type { DayReport } from "./bindings/DayReport";
import type { OrderFilter } from "./bindings/OrderFilter";
import type { TimelineMark } from "./bindings/TimelineMark";
import type { TimelineStep } from "./bindings/TimelineStep";
import type { VerifyReport } from "./bindings/VerifyReport";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { OrderRequest } from "./bindings/OrderRequest";
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
import { toErrorBody } from "./lib/errors";

export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

export class TauriBackend implements Backend {
  readonly #invoke: Invoke;

  constructor(invokeFn: Invoke = invoke) {
    this.#invoke = invokeFn;
  }

  private async call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return await this.#invoke<T>(command, args);
    } catch (e) {
      throw toErrorBody(e);
    }
  }

  appStatus = () => this.call<AppStatus>("app_status");
  signIn = (code: string, pin: string) => this.call<StaffMember>("sign_in", { code, pin });
  signOut = () => this.call<void>("sign_out");
  currentStaff = () => this.call<StaffMember | null>("current_staff");
  shopSettings = () => this.call<Settings>("shop_settings");

  openOrder = (commandId: string) => this.call<Outcome>("open_order", { commandId });
  orderCommand = (
    orderId: number,
    commandId: string,
    request: OrderRequest,
    approval: Credentials | null,
    expectedVersion: number | null,
  ) => this.call<Outcome>("order_command", { orderId, commandId, request, approval, expectedVersion });
  orderView = (orderId: number) => this.call<OrderView>("order_view", { orderId });
  openOrders = () => this.call<OrderSummary[]>("open_orders");
  findProducts = (query: string) => this.call<Product[]>("find_products", { query });
  favouriteProducts = () => this.call<Product[]>("favourite_products");
  receipt = (orderId: number) => this.call<Receipt>("receipt", { orderId });
  saveReceipt = (orderId: number) => this.call<string | null>("save_receipt", { orderId });

  products = (query: string, includeArchived: boolean) => this.call<Product[]>("products", { query, includeArchived });
  productAdd = (input: ProductInput) => this.call<Product>("product_add", { input });
  productUpdate = (input: ProductInput) => this.call<Product>("product_update", { input });
  productArchive = (sku: string, archived: boolean) => this.call<Product>("product_archive", { sku, archived });
  catalogImportPick = () => this.call<ImportPick | null>("catalog_import_pick");
  catalogImportCommit = (token: string) => this.call<ImportPreview>("catalog_import_commit", { token });
  staffList = () => this.call<StaffMember[]>("staff_list");
  staffAdd = (input: StaffInput) => this.call<StaffMember>("staff_add", { input });
  staffResetPin = (id: number, pin: string) => this.call<StaffMember>("staff_reset_pin", { id, pin });
  staffSetActive = (id: number, active: boolean) => this.call<StaffMember>("staff_set_active", { id, active });
  settingsSave = (input: SettingsInput) => this.call<Settings>("settings_save", { input });

  orders = (filter: OrderFilter) => this.call<OrderSummary[]>("orders", { filter });
  timeline = (orderId: number) => this.call<TimelineMark[]>("timeline", { orderId });
  timelineAt = (orderId: number, version: number, rows: number) => this.call<TimelineStep>("timeline_at", { orderId, version, rows });
  orderAt = (orderId: number, version: number) => this.call<OrderView>("order_at", { orderId, version });
  versionAt = (orderId: number, at: string) => this.call<number>("version_at", { orderId, at });

  audit = (filter: AuditFilter) => this.call<AuditEntry[]>("audit", { filter });
  auditTotals = (filter: AuditFilter) => this.call<AuditTotals>("audit_totals", { filter });
  auditExport = (filter: AuditFilter) => this.call<string | null>("audit_export", { filter });
  verifyChain = () => this.call<VerifyReport>("verify_chain");
  dayReport = (from: string, to: string, terminal: string | null) => this.call<DayReport>("day_report", { from, to, terminal });
  dayReportExport = (from: string, to: string, terminal: string | null) =>
    this.call<string | null>("day_report_export", { from, to, terminal });
  backup = () => this.call<string | null>("backup");
  terminal = () => this.call<string>("terminal");
}
