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
    expect(loadDisplay(s)).toEqual({ contrast: false, largeText: false });
    saveDisplay({ contrast: true, largeText: false }, s);
    expect(loadDisplay(s)).toEqual({ contrast: true, largeText: false });
    s.setItem("pos.display", "{not json");
    expect(loadDisplay(s)).toEqual({ contrast: false, largeText: false });
    s.setItem("pos.display", '{"contrast":"yes","largeText":true}');
    expect(loadDisplay(s)).toEqual({ contrast: false, largeText: true });
  });

  it("mark the page's root for the style sheet", () => {
    const root = document.createElement("html");
    applyDisplay({ contrast: true, largeText: true }, root);
    expect([root.dataset.contrast, root.dataset.text]).toEqual(["high", "large"]);
    applyDisplay({ contrast: false, largeText: false }, root);
    expect([root.dataset.contrast, root.dataset.text]).toEqual(["normal", "normal"]);
  });
});
