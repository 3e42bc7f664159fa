import { describe, expect, it } from "vitest";
import { parseEntry, parseWholeNumber } from "./entry";

describe("entry", () => {
  it("rings one of a code or barcode", () => {
    expect(parseEntry("2000000010007")).toEqual({ kind: "item", code: "2000000010007", quantity: 1 });
    expect(parseEntry("  COF-ESP ")).toEqual({ kind: "item", code: "COF-ESP", quantity: 1 });
  });

  it("reads a quantity before *", () => {
    expect(parseEntry("3*COF-ESP")).toEqual({ kind: "item", code: "COF-ESP", quantity: 3 });
    expect(parseEntry("12 * 2000000010007")).toEqual({ kind: "item", code: "2000000010007", quantity: 12 });
  });

  it("passes bad quantities on for the core to refuse", () => {
    expect(parseEntry("0*X")).toEqual({ kind: "item", code: "X", quantity: 0 });
    expect(parseEntry("100000*X")).toEqual({ kind: "item", code: "X", quantity: 100000 });
    expect(parseEntry("-2*X")).toEqual({ kind: "item", code: "X", quantity: -2 });
    expect(parseEntry("99999999999999999999999*X")).toEqual({ kind: "item", code: "X", quantity: Number.MAX_SAFE_INTEGER });
  });

  it("asks for the code after a bare quantity", () => {
    expect(parseEntry("3*")).toMatchObject({ kind: "incomplete" });
    expect(parseEntry("")).toEqual({ kind: "empty" });
    expect(parseEntry("   ")).toEqual({ kind: "empty" });
  });

  it("treats anything else as a code", () => {
    expect(parseEntry("a*b")).toEqual({ kind: "item", code: "a*b", quantity: 1 });
    expect(parseEntry("*X")).toEqual({ kind: "item", code: "*X", quantity: 1 });
  });

  it("reads whole numbers only", () => {
    expect(parseWholeNumber("4")).toBe(4);
    expect(parseWholeNumber(" 0 ")).toBe(0);
    expect(parseWholeNumber("-1")).toBe(-1);
    expect(parseWholeNumber("1.5")).toBeNull();
    expect(parseWholeNumber("abc")).toBeNull();
    expect(parseWholeNumber("")).toBeNull();
  });
});
