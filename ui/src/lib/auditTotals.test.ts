import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../bindings/AuditEntry";
import { auditTotals, barShare } from "./auditTotals";

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
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

describe("audit totals", () => {
  it("sums amounts per kind and per staff member in cents, counting what managers authorised", () => {
    const t = auditTotals([
      entry({ kind: "discount", amount: "0.10" }),
      entry({ kind: "discount", amount: "0.20" }),
      entry({ kind: "lineVoid", amount: "4.50", authorisedBy: 2, authorisedByName: "Morgan" }),
      entry({ kind: "orderVoid", amount: "12.00", actor: 2, actorName: "Morgan", authorisedBy: 2, authorisedByName: "Morgan" }),
    ]);
    expect(t.count).toBe(4);
    expect(t.amount).toBe("16.80");
    expect(t.byKind.map((k) => [k.kind, k.count, k.amount])).toEqual([
      ["orderVoid", 1, "12.00"],
      ["lineVoid", 1, "4.50"],
      ["discount", 2, "0.30"],
    ]);
    expect(t.byStaff.map((s) => [s.name, s.count, s.amount, s.authorised, s.authorisedAmount])).toEqual([
      ["Morgan", 1, "12.00", 2, "16.50"],
      ["Alex", 3, "4.80", 0, "0.00"],
    ]);
  });

  it("is empty for no entries and scales bars to the largest", () => {
    expect(auditTotals([])).toEqual({ count: 0, amount: "0.00", byKind: [], byStaff: [] });
    expect(barShare(50n, 200n)).toBe(0.25);
    expect(barShare(0n, 0n)).toBe(0);
    expect(barShare(5n, 0n)).toBe(0);
  });
});
