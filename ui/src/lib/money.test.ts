import { describe, expect, it } from "vitest";
import { cardRemainder, formatMoney, formatRate, fromCents, isZero, previewTender, quickCash, toCents } from "./money";

describe("cents", () => {
  it("parses decimal strings without floats", () => {
    expect(toCents("12.50")).toBe(1250n);
    expect(toCents("12.5")).toBe(1250n);
    expect(toCents("7")).toBe(700n);
    expect(toCents(".5")).toBe(50n);
    expect(toCents(" 0.10 ")).toBe(10n);
    expect(toCents("-1.25")).toBe(-125n);
    expect(toCents("1.500")).toBe(150n);
    expect(toCents("0.1")! + toCents("0.2")!).toBe(30n);
    expect(toCents("99999999999999999999.99")).toBe(9999999999999999999999n);
  });

  it("refuses anything that is not a plain amount", () => {
    for (const bad of ["", " ", ".", "abc", "1,50", "1.234", "1e3", "NaN", "--1", "1.2.3"]) {
      expect(toCents(bad), bad).toBeNull();
    }
  });

  it("formats cents with two decimals", () => {
    expect(fromCents(0n)).toBe("0.00");
    expect(fromCents(5n)).toBe("0.05");
    expect(fromCents(1250n)).toBe("12.50");
    expect(fromCents(-125n)).toBe("-1.25");
    expect(formatMoney("2.2")).toBe("2.20");
    expect(formatMoney("10")).toBe("10.00");
    expect(formatMoney("odd")).toBe("odd");
    expect(isZero("0.00")).toBe(true);
    expect(isZero("0.01")).toBe(false);
  });

  it("shows rates without trailing zeros", () => {
    expect(formatRate("20")).toBe("20%");
    expect(formatRate("20.00")).toBe("20%");
    expect(formatRate("5.5")).toBe("5.5%");
    expect(formatRate("12.50")).toBe("12.5%");
    expect(formatRate("0")).toBe("0%");
  });
});

describe("quick cash", () => {
  it("offers exact, then the next notes up", () => {
    expect(quickCash("12.40").map((q) => q.amount)).toEqual(["12.40", "20.00", "50.00", "100.00"]);
    expect(quickCash("3.10").map((q) => q.amount)).toEqual(["3.10", "5.00", "10.00", "20.00", "50.00"]);
    expect(quickCash("3.10")[0]).toMatchObject({ exact: true, label: "Exact" });
  });

  it("does not repeat the exact amount as a note", () => {
    expect(quickCash("20").map((q) => q.amount)).toEqual(["20.00", "50.00", "100.00"]);
  });

  it("rounds large totals up to 50s and 100s", () => {
    expect(quickCash("123.40").map((q) => q.amount)).toEqual(["123.40", "150.00", "200.00", "500.00"]);
  });

  it("offers nothing for nothing", () => {
    expect(quickCash("0.00")).toEqual([]);
    expect(quickCash("x")).toEqual([]);
  });
});

describe("tender preview", () => {
  it("computes change in cents", () => {
    expect(previewTender("12.40", "20", "")).toMatchObject({ change: "7.60", covered: true, remaining: "0.00" });
    expect(previewTender("0.30", "0.1", "0.2")).toMatchObject({ change: "0.00", covered: true });
  });

  it("shows what is missing", () => {
    expect(previewTender("12.40", "10", "")).toMatchObject({ change: "0.00", covered: false, remaining: "2.40" });
    expect(previewTender("12.40", "", "")).toMatchObject({ covered: false, remaining: "12.40" });
  });

  it("flags card over the total and unreadable amounts", () => {
    expect(previewTender("10.00", "", "12")).toMatchObject({ cardTooMuch: true });
    expect(previewTender("10.00", "abc", "")).toMatchObject({ unreadable: true, covered: false });
  });

  it("leaves the rest for the card in a split", () => {
    expect(cardRemainder("12.40", "5")).toBe("7.40");
    expect(cardRemainder("12.40", "")).toBe("12.40");
    expect(cardRemainder("12.40", "20")).toBe("");
    expect(cardRemainder("12.40", "x")).toBe("");
  });
});
