import { describe, expect, it } from "vitest";
import { demoBarcode, FakeBackend } from "./fakeBackend";

async function signedIn(code = "1001", pin = "1234") {
  const b = new FakeBackend();
  await b.signIn(code, pin);
  return b;
}

describe("fake backend", () => {
  it("makes the demo shop's EAN-13 barcodes", () => {
    expect(demoBarcode(0)).toBe("2000000010007");
    for (let n = 0; n < 20; n++) {
      const digits = [...demoBarcode(n)].map(Number);
      expect(digits.reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0) % 10).toBe(0);
    }
  });

  it("signs in the demo staff and refuses wrong PINs", async () => {
    const b = new FakeBackend();
    await expect(b.signIn("1001", "0000")).rejects.toMatchObject({ code: "wrong_pin" });
    await expect(b.signIn("1001", "1234")).resolves.toMatchObject({ name: "Alex Cashier", role: "cashier" });
    await expect(b.currentStaff()).resolves.toMatchObject({ code: "1001" });
  });

  it("rings up, totals and confirms an order", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    await b.orderCommand(order.id, "c1", { type: "addItem", code: "2000000010007", quantity: 2 }, null, null);
    const { order: view } = await b.orderCommand(order.id, "c2", { type: "addItem", code: "BAK-CRO", quantity: 1 }, null, null);
    expect(view.lines.map((l) => [l.sku, l.quantity, l.net])).toEqual([
      ["COF-ESP", 2, "4.40"],
      ["BAK-CRO", 1, "1.80"],
    ]);
    expect(view.totals).toMatchObject({ subtotal: "6.20", total: "6.20", itemCount: 3 });
    expect(view.totals.tax).toEqual([
      { rate: "5", gross: "1.80", tax: "0.09" },
      { rate: "20", gross: "4.40", tax: "0.73" },
    ]);
    await expect(b.orderCommand(order.id, "c3", { type: "confirmOrder", cash: "5", card: "" }, null, null)).rejects.toMatchObject({
      code: "tender_short",
    });
    const paid = await b.orderCommand(order.id, "c3", { type: "confirmOrder", cash: "10", card: "" }, null, null);
    expect(paid.order.confirmation).toMatchObject({ total: "6.20", change: "3.80", tenders: { cash: "10.00", card: "0.00" } });
  });

  it("replays a repeated command id without applying it twice", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    const add = { type: "addItem", code: "COF-ESP", quantity: 1 } as const;
    const first = await b.orderCommand(order.id, "same", add, null, null);
    const again = await b.orderCommand(order.id, "same", add, null, null);
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.order.lines).toHaveLength(1);
  });

  it("asks for a manager above the discount threshold", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    await b.orderCommand(order.id, "c1", { type: "addItem", code: "BRD-SOU", quantity: 2 }, null, null);
    const discount = { type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "20", reason: "Damaged" } as const;
    await expect(b.orderCommand(order.id, "d1", discount, null, null)).rejects.toMatchObject({ code: "manager_required" });
    await expect(b.orderCommand(order.id, "d1", discount, { code: "1001", pin: "1234" }, null)).rejects.toMatchObject({
      code: "approver_not_manager",
    });
    await expect(b.orderCommand(order.id, "d1", discount, { code: "9001", pin: "1" }, null)).rejects.toMatchObject({ code: "wrong_pin" });
    const ok = await b.orderCommand(order.id, "d1", discount, { code: "9001", pin: "9999" }, null);
    expect(ok.order.totals).toMatchObject({ subtotal: "9.00", discountTotal: "1.80", total: "7.20" });
    expect(ok.order.discounts[0]).toMatchObject({ amount: "1.80", authorisedBy: 2 });
  });

  it("refuses unknown products and bad quantities with the core's codes", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    const add = (code: string, quantity: number, id: string) => b.orderCommand(order.id, id, { type: "addItem", code, quantity }, null, null);
    await expect(add("NOPE", 1, "a")).rejects.toMatchObject({ code: "unknown_product" });
    await expect(add("COF-ESP", 0, "b")).rejects.toMatchObject({ code: "quantity_out_of_range" });
    await expect(add("COF-ESP", 100000, "c")).rejects.toMatchObject({ code: "quantity_out_of_range" });
  });

  it("keeps the back office for managers", async () => {
    const cashier = await signedIn();
    await expect(cashier.products("", false)).rejects.toMatchObject({ code: "manager_only" });
    const manager = await signedIn("9001", "9999");
    await expect(manager.products("milk", false)).resolves.toHaveLength(1);
  });

  it("records each order's events: timeline, the order at any version, the version at a time", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    const cmd = (id: string, request: Parameters<FakeBackend["orderCommand"]>[2], approval: { code: string; pin: string } | null = null) =>
      b.orderCommand(order.id, id, request, approval, null);
    await cmd("c1", { type: "addItem", code: "COF-ESP", quantity: 3 });
    await cmd("c2", { type: "addItem", code: "BAK-CRO", quantity: 1 });
    await cmd("c3", { type: "changeQuantity", line: 1, quantity: 1 });
    await cmd("c4", { type: "removeLine", line: 2, reason: "Damaged" });
    await cmd("c5", { type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "10", reason: "Loyal customer" });
    await cmd("c6", { type: "removeDiscount", discount: 1 });
    const last = await cmd("c7", { type: "confirmOrder", cash: "5", card: "" });
    const tl = await b.timeline(order.id);
    expect(tl.map((e) => [e.version, e.kind])).toEqual([
      [1, "OrderOpened"],
      [2, "ItemAdded"],
      [3, "ItemAdded"],
      [4, "QuantityChanged"],
      [5, "LineVoided"],
      [6, "DiscountApplied"],
      [7, "DiscountRemoved"],
      [8, "OrderConfirmed"],
    ]);
    expect(tl[3]!.summary).toBe("Changed Espresso from 3 to 1");
    expect(tl[4]!.summary).toBe("Removed Croissant: Damaged");
    expect(tl[5]!.summary).toBe("Discount 10% on the order: Loyal customer");
    expect(tl[0]!.actorName).toBe("Alex Cashier");
    expect(tl[0]).not.toHaveProperty("event");
    // One step: the event in full and the order then, its lines windowed around the line touched.
    const step = await b.timelineAt(order.id, 3, 80);
    expect(step.entry.totalAfter).toBe("8.40");
    expect(step.entry.event).toMatchObject({ type: "ItemAdded", data: { line: 2 } });
    expect(step.view).toEqual(await b.orderAt(order.id, 3));
    expect([step.lineCount, step.linesFrom]).toEqual([2, 0]);
    const narrow = await b.timelineAt(order.id, 2, 1);
    expect([narrow.view.lines.map((l) => l.id), narrow.lineCount, narrow.linesFrom]).toEqual([[1], 1, 0]);
    expect((await b.timelineAt(order.id, 5, 1)).view.lines.map((l) => l.id)).toEqual([2]);
    expect((await b.timelineAt(order.id, 8, 1)).entry.totalAfter).toBe("2.20");
    await expect(b.timelineAt(order.id, 9, 80)).rejects.toMatchObject({ code: "no_such_version" });
    await expect(b.timelineAt(order.id, 0, 80)).rejects.toMatchObject({ code: "no_such_version" });
    // Every version is the core's (here: the fake's) fold, and the last is the order now.
    expect(await b.orderAt(order.id, 8)).toEqual(last.order);
    const v3 = await b.orderAt(order.id, 3);
    expect(v3.lines.map((l) => [l.name, l.quantity, l.voided])).toEqual([
      ["Espresso", 3, null],
      ["Croissant", 1, null],
    ]);
    expect((await b.orderAt(order.id, 6)).totals.discountTotal).toBe("0.22");
    expect((await b.orderAt(order.id, 0)).status).toBe("new");
    await expect(b.orderAt(order.id, 9)).rejects.toMatchObject({ code: "no_such_version" });
    expect(await b.versionAt(order.id, tl[3]!.at)).toBe(4);
    expect(await b.versionAt(order.id, new Date(Date.parse(tl[3]!.at) + 1000).toISOString())).toBe(4);
    await expect(b.versionAt(order.id, "2000-01-01T00:00:00Z")).rejects.toMatchObject({ code: "not_yet_opened" });
    const orders = await b.orders({ number: null, status: "confirmed", cashier: null, terminal: null, from: null, to: null, minTotal: null, limit: null, offset: null });
    expect(orders.map((o) => [o.number, o.total])).toEqual([[1, "2.20"]]);
  });

  it("keeps an audit trail of voids, discounts and decreases, and a day report, for managers", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    await b.orderCommand(order.id, "c1", { type: "addItem", code: "BRD-SOU", quantity: 2 }, null, null);
    await b.orderCommand(order.id, "c2", { type: "changeQuantity", line: 1, quantity: 1 }, null, null);
    await b.orderCommand(order.id, "c3", { type: "applyDiscount", scope: { type: "order" }, kind: "amount", value: "1", reason: "Price match" }, { code: "9001", pin: "9999" }, null);
    await b.orderCommand(order.id, "c4", { type: "confirmOrder", cash: "10", card: "" }, null, null);
    await b.orderCommand(order.id, "c5", { type: "voidOrder", reason: "Payment failed" }, { code: "9001", pin: "9999" }, null);
    await expect(b.audit({ kinds: [], staff: null, from: null, to: null, minAmount: null, limit: null, offset: null })).rejects.toMatchObject({ code: "manager_only" });
    await b.signIn("9001", "9999");
    const all = await b.audit({ kinds: [], staff: null, from: null, to: null, minAmount: null, limit: null, offset: null });
    expect(all.map((e) => [e.kind, e.version, e.amount, e.actorName, e.authorisedByName, e.reason])).toEqual([
      ["orderVoid", 6, "3.50", "Alex Cashier", "Morgan Manager", "Payment failed"],
      ["discount", 4, "1.00", "Alex Cashier", "Morgan Manager", "Price match"],
      ["quantityDecrease", 3, "4.50", "Alex Cashier", null, null],
    ]);
    const big = await b.audit({ kinds: ["discount", "quantityDecrease"], staff: 1, from: null, to: null, minAmount: "2", limit: null, offset: null });
    expect(big.map((e) => e.kind)).toEqual(["quantityDecrease"]);
    const report = await b.dayReport("2025-06-02T00:00:00Z", "2025-06-03T00:00:00Z", "till-1");
    expect(report.totals).toMatchObject({ ordersConfirmed: 1, ordersVoided: 1, grossSales: "4.50", discounts: "1.00", voids: "3.50", netSales: "0.00", cashTaken: "10.00", changeGiven: "6.50", cashExpected: "0.00" });
    expect(report.cashiers.map((c) => c.cashierName)).toEqual(["Alex Cashier"]);
    expect((await b.dayReport("2025-06-03T00:00:00Z", "2025-06-04T00:00:00Z", null)).totals.ordersConfirmed).toBe(0);
    await expect(b.verifyChain()).resolves.toMatchObject({ intact: true, events: 6 });
    expect(await new FakeBackend({ tamperedAt: 3 }).appStatus()).toMatchObject({ chainOk: false, chain: { breach: { position: 3 } } });
  });

  it("lists PIN lockouts in the audit trail, with no order and amount 0, and totals the whole filtered trail", async () => {
    const b = await signedIn();
    const { order } = await b.openOrder("o1");
    await b.orderCommand(order.id, "c1", { type: "addItem", code: "BRD-SOU", quantity: 2 }, null, null);
    await b.orderCommand(order.id, "c2", { type: "voidOrder", reason: "Wrong order" }, { code: "9001", pin: "9999" }, null);
    for (let i = 1; i <= 5; i++) {
      await expect(b.signIn("1001", "0000")).rejects.toMatchObject({ code: i === 5 ? "pin_locked" : "wrong_pin" });
    }
    await b.signIn("9001", "9999");
    const none = { kinds: [], staff: null, from: null, to: null, minAmount: null, limit: null, offset: null };
    const all = await b.audit(none);
    expect(all.map((e) => [e.kind, e.orderId, e.version, e.actorName, e.amount])).toEqual([
      ["pinLockout", null, null, "Alex Cashier", "0.00"],
      ["orderVoid", order.id, 3, "Alex Cashier", "9.00"],
    ]);
    expect(all[0]!.detail).toMatch(/^5 wrong PINs/);
    expect((await b.audit({ ...none, kinds: ["pinLockout"] })).length).toBe(1);
    expect((await b.audit({ ...none, staff: 2 })).map((e) => e.kind)).toEqual(["orderVoid"]);
    expect((await b.audit({ ...none, minAmount: "0.01" })).map((e) => e.kind)).toEqual(["orderVoid"]);
    const totals = await b.auditTotals({ ...none, limit: 1, offset: 1 });
    expect(totals).toMatchObject({ count: 2, amount: "9.00" });
    expect(totals.byKind.map((k) => [k.kind, k.count, k.amount])).toEqual([
      ["orderVoid", 1, "9.00"],
      ["pinLockout", 1, "0.00"],
    ]);
    expect(totals.byStaff.map((s) => [s.name, s.count, s.authorised])).toEqual([
      ["Alex Cashier", 2, 0],
      ["Morgan Manager", 0, 1],
    ]);
    // Alex is locked out, so only a signed-out till is left to refuse.
    await b.signOut();
    await expect(b.auditTotals(none)).rejects.toMatchObject({ code: "not_signed_in" });
  });
});
