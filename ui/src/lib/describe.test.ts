// The core's descriptions of events in the language shown, and the catalogs
// that hold them: German has every description English has, with the same
// placeholders (the core's own test checks English against its English lines).

import { afterEach, describe as group, expect, it } from "vitest";
import type { Description } from "../bindings/Description";
import { describe } from "./describe";
import { de } from "./i18n/de";
import { en } from "./i18n/en";
import { setLanguage } from "./i18n/locale.svelte";

afterEach(() => setLanguage("en"));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

const voided: Description = {
  key: "orderVoided",
  params: { amount: { kind: "amount", value: "1234.50" }, reason: { kind: "text", value: "rang up wrong table" } },
};

const discount: Description = {
  key: "discountApplied",
  params: {
    discount: { kind: "percent", value: "12.5" },
    on: { kind: "term", value: "eventTerm.theOrder" },
    reason: { kind: "text", value: "regular" },
  },
};

group("the catalogs' descriptions", () => {
  it("German has every event description and term English has, with the same placeholders", () => {
    const ours = Object.entries(en).filter(([k]) => k.startsWith("event.") || k.startsWith("eventTerm."));
    expect(ours.length).toBeGreaterThan(40);
    const german = de as Record<string, unknown>;
    const differ = ours.filter(([k, v]) => typeof german[k] !== "string" || placeholders(german[k] as string).join() !== placeholders(v as string).join());
    expect(differ.map(([k]) => k)).toEqual([]);
  });
});

group("describe", () => {
  it("reads in English exactly as the core's English line", () => {
    expect(describe(voided, "Voided 1234.50: rang up wrong table")).toBe("Voided 1234.50: rang up wrong table");
    expect(describe(discount, "")).toBe("Discount 12.5% on the order: regular");
  });

  it("speaks German: amounts and percents as German writes them, terms translated", () => {
    setLanguage("de");
    expect(describe(voided, "Voided 1234.50: rang up wrong table")).toBe("Storno über 1.234,50: rang up wrong table");
    expect(describe(discount, "")).toBe("Rabatt 12,5\u00a0% auf den Bon: regular");
  });

  it("writes a calendar day as the language does, on that very day", () => {
    const reopened: Description = {
      key: "dayReopened",
      params: { day: { kind: "date", value: "2026-11-23" }, number: { kind: "number", value: 12 }, reason: { kind: "text", value: "late sale" } },
    };
    expect(describe(reopened, "")).toBe("Reopened 2026-11-23 (Z-12): late sale");
    setLanguage("de");
    expect(describe(reopened, "")).toBe("23.11.2026 wieder geöffnet (Z-12): late sale");
  });

  it("fills a term's own placeholders with the message's amounts: a refund split between ways", () => {
    const split: Description = {
      key: "refundIssuedWays",
      params: {
        order: { kind: "text", value: "T1-42" },
        how: { kind: "term", value: "eventTerm.cashAndCard" },
        cash: { kind: "amount", value: "1000.00" },
        card: { kind: "amount", value: "1.20" },
        number: { kind: "number", value: 7 },
        items: { kind: "number", value: 2 },
        reason: { kind: "text", value: "cold" },
      },
    };
    expect(describe(split, "")).toBe("Refund R-7 of order T1-42: 2 items, 1000.00 in cash, 1.20 to card: cold");
    setLanguage("de");
    expect(describe(split, "")).toBe("Erstattung R-7 zu Bon T1-42: 2 Artikel, 1.000,00 bar, 1,20 auf Karte: cold");
  });

  it("falls back to the core's English line with no description or an unknown key", () => {
    setLanguage("de");
    expect(describe(null, "Refund R-7 of order 42: 2 items, 1.00 in cash, 1.20 to card: cold")).toBe("Refund R-7 of order 42: 2 items, 1.00 in cash, 1.20 to card: cold");
    expect(describe(undefined, "as it came")).toBe("as it came");
    expect(describe({ key: "somethingNewer", params: {} }, "from a newer till")).toBe("from a newer till");
    expect(describe({ key: "discountApplied", params: { on: { kind: "term", value: "eventTerm.unknown" } } }, "unknown term")).toBe("unknown term");
  });
});
