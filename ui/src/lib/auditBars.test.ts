import { describe, expect, it } from "vitest";
import type { AuditTotals } from "../bindings/AuditTotals";
import { barShare, kindBars, staffBars } from "./auditBars";

const totals = (over: Partial<AuditTotals>): AuditTotals => ({ count: 0, amount: "0.00", byKind: [], byStaff: [], ...over });
const person = (staff: number, name: string, count: number, amount: string) => ({ staff, name, count, amount, authorised: 0, authorisedAmount: "0.00" });

describe("audit bars", () => {
  it("draws the core's totals as bars by amount, and by count when every amount is zero", () => {
    const style = (k: string) => ({ label: k, colour: "#000000" });
    const money = (a: string) => a;
    const mixed = totals({
      byKind: [
        { kind: "orderVoid", count: 1, amount: "8.00" },
        { kind: "discount", count: 1, amount: "2.00" },
        { kind: "pinLockout", count: 1, amount: "0.00" },
      ],
    });
    expect(kindBars(mixed, style, money).map((r) => [r.key, r.share, r.note])).toEqual([
      ["orderVoid", 1, " · 1×"],
      ["discount", 0.25, " · 1×"],
      ["pinLockout", 0, " · 1×"],
    ]);
    const onlyLockouts = totals({ byStaff: [person(3, "Sam", 2, "0.00"), person(1, "Alex", 1, "0.00")] });
    expect(staffBars(onlyLockouts, money).map((r) => [r.label, r.share, r.value])).toEqual([
      ["Sam", 1, "0.00"],
      ["Alex", 0.5, "0.00"],
    ]);
  });

  it("scales bars to the largest", () => {
    expect(barShare(50n, 200n)).toBe(0.25);
    expect(barShare(0n, 0n)).toBe(0);
    expect(barShare(5n, 0n)).toBe(0);
  });
});
