// What one event changed, for highlighting it on the order as it was right
// after (the state itself always comes from the core), and the differences
// between two versions of an order shown side by side.

import type { Event } from "../bindings/Event";
import type { OrderView } from "../bindings/OrderView";

export type Change =
  | { type: "opened" }
  | { type: "added"; line: number }
  | { type: "quantity"; line: number; from: number; to: number }
  | { type: "removed"; line: number; reason: string }
  | { type: "discount"; discount: number }
  | { type: "discountRemoved"; discount: number }
  | { type: "status"; status: "confirmed" | "voided" }
  /** An event of the back office (catalog, staff, shop): never on an order's timeline. */
  | { type: "none" };

export function changeOf(event: Event): Change {
  switch (event.type) {
    case "OrderOpened":
      return { type: "opened" };
    case "ItemAdded":
      return { type: "added", line: event.data.line };
    case "QuantityChanged":
      return { type: "quantity", line: event.data.line, from: event.data.from, to: event.data.to };
    case "LineVoided":
      return { type: "removed", line: event.data.line, reason: event.data.reason };
    case "DiscountApplied":
      return { type: "discount", discount: event.data.discount };
    case "DiscountRemoved":
      return { type: "discountRemoved", discount: event.data.discount };
    case "OrderConfirmed":
      return { type: "status", status: "confirmed" };
    case "OrderVoided":
      return { type: "status", status: "voided" };
    default:
      return { type: "none" };
  }
}

/** The line an event touched, if any. */
export function changedLine(change: Change | null): number | null {
  return change && "line" in change ? change.line : null;
}

/** The reason an event records, if it has one. */
export function reasonOf(event: Event): string | null {
  switch (event.type) {
    case "LineVoided":
    case "DiscountApplied":
    case "OrderVoided":
      return event.data.reason;
    default:
      return null;
  }
}

export type Mark = "added" | "removed" | "changed";

export interface ViewDiff {
  lines: Map<number, Mark>;
  discounts: Map<number, Mark>;
  /** Totals fields that differ. */
  totals: Set<"subtotal" | "discountTotal" | "taxTotal" | "total" | "itemCount">;
  status: boolean;
  /** Number of marked differences. */
  count: number;
}

/** What is different on `b` compared with `a` (two versions of one order). */
export function diffViews(a: OrderView, b: OrderView): ViewDiff {
  const lines = new Map<number, Mark>();
  const before = new Map(a.lines.map((l) => [l.id, l]));
  for (const l of b.lines) {
    const o = before.get(l.id);
    if (!o) lines.set(l.id, l.voided ? "removed" : "added");
    else if (!o.voided && l.voided) lines.set(l.id, "removed");
    else if (o.quantity !== l.quantity || o.net !== l.net || o.discount !== l.discount) lines.set(l.id, "changed");
  }
  const discounts = new Map<number, Mark>();
  const dBefore = new Map(a.discounts.map((d) => [d.id, d]));
  for (const d of b.discounts) {
    const o = dBefore.get(d.id);
    if (!o) discounts.set(d.id, d.removed ? "removed" : "added");
    else if (!o.removed && d.removed) discounts.set(d.id, "removed");
    else if (o.amount !== d.amount) discounts.set(d.id, "changed");
  }
  const totals = new Set<ViewDiff["totals"] extends Set<infer T> ? T : never>();
  for (const k of ["subtotal", "discountTotal", "taxTotal", "total", "itemCount"] as const) {
    if (a.totals[k] !== b.totals[k]) totals.add(k);
  }
  const status = a.status !== b.status;
  return { lines, discounts, totals, status, count: lines.size + discounts.size + totals.size + (status ? 1 : 0) };
}

/**
 * Which rows of a long list to render: all when they fit, otherwise `size`
 * rows around `focus` (the changed line), so a panel with thousands of lines
 * stays cheap and still shows what changed.
 */
export function rowWindow(count: number, focus: number | null, size: number): { start: number; end: number } {
  if (count <= size) return { start: 0, end: count };
  if (focus === null || focus < 0) return { start: 0, end: size };
  const start = Math.min(Math.max(0, focus - Math.floor(size / 2)), count - size);
  return { start, end: start + size };
}
