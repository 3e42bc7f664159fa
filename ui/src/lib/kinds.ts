// What each kind of event and audit entry is called and which colour marks it.
// The palette follows Okabe and Ito's colour-blind-safe set, calm on white,
// with order voids darkest and line voids the strongest warm colour.

import type { AuditKind } from "../bindings/AuditKind";
import type { EventKind } from "../bindings/EventKind";
import { t, type MessageKey } from "./i18n/locale.svelte";

/** A kind's style with its label read from the catalog when shown (in the language shown). */
function named<T extends object>(label: MessageKey, style: T): T & { readonly label: string } {
  return Object.defineProperty(style, "label", { get: () => t(label), enumerable: true }) as T & { readonly label: string };
}

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
  OrderOpened: named("kind.event.OrderOpened", { colour: "#8a94a6", notable: true, rank: 1 }),
  ItemAdded: named("kind.event.ItemAdded", { colour: "#0072b2", notable: false, rank: 0 }),
  QuantityChanged: named("kind.event.QuantityChanged", { colour: "#e69f00", notable: true, rank: 3 }),
  LineVoided: named("kind.event.LineVoided", { colour: "#d55e00", notable: true, rank: 6 }),
  DiscountApplied: named("kind.event.DiscountApplied", { colour: "#009e73", notable: true, rank: 5 }),
  DiscountRemoved: named("kind.event.DiscountRemoved", { colour: "#cc79a7", notable: true, rank: 4 }),
  OrderConfirmed: named("kind.event.OrderConfirmed", { colour: "#1f2937", notable: true, rank: 2 }),
  OrderVoided: named("kind.event.OrderVoided", { colour: "#8b1a1a", notable: true, rank: 7 }),
  OrderRefunded: named("kind.event.OrderRefunded", { colour: "#7a4fb0", notable: true, rank: 6 }),
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

const recordKind = (label: MessageKey, colour: string): KindStyle => named(label, { colour, notable: true, rank: 1 });

/** The audit trail's colours for the same changes, but a darker gold for prices (its yellow vanishes on a white track); signing in and out in pale greys. */
export const RECORD_EVENT_KINDS: Record<RecordEventKind, KindStyle> = {
  ProductAdded: recordKind("kind.record.ProductAdded", "#7fb8d9"),
  PriceChanged: recordKind("kind.record.PriceChanged", "#c9a227"),
  ProductChanged: recordKind("kind.record.ProductChanged", "#a3c4dc"),
  ProductArchived: recordKind("kind.record.ProductArchived", "#6b7280"),
  ProductRestored: recordKind("kind.record.ProductRestored", "#9ca3af"),
  StaffAdded: recordKind("kind.record.StaffAdded", "#5b8fb9"),
  RoleChanged: recordKind("kind.record.RoleChanged", "#b07aa1"),
  PinReset: recordKind("kind.record.PinReset", "#3b6e8f"),
  StaffDeactivated: recordKind("kind.record.StaffDeactivated", "#4b5563"),
  StaffReactivated: recordKind("kind.record.StaffReactivated", "#7c8a9e"),
  SettingsChanged: recordKind("kind.record.SettingsChanged", "#94a3b8"),
  PolicyChanged: recordKind("kind.record.PolicyChanged", "#c9a227"),
  SignedIn: recordKind("kind.record.SignedIn", "#cbd5e1"),
  SignedOut: recordKind("kind.record.SignedOut", "#e2e8f0"),
  RefundIssued: recordKind("kind.record.RefundIssued", "#7a4fb0"),
  ShiftOpened: recordKind("kind.record.ShiftOpened", "#2a9d8f"),
  CashMoved: recordKind("kind.record.CashMoved", "#b8860b"),
  DrawerOpened: recordKind("kind.record.DrawerOpened", "#0e7490"),
  ShiftClosed: recordKind("kind.record.ShiftClosed", "#374151"),
  DayClosed: recordKind("kind.record.DayClosed", "#1f2937"),
  DayReopened: recordKind("kind.record.DayReopened", "#be185d"),
};

export const eventKindStyle = (kind: EventKind): KindStyle =>
  (EVENT_KINDS as Partial<Record<EventKind, KindStyle>>)[kind] ??
  (RECORD_EVENT_KINDS as Partial<Record<EventKind, KindStyle>>)[kind] ?? { label: kind, colour: "#8a94a6", notable: true, rank: 0 };

export const AUDIT_KINDS: Record<AuditKind, { label: string; colour: string }> = {
  orderVoid: named("kind.audit.orderVoid", { colour: EVENT_KINDS.OrderVoided.colour }),
  lineVoid: named("kind.audit.lineVoid", { colour: EVENT_KINDS.LineVoided.colour }),
  discount: named("kind.audit.discount", { colour: EVENT_KINDS.DiscountApplied.colour }),
  discountRemoval: named("kind.audit.discountRemoval", { colour: EVENT_KINDS.DiscountRemoved.colour }),
  quantityDecrease: named("kind.audit.quantityDecrease", { colour: EVENT_KINDS.QuantityChanged.colour }),
  // Not an order change, so no event colour: the palette's sky blue, unused by events.
  pinLockout: named("kind.audit.pinLockout", { colour: "#56b4e9" }),
  // Back-office changes: no order, no amount; quieter shades of the palette's blues and greys.
  productAdded: named("kind.audit.productAdded", { colour: "#7fb8d9" }),
  priceChange: named("kind.audit.priceChange", { colour: "#f0e442" }),
  productChange: named("kind.audit.productChange", { colour: "#a3c4dc" }),
  productArchive: named("kind.audit.productArchive", { colour: "#6b7280" }),
  productRestore: named("kind.audit.productRestore", { colour: "#9ca3af" }),
  staffAdded: named("kind.audit.staffAdded", { colour: "#5b8fb9" }),
  roleChange: named("kind.audit.roleChange", { colour: "#b07aa1" }),
  pinReset: named("kind.audit.pinReset", { colour: "#3b6e8f" }),
  staffDeactivation: named("kind.audit.staffDeactivation", { colour: "#4b5563" }),
  staffReactivation: named("kind.audit.staffReactivation", { colour: "#7c8a9e" }),
  settingsChange: named("kind.audit.settingsChange", { colour: "#94a3b8" }),
  policyChange: named("kind.audit.policyChange", { colour: "#c9a227" }),
  // Who was at the till when: pale, so money-moving entries stand out among them.
  signIn: named("kind.audit.signIn", { colour: "#cbd5e1" }),
  signOut: named("kind.audit.signOut", { colour: "#e2e8f0" }),
  // Money given back: the order timeline's refund colour.
  refund: named("kind.audit.refund", { colour: EVENT_KINDS.OrderRefunded.colour }),
  // The drawer: what moves cash outside a sale.
  shiftOpen: named("kind.audit.shiftOpen", { colour: "#2a9d8f" }),
  cashMove: named("kind.audit.cashMove", { colour: "#b8860b" }),
  noSale: named("kind.audit.noSale", { colour: "#0e7490" }),
  shiftClose: named("kind.audit.shiftClose", { colour: "#374151" }),
  // The close of a till's day: the Z report, and a manager's reopening.
  dayClose: named("kind.audit.dayClose", { colour: "#1f2937" }),
  dayReopen: named("kind.audit.dayReopen", { colour: "#be185d" }),
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
