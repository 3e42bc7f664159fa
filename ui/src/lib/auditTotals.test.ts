import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../bindings/AuditEntry";
import { barShare, kindBars, staffBars, totalsOf } from "./auditTotals";

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  key: "event-1",
  position: 1,
  orderId: 1,
  version: 2,
  kind: "discount",
  at: "2025-06-02T09:00:00Z",
  actor: 1,
  actorName: "Alex",
  authorisedBy: null,
  authorisedByName: null,
  reason: null,
  amount: "0.00",
  detail: "",
  ...over,
});

const lockout = (actor: number, actorName: string): AuditEntry =>
  entry({ key: `lockout-${actor}`, position: null, orderId: null, version: null, kind: "pinLockout", actor, actorName, amount: "0.00", detail: "5 wrong PINs in a row" });

describe("audit totals", () => {
  it("sums amounts per kind and per staff member in cents, counting what managers authorised", () => {
    const t = totalsOf([
      entry({ kind: "discount", amount: "0.10" }),
      entry({ kind: "discount", amount: "0.20" }),
      entry({ kind: "lineVoid", amount: "4.50", authorisedBy: 2, authorisedByName: "Morgan" }),
      entry({ kind: "orderVoid", amount: "12.00", actor: 2, actorName: "Morgan", authorisedBy: 2, authorisedByName: "Morgan" }),
      lockout(3, "Sam"),
    ]);
    expect(t.count).toBe(5);
    expect(t.amount).toBe("16.80");
    expect(t.byKind.map((k) => [k.kind, k.count, k.amount])).toEqual([
      ["orderVoid", 1, "12.00"],
      ["lineVoid", 1, "4.50"],
      ["discount", 2, "0.30"],
      ["pinLockout", 1, "0.00"],
    ]);
    expect(t.byStaff.map((s) => [s.name, s.count, s.amount, s.authorised, s.authorisedAmount])).toEqual([
      ["Morgan", 1, "12.00", 2, "16.50"],
      ["Alex", 3, "4.80", 0, "0.00"],
      ["Sam", 1, "0.00", 0, "0.00"],
    ]);
  });

  it("draws bars by amount, and by count when every amount is zero", () => {
    const style = (k: string) => ({ label: k, colour: "#000000" });
    const money = (a: string) => a;
    const mixed = totalsOf([entry({ kind: "orderVoid", amount: "8.00" }), entry({ kind: "discount", amount: "2.00" }), lockout(3, "Sam")]);
    expect(kindBars(mixed, style, money).map((r) => [r.key, r.share, r.note])).toEqual([
      ["orderVoid", 1, " · 1×"],
      ["discount", 0.25, " · 1×"],
      ["pinLockout", 0, " · 1×"],
    ]);
    const onlyLockouts = totalsOf([lockout(3, "Sam"), lockout(3, "Sam"), lockout(1, "Alex")]);
    expect(staffBars(onlyLockouts, money).map((r) => [r.label, r.share, r.value])).toEqual([
      ["Sam", 1, "0.00"],
      ["Alex", 0.5, "0.00"],
    ]);
  });

  it("is empty for no entries and scales bars to the largest", () => {
    expect(totalsOf([])).toEqual({ count: 0, amount: "0.00", byKind: [], byStaff: [] });
    expect(barShare(50n, 200n)).toBe(0.25);
    expect(barShare(0n, 0n)).toBe(0);
    expect(barShare(5n, 0n)).toBe(0);
  });
});
