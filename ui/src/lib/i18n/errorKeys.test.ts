// Every message the core can send is in both catalogs, with exactly the
// placeholders of the params the core sends with it; and every word a
// `term` param names (a field, a thing, an order's status) is there too.
// The list is generated from the core (bindings/errorKeys.ts).

import { describe, expect, it } from "vitest";
import { ERROR_KEYS, TERM_KEYS } from "../../bindings/errorKeys";
import { CATALOGS, type Language } from "./locale.svelte";

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe("the core's messages in the catalogs", () => {
  const languages = Object.keys(CATALOGS) as Language[];

  it("the core sends many keys (the list is not empty)", () => {
    expect(Object.keys(ERROR_KEYS).length).toBeGreaterThan(100);
  });

  it("has error.<key> for every key, in every language", () => {
    for (const lang of languages) {
      const catalog = CATALOGS[lang] as Record<string, unknown>;
      const missing = Object.keys(ERROR_KEYS).filter((key) => typeof catalog[`error.${key}`] !== "string");
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it("fills exactly the params the core sends, in every language", () => {
    const differ: string[] = [];
    for (const lang of languages) {
      const catalog = CATALOGS[lang] as Record<string, unknown>;
      for (const [key, params] of Object.entries(ERROR_KEYS)) {
        const text = catalog[`error.${key}`];
        if (typeof text !== "string") continue;
        const want = [...params].sort();
        if (placeholders(text).join() !== want.join()) differ.push(`${lang} error.${key}: {${placeholders(text)}} ≠ {${want}}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("names every field and thing the core names, in every language", () => {
    for (const lang of languages) {
      const catalog = CATALOGS[lang] as Record<string, unknown>;
      expect({ lang, missing: TERM_KEYS.filter((key) => typeof catalog[key] !== "string") }).toEqual({ lang, missing: [] });
    }
  });

  it("keeps no error.<key> the core no longer sends", () => {
    const stale = Object.keys(CATALOGS.en).filter((k) => k.startsWith("error.") && !(k.slice("error.".length) in ERROR_KEYS));
    expect(stale).toEqual([]);
  });
});
