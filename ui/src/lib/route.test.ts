import { describe, expect, it } from "vitest";
import { formatRoute, parseRoute } from "./route";

describe("hash routes", () => {
  it("reads an order at a version, a compared range and the list screens", () => {
    expect(parseRoute("#/order/12/v/5")).toEqual({ screen: "order", orderId: 12, version: 5, to: null, till: null });
    expect(parseRoute("#/order/12/v/3..9")).toEqual({ screen: "order", orderId: 12, version: 3, to: 9, till: null });
    expect(parseRoute("#/order/12")).toEqual({ screen: "order", orderId: 12, version: null, to: null, till: null });
    expect(parseRoute("#order/12/v/5/")).toEqual({ screen: "order", orderId: 12, version: 5, to: null, till: null });
    expect(parseRoute("#/orders")).toEqual({ screen: "orders" });
    expect(parseRoute("#/audit")).toEqual({ screen: "audit" });
    expect(parseRoute("#/report")).toEqual({ screen: "report" });
  });

  it("names nothing for anything else", () => {
    for (const hash of ["", "#", "#/", "#/order", "#/order/0", "#/order/x/v/1", "#/order/1/v/0", "#/order/1/v/", "#/order/1/x/2", "#/order/1/v/1..2..3", "#/order/-1", "#/order/1.5", "#/nope", "#/orders/2", "#/order/99999999999999999999"]) {
      expect(parseRoute(hash), hash).toBeNull();
    }
  });

  it("writes what it reads", () => {
    for (const hash of ["#/order/12/v/5", "#/order/12/v/3..9", "#/order/7", "#/orders", "#/audit", "#/report"]) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
    expect(formatRoute(null)).toBe("");
    expect(formatRoute({ screen: "order", orderId: 3, version: 4, to: 4, till: null })).toBe("#/order/3/v/4");
  });

  it("reads and writes another till's order, and names nothing for a till id the core would not give", () => {
    expect(parseRoute("#/till/T2/order/12/v/5")).toEqual({ screen: "order", orderId: 12, version: 5, to: null, till: "T2" });
    expect(parseRoute("#/till/BAR-1/order/7")).toEqual({ screen: "order", orderId: 7, version: null, to: null, till: "BAR-1" });
    for (const hash of ["#/till/T2/order/12/v/5", "#/till/T2/order/12/v/3..9", "#/till/BAR-1/order/7"]) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
    for (const hash of ["#/till/t2/order/1", "#/till//order/1", "#/till/T2", "#/till/T2/orders", "#/till/T2/audit", "#/till/TOOLONGID9/order/1", "#/till/T2/order/0"]) {
      expect(parseRoute(hash), hash).toBeNull();
    }
  });

  it("reads and writes a back-office record's timeline: a product, the shop, a staff member", () => {
    expect(parseRoute("#/product/COF-ESP/v/2")).toEqual({ screen: "record", key: { type: "product", sku: "COF-ESP" }, version: 2 });
    expect(parseRoute("#/product/A%2FB")).toEqual({ screen: "record", key: { type: "product", sku: "A/B" }, version: null });
    expect(parseRoute("#/shop/v/4")).toEqual({ screen: "record", key: { type: "shop" }, version: 4 });
    expect(parseRoute("#/staff/3")).toEqual({ screen: "record", key: { type: "staff", id: 3 }, version: null });
    for (const hash of ["#/product/COF-ESP/v/2", "#/product/A%2FB", "#/shop/v/4", "#/shop", "#/staff/3/v/1"]) {
      expect(formatRoute(parseRoute(hash))).toBe(hash);
    }
    for (const hash of ["#/product", "#/product/X/v/0", "#/shop/x", "#/staff/0", "#/staff/a/v/1", "#/shop/v/1/2"]) {
      expect(parseRoute(hash), hash).toBeNull();
    }
  });
});
