// The catalogs are complete: every key in both languages, none empty, the
// same placeholders in each, and counted messages with their plural forms.

import { afterEach, describe, expect, it } from "vitest";
import { de } from "./de";
import { en } from "./en";
import { CATALOGS, fill, language, languageOf, setLanguage, t, tn, type Language, type PluralForms } from "./locale.svelte";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** The placeholders of a message, all forms of a counted one together. */
function placeholdersOf(value: string | PluralForms): string[] {
  const texts = typeof value === "string" ? [value] : Object.values(value).filter((v): v is string => typeof v === "string");
  return [...new Set(texts.flatMap(placeholders))].sort();
}

afterEach(() => setLanguage("en"));

describe("message catalogs", () => {
  const languages = Object.keys(CATALOGS) as Language[];

  it("have the same keys in every language", () => {
    const keys = Object.keys(en).sort();
    for (const lang of languages) {
      const theirs = Object.keys(CATALOGS[lang]).sort();
      expect({ lang, missing: keys.filter((k) => !theirs.includes(k)), extra: theirs.filter((k) => !keys.includes(k)) }).toEqual({ lang, missing: [], extra: [] });
    }
  });

  it("have no empty message", () => {
    for (const lang of languages) {
      const empty = Object.entries(CATALOGS[lang]).filter(([, v]) =>
        typeof v === "string" ? v.trim() === "" : !v.other?.trim() || Object.values(v).some((f) => typeof f === "string" && f.trim() === ""),
      );
      expect({ lang, empty: empty.map(([k]) => k) }).toEqual({ lang, empty: [] });
    }
  });

  it("use the same placeholders in every language", () => {
    const differ: string[] = [];
    for (const [key, value] of Object.entries(en)) {
      for (const lang of languages) {
        const theirs = (CATALOGS[lang] as Record<string, string | PluralForms>)[key];
        if (theirs === undefined) continue;
        if (typeof theirs !== typeof value) differ.push(`${lang} ${key}: plain and counted`);
        else if (placeholdersOf(theirs).join() !== placeholdersOf(value).join()) differ.push(`${lang} ${key}: ${placeholdersOf(theirs)} ≠ ${placeholdersOf(value)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("give every counted message its one and other forms", () => {
    for (const lang of languages) {
      const counted = Object.entries(CATALOGS[lang]).filter(([, v]) => typeof v !== "string") as [string, PluralForms][];
      expect(counted.length).toBeGreaterThan(0);
      for (const [key, forms] of counted) expect({ key, lang, one: !!forms.one, other: !!forms.other }).toEqual({ key, lang, one: true, other: true });
    }
  });

  it("German is a translation, not a copy: most messages differ from English", () => {
    const same = Object.keys(en).filter((k) => JSON.stringify((de as Record<string, unknown>)[k]) === JSON.stringify((en as Record<string, unknown>)[k]));
    expect(same.length / Object.keys(en).length).toBeLessThan(0.1);
  });
});

describe("t and tn", () => {
  it("fill placeholders and leave unknown ones as written", () => {
    expect(fill("Order {number} paid · change {change}", { number: 12, change: "3.00" })).toBe("Order 12 paid · change 3.00");
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("speak the language chosen, and say so on the page", () => {
    const root = document.createElement("html");
    expect(t("register.paid", { number: 12, change: "3.00" })).toBe("Order 12 paid · change 3.00");
    setLanguage("de", root);
    expect(language()).toBe("de");
    expect(root.lang).toBe("de");
    expect(t("register.paid", { number: 12, change: "3,00" })).toBe("Bon 12 bezahlt · Rückgeld 3,00");
  });

  it("pick the plural form by the language's rules", () => {
    expect([tn("status.products", 0), tn("status.products", 1), tn("status.products", 36)]).toEqual(["0 products", "1 product", "36 products"]);
    setLanguage("de");
    expect([tn("status.products", 1), tn("status.products", 2)]).toEqual(["1 Produkt", "2 Produkte"]);
  });

  it("take German for a de* browser and English for anything else", () => {
    expect(["de", "de-DE", "de-AT", "DE-ch", "en-US", "fr", "", undefined].map(languageOf)).toEqual(["de", "de", "de", "de", "en", "en", "en", "en"]);
  });
});
