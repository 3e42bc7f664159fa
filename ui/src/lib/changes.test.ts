import { describe, expect, it } from "vitest";
import type { OrderView } from "../bindings/OrderView";
import { changedLine, changeOf, diffViews, reasonOf, rowWindow } from "./changes";

const view = (over: Partial<OrderView>): OrderView => ({
  id: 1,
  number: 1,
  reference: "till-1-1",
  status: "open",
  cashier: 1,
  terminal: "till-1",
  openedAt: null,
  version: 1,
  lines: [],
  discounts: [],
  totals: { subtotal: "0.00", lineDiscounts: "0.00", orderDiscounts: "0.00", discountTotal: "0.00", total: "0.00", taxTotal: "0.00", tax: [], itemCount: 0 },
  confirmation: null,
  voiding: null,
  refunds: [],
  ...over,
});

const line = (id: number, quantity: number, voided = false) => ({
  id,
  sku: `S${id}`,
  name: `Item ${id}`,
  quantity,
  unitPrice: "1.00",
  taxRate: "20",
  addedAt: null,
  gross: `${quantity}.00`,
  discount: "0.00",
  net: `${quantity}.00`,
  voided: voided ? { line: id, reason: "Damaged", authorisedBy: null } : null,
  refunded: 0,
});

describe("what an event changed", () => {
  it("names the line or discount each event touched, and its reason", () => {
    expect(changeOf({ type: "ItemAdded", data: { line: 3, sku: "A", name: "A", qty: 1, price: "1", tax: "20" } })).toEqual({ type: "added", line: 3 });
    const q = changeOf({ type: "QuantityChanged", data: { line: 2, from: 3, to: 1 } });
    expect(q).toEqual({ type: "quantity", line: 2, from: 3, to: 1 });
    expect(changedLine(q)).toBe(2);
    const voided = { type: "LineVoided", data: { line: 2, reason: "Damaged", authorisedBy: null } } as const;
    expect(changeOf(voided)).toEqual({ type: "removed", line: 2, reason: "Damaged" });
    expect(reasonOf(voided)).toBe("Damaged");
    const discount = {
      type: "DiscountApplied",
      data: { discount: 1, scope: { type: "order" }, kind: "percent", value: "10", reason: "Loyal", authorisedBy: null },
    } as const;
    expect(changeOf(discount)).toEqual({ type: "discount", discount: 1 });
    expect(reasonOf(discount)).toBe("Loyal");
    expect(changeOf({ type: "DiscountRemoved", data: { discount: 1 } })).toEqual({ type: "discountRemoved", discount: 1 });
    expect(changedLine(changeOf({ type: "DiscountRemoved", data: { discount: 1 } }))).toBeNull();
    expect(changeOf({ type: "OrderVoided", data: { reason: "x", authorisedBy: 2, amount: "1", voidedAt: "" } })).toEqual({ type: "status", status: "voided" });
    expect(changeOf({ type: "OrderOpened", data: { number: 1, cashier: 1, terminal: "t", openedAt: "" } })).toEqual({ type: "opened" });
    expect(reasonOf({ type: "OrderOpened", data: { number: 1, cashier: 1, terminal: "t", openedAt: "" } })).toBeNull();
  });
});

describe("two versions side by side", () => {
  it("marks lines added, removed and changed, discounts, totals and status", () => {
    const a = view({ lines: [line(1, 1), line(2, 2)], totals: { ...view({}).totals, subtotal: "3.00", total: "3.00", itemCount: 3 } });
    const b = view({
      status: "confirmed",
      lines: [line(1, 1), line(2, 1, true), line(3, 4)],
      discounts: [{ id: 1, scope: { type: "order" }, kind: "percent", value: "10", reason: "x", authorisedBy: null, removed: false, amount: "0.50" }],
      totals: { ...view({}).totals, subtotal: "5.00", total: "4.50", discountTotal: "0.50", itemCount: 5 },
    });
    const d = diffViews(a, b);
    expect([...d.lines]).toEqual([
      [2, "removed"],
      [3, "added"],
    ]);
    expect([...d.discounts]).toEqual([[1, "added"]]);
    expect([...d.totals].sort()).toEqual(["discountTotal", "itemCount", "subtotal", "total"]);
    expect(d.status).toBe(true);
    expect(d.count).toBe(8);
    expect(diffViews(b, b).count).toBe(0);
  });

  it("renders long lists as a window around what changed", () => {
    expect(rowWindow(50, 10, 100)).toEqual({ start: 0, end: 50 });
    expect(rowWindow(5000, null, 100)).toEqual({ start: 0, end: 100 });
    expect(rowWindow(5000, 2500, 100)).toEqual({ start: 2450, end: 2550 });
    expect(rowWindow(5000, 4990, 100)).toEqual({ start: 4900, end: 5000 });
    expect(rowWindow(5000, 3, 100)).toEqual({ start: 0, end: 100 });
  });
});
