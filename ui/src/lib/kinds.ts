// What each kind of event and audit entry is called and which colour marks it.
// The palette follows Okabe and Ito's colour-blind-safe set, calm on white,
// with order voids darkest and line voids the strongest warm colour.

import type { AuditKind } from "../bindings/AuditKind";
import type { EventKind } from "../bindings/EventKind";

export interface KindStyle {
  label: string;
  colour: string;
  /** Worth a full-height mark on a long order's density strip (everything but adding items). */
  notable: boolean;
  /** Drawn over other marks when they share a pixel: higher wins. */
  rank: number;
}

/** The kinds of an order's events: the ones an order's timeline draws. */
export type OrderEventKind =
  | "OrderOpened"
  | "ItemAdded"
  | "QuantityChanged"
  | "LineVoided"
  | "DiscountApplied"
  | "DiscountRemoved"
  | "OrderConfirmed"
  | "OrderVoided"
  | "OrderRefunded";

export const EVENT_KINDS: Record<OrderEventKind, KindStyle> = {
  OrderOpened: { label: "Opened", colour: "#8a94a6", notable: true, rank: 1 },
  ItemAdded: { label: "Items", colour: "#0072b2", notable: false, rank: 0 },
  QuantityChanged: { label: "Quantity", colour: "#e69f00", notable: true, rank: 3 },
  LineVoided: { label: "Line void", colour: "#d55e00", notable: true, rank: 6 },
  DiscountApplied: { label: "Discount", colour: "#009e73", notable: true, rank: 5 },
  DiscountRemoved: { label: "Discount removed", colour: "#cc79a7", notable: true, rank: 4 },
  OrderConfirmed: { label: "Confirmed", colour: "#1f2937", notable: true, rank: 2 },
  OrderVoided: { label: "Void", colour: "#8b1a1a", notable: true, rank: 7 },
  OrderRefunded: { label: "Refund", colour: "#7a4fb0", notable: true, rank: 6 },
};

export const EVENT_KIND_ORDER: OrderEventKind[] = [
  "OrderOpened",
  "ItemAdded",
  "QuantityChanged",
  "LineVoided",
  "DiscountApplied",
  "DiscountRemoved",
  "OrderConfirmed",
  "OrderVoided",
  "OrderRefunded",
];

/** The kinds of the back office's events: the ones a product's, the shop's or a staff member's timeline draws. */
export type RecordEventKind = Exclude<EventKind, OrderEventKind>;

const recordKind = (label: string, colour: string): KindStyle => ({ label, colour, notable: true, rank: 1 });

/** The audit trail's colours for the same changes, but a darker gold for prices (its yellow vanishes on a white track); signing in and out in pale greys. */
export const RECORD_EVENT_KINDS: Record<RecordEventKind, KindStyle> = {
  ProductAdded: recordKind("Product added", "#7fb8d9"),
  PriceChanged: recordKind("Price change", "#c9a227"),
  ProductChanged: recordKind("Product edited", "#a3c4dc"),
  ProductArchived: recordKind("Archived", "#6b7280"),
  ProductRestored: recordKind("Restored", "#9ca3af"),
  StaffAdded: recordKind("Staff added", "#5b8fb9"),
  RoleChanged: recordKind("Role change", "#b07aa1"),
  PinReset: recordKind("PIN reset", "#3b6e8f"),
  StaffDeactivated: recordKind("Deactivated", "#4b5563"),
  StaffReactivated: recordKind("Reactivated", "#7c8a9e"),
  SettingsChanged: recordKind("Settings change", "#94a3b8"),
  PolicyChanged: recordKind("Policy change", "#c9a227"),
  SignedIn: recordKind("Signed in", "#cbd5e1"),
  SignedOut: recordKind("Signed out", "#e2e8f0"),
  RefundIssued: recordKind("Refund issued", "#7a4fb0"),
  ShiftOpened: recordKind("Shift opened", "#2a9d8f"),
  CashMoved: recordKind("Cash moved", "#b8860b"),
  DrawerOpened: recordKind("No sale", "#0e7490"),
  ShiftClosed: recordKind("Shift closed", "#374151"),
  DayClosed: recordKind("Day closed (Z)", "#1f2937"),
  DayReopened: recordKind("Day reopened", "#be185d"),
};

export const eventKindStyle = (kind: EventKind): KindStyle =>
  (EVENT_KINDS as Partial<Record<EventKind, KindStyle>>)[kind] ??
  (RECORD_EVENT_KINDS as Partial<Record<EventKind, KindStyle>>)[kind] ?? { label: kind, colour: "#8a94a6", notable: true, rank: 0 };

export const AUDIT_KINDS: Record<AuditKind, { label: string; colour: string }> = {
  orderVoid: { label: "Order void", colour: EVENT_KINDS.OrderVoided.colour },
  lineVoid: { label: "Line void", colour: EVENT_KINDS.LineVoided.colour },
  discount: { label: "Discount", colour: EVENT_KINDS.DiscountApplied.colour },
  discountRemoval: { label: "Discount removed", colour: EVENT_KINDS.DiscountRemoved.colour },
  quantityDecrease: { label: "Quantity decrease", colour: EVENT_KINDS.QuantityChanged.colour },
  // Not an order change, so no event colour: the palette's sky blue, unused by events.
  pinLockout: { label: "PIN lockout", colour: "#56b4e9" },
  // Back-office changes: no order, no amount; quieter shades of the palette's blues and greys.
  productAdded: { label: "Product added", colour: "#7fb8d9" },
  priceChange: { label: "Price change", colour: "#f0e442" },
  productChange: { label: "Product edited", colour: "#a3c4dc" },
  productArchive: { label: "Product archived", colour: "#6b7280" },
  productRestore: { label: "Product restored", colour: "#9ca3af" },
  staffAdded: { label: "Staff added", colour: "#5b8fb9" },
  roleChange: { label: "Role change", colour: "#b07aa1" },
  pinReset: { label: "PIN reset", colour: "#3b6e8f" },
  staffDeactivation: { label: "Staff deactivated", colour: "#4b5563" },
  staffReactivation: { label: "Staff reactivated", colour: "#7c8a9e" },
  settingsChange: { label: "Settings change", colour: "#94a3b8" },
  policyChange: { label: "Policy change", colour: "#c9a227" },
  // Who was at the till when: pale, so money-moving entries stand out among them.
  signIn: { label: "Signed in", colour: "#cbd5e1" },
  signOut: { label: "Signed out", colour: "#e2e8f0" },
  // Money given back: the order timeline's refund colour.
  refund: { label: "Refund", colour: EVENT_KINDS.OrderRefunded.colour },
  // The drawer: what moves cash outside a sale.
  shiftOpen: { label: "Shift opened", colour: "#2a9d8f" },
  cashMove: { label: "Cash move", colour: "#b8860b" },
  noSale: { label: "No sale", colour: "#0e7490" },
  shiftClose: { label: "Shift closed", colour: "#374151" },
  // The close of a till's day: the Z report, and a manager's reopening.
  dayClose: { label: "Day closed (Z)", colour: "#1f2937" },
  dayReopen: { label: "Day reopened", colour: "#be185d" },
};

export const AUDIT_KIND_ORDER: AuditKind[] = [
  "orderVoid",
  "lineVoid",
  "discount",
  "discountRemoval",
  "quantityDecrease",
  "refund",
  "cashMove",
  "noSale",
  "shiftClose",
  "shiftOpen",
  "dayClose",
  "dayReopen",
  "pinLockout",
  "priceChange",
  "policyChange",
  "productAdded",
  "productChange",
  "productArchive",
  "productRestore",
  "staffAdded",
  "roleChange",
  "pinReset",
  "staffDeactivation",
  "staffReactivation",
  "settingsChange",
  "signIn",
  "signOut",
];

export const auditKindLabel = (kind: AuditKind): string => AUDIT_KINDS[kind]?.label ?? kind;
