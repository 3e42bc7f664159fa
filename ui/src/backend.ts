// The UI's one door to the core. Every method is one Tauri command in
// src-tauri (same name in snake_case); the types are generated from Rust
// (ui/src/bindings, kept fresh by a test). Errors reject with an ErrorBody
// `{ code, message }`: switch on `code`, show `message`.

import type { AppStatus } from "./bindings/AppStatus";
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

/** A manager's (or any staff member's) code and PIN, checked by the core for one command. */
export interface Credentials {
  code: string;
  pin: string;
}

/** A catalog CSV picked with the open dialog, read and previewed by the core. */
export interface ImportPick {
  /** Names the picked file's content held by the backend until commit. */
  token: string;
  fileName: string;
  preview: ImportPreview;
}

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
}
