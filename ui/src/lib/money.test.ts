import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "./i18n/locale.svelte";
import { formatMoney, formatRate, fromCents, isShort, isZero, localiseAmount, plainMoney, setMinorUnit, toCents, varianceText } from "./money";

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

  it("shows the shop's currency's decimals: none for yen, three for dinars", () => {
    try {
      setMinorUnit(0);
      expect([formatMoney("1234"), formatMoney("1234.0"), toCents("12.5")]).toEqual(["1234", "1234", null]);
      setMinorUnit(3);
      expect([formatMoney("1.5"), formatMoney("-0.005"), toCents("2.345")]).toEqual(["1.500", "-0.005", 2345n]);
    } finally {
      setMinorUnit(2);
    }
  });
});

describe("money in the language shown", () => {
  afterEach(() => setLanguage("en"));

  it("keeps English as the core writes it, digit for digit", () => {
    expect([formatMoney("1234.5"), formatMoney("-0.10"), formatRate("20.00")]).toEqual(["1234.50", "-0.10", "20%"]);
    expect(plainMoney("3.5")).toBe("3.50");
  });

  it("writes German separators around the core's own digits, never through a float", () => {
    setLanguage("de");
    expect([formatMoney("1234.5"), formatMoney("-0.10"), formatMoney("99999999999999999999.99")]).toEqual([
      "1.234,50",
      "-0,10",
      "99.999.999.999.999.999.999,99",
    ]);
    expect([formatRate("20.00"), formatRate("5.5")]).toEqual(["20\u00a0%", "5,5\u00a0%"]);
    // What a field sends back to the core stays the core's own form.
    expect(plainMoney("1234.5")).toBe("1234.50");
    expect(localiseAmount("12.50", "en")).toBe("12.50");
  });
});

describe("a drawer's variance", () => {
  afterEach(() => setLanguage("en"));

  it("reads counted − expected by its sign, with a positive amount", () => {
    expect(varianceText("0.00")).toBe("balanced");
    expect(varianceText("-2.50")).toBe("short by 2.50");
    expect(varianceText("0.4")).toBe("over by 0.40");
    expect([isShort("-0.01"), isShort("0.00"), isShort("3.00")]).toEqual([true, false, false]);
  });

  it("follows the language shown, and shows the unreadable as it came", () => {
    setLanguage("de");
    expect(varianceText("-1234.50")).toBe("fehlt 1.234,50");
    expect(varianceText("abc")).toBe("abc");
  });
});
