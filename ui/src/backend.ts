// The UI's one door to the core. Every method is one Tauri command in
// src-tauri (same name in snake_case); the types are generated from Rust
// (ui/src/bindings, kept fresh by a test). Errors reject with an ErrorBody
// `{ code, message }`: switch on `code`, show `message`.

import type { AppStatus } from "./bindings/AppStatus";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditFilter } from "./bindings/AuditFilter";
import type { AuditTotals } from "./bindings/AuditTotals";
import type { DayReport } from "./bindings/DayReport";
import type { OrderFilter } from "./bindings/OrderFilter";
import type { TimelineMark } from "./bindings/TimelineMark";
import type { TimelineStep } from "./bindings/TimelineStep";
import type { VerifyReport } from "./bindings/VerifyReport";
import type { Credentials } from "./bindings/Credentials";
import type { ImportPick } from "./bindings/ImportPick";
import type { ErrorBody } from "./bindings/ErrorBody";
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

export type { ErrorBody };

export type { Credentials, ImportPick };

export interface Backend {
  // Session
  appStatus(): Promise<AppStatus>;
  signIn(code: string, pin: string): Promise<StaffMember>;
  signOut(): Promise<void>;
  currentStaff(): Promise<StaffMember | null>;
  shopSettings(): Promise<Settings>;

  // Register. `commandId` is a fresh UUID per user action; resending the same
  // id (a retry, a double click) returns the first outcome and writes nothing.
  openOrder(commandId: string): Promise<Outcome>;
  orderCommand(
    orderId: number,
    commandId: string,
    request: OrderRequest,
    approval: Credentials | null,
    expectedVersion: number | null,
  ): Promise<Outcome>;
  orderView(orderId: number): Promise<OrderView>;
  /** Open (parked or current) orders on this till, newest first. */
  openOrders(): Promise<OrderSummary[]>;
  findProducts(query: string): Promise<Product[]>;
  favouriteProducts(): Promise<Product[]>;
  receipt(orderId: number): Promise<Receipt>;
  /** Opens the save dialog and writes the receipt as text; null when cancelled. */
  saveReceipt(orderId: number): Promise<string | null>;

  // Back office (the signed-in staff member must be a manager; the core checks).
  products(query: string, includeArchived: boolean): Promise<Product[]>;
  productAdd(input: ProductInput): Promise<Product>;
  productUpdate(input: ProductInput): Promise<Product>;
  productArchive(sku: string, archived: boolean): Promise<Product>;
  /** Opens the open dialog for a CSV and previews it; null when cancelled. Writes nothing. */
  catalogImportPick(): Promise<ImportPick | null>;
  catalogImportCommit(token: string): Promise<ImportPreview>;
  staffList(): Promise<StaffMember[]>;
  staffAdd(input: StaffInput): Promise<StaffMember>;
  staffResetPin(id: number, pin: string): Promise<StaffMember>;
  staffSetActive(id: number, active: boolean): Promise<StaffMember>;
  settingsSave(input: SettingsInput): Promise<Settings>;

  // History (anyone signed in). Times cross as RFC 3339 strings (UTC).
  /** Orders, newest first, filtered. */
  orders(filter: OrderFilter): Promise<OrderSummary[]>;
  /** An order's events, light enough for 10,000 of them: kind, version, plain-words summary, who and when (no payload, no total). */
  timeline(orderId: number): Promise<TimelineMark[]>;
  /**
   * One step along the timeline: the event at `version` in full (payload, authoriser, total after) and the order
   * then, with at most `rows` of its lines (around the line the event touched, else the last ones).
   */
  timelineAt(orderId: number, version: number, rows: number): Promise<TimelineStep>;
  /** The order exactly as it was after its first `version` events (served by the core from snapshots). */
  orderAt(orderId: number, version: number): Promise<OrderView>;
  /** The version in force at an instant (the last event at or before it); rejects `not_yet_opened`. */
  versionAt(orderId: number, at: string): Promise<number>;

  // Audit and reports (managers only; the core refuses others with `manager_only`).
  audit(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Counts and amounts per kind and per staff member over the whole filtered trail (limit and offset ignored). */
  auditTotals(filter: AuditFilter): Promise<AuditTotals>;
  /** Opens the save dialog and writes the filtered trail as CSV; the path, or null when cancelled. */
  auditExport(filter: AuditFilter): Promise<string | null>;
  /** Walks the event hash chain. */
  verifyChain(): Promise<VerifyReport>;
  /** A day's figures for [from, to) on this till (terminal) or all tills (null). */
  dayReport(from: string, to: string, terminal: string | null): Promise<DayReport>;
  /** Opens the save dialog and writes the day report as CSV; the path, or null when cancelled. */
  dayReportExport(from: string, to: string, terminal: string | null): Promise<string | null>;
  /** Opens the save dialog and writes a consistent copy of the database (online backup); the path, or null. */
  backup(): Promise<string | null>;
  /** This till's terminal id (as recorded on its events). */
  terminal(): Promise<string>;
}
