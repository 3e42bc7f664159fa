import { describe, expect, it } from "vitest";
import { applyDisplay, loadDisplay, saveDisplay } from "./display";

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe("display preferences", () => {
  it("start off, are kept, and survive what storage holds by mistake", () => {
    const s = memory();
    expect(loadDisplay(s)).toEqual({ contrast: false, largeText: false, language: "en" });
    saveDisplay({ contrast: true, largeText: false, language: "de" }, s);
    expect(loadDisplay(s)).toEqual({ contrast: true, largeText: false, language: "de" });
    s.setItem("pos.display", "{not json");
    expect(loadDisplay(s)).toEqual({ contrast: false, largeText: false, language: "en" });
    s.setItem("pos.display", '{"contrast":"yes","largeText":true}');
    expect(loadDisplay(s)).toEqual({ contrast: false, largeText: true, language: "en" });
  });

  it("mark the page's root for the style sheet", () => {
    const root = document.createElement("html");
    applyDisplay({ contrast: true, largeText: true, language: "de" }, root);
    expect([root.dataset.contrast, root.dataset.text, root.lang]).toEqual(["high", "large", "de"]);
    applyDisplay({ contrast: false, largeText: false, language: "en" }, root);
    expect([root.dataset.contrast, root.dataset.text, root.lang]).toEqual(["normal", "normal", "en"]);
  });
});

describe("the language preference", () => {
  it("starts as the webview's language (German for de*, else English) until one is chosen", () => {
    const s = memory();
    const browser = Object.getOwnPropertyDescriptor(globalThis.navigator, "language");
    try {
      Object.defineProperty(globalThis.navigator, "language", { value: "de-AT", configurable: true });
      expect(loadDisplay(s).language).toBe("de");
      Object.defineProperty(globalThis.navigator, "language", { value: "fr-FR", configurable: true });
      expect(loadDisplay(s).language).toBe("en");
      saveDisplay({ contrast: false, largeText: false, language: "de" }, s);
      expect(loadDisplay(s).language).toBe("de");
      s.setItem("pos.display", '{"language":"xx"}');
      expect(loadDisplay(s).language).toBe("en");
    } finally {
      if (browser) Object.defineProperty(globalThis.navigator, "language", browser);
      else delete (globalThis.navigator as { language?: string }).language;
    }
  });
});
