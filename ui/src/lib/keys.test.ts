import { describe, expect, it } from "vitest";
import { actionForKey, isFunctionKey, KEYMAP, keyFor, keysFor, NAV_KEYS, navForKey, navKeyFor } from "./keys";

const empty = { entryEmpty: true };
const typed = { entryEmpty: false };

describe("key map", () => {
  it("maps the function keys", () => {
    const expected = {
      F1: "help",
      F2: "search",
      F3: "quantity",
      F4: "removeLine",
      F5: "discount",
      F6: "removeDiscount",
      F7: "void",
      F8: "newOrder",
      F9: "openOrders",
      F10: "backOffice",
      F11: "signOut",
      F12: "pay",
    };
    for (const [key, action] of Object.entries(expected)) {
      expect(actionForKey({ key }, typed)).toBe(action);
      expect(isFunctionKey({ key })).toBe(true);
    }
  });

  it("selects lines with the arrows", () => {
    expect(actionForKey({ key: "ArrowUp" }, typed)).toBe("lineUp");
    expect(actionForKey({ key: "ArrowDown" }, empty)).toBe("lineDown");
  });

  it("treats + ? and Delete as keys only on an empty entry", () => {
    expect(actionForKey({ key: "+" }, empty)).toBe("pay");
    expect(actionForKey({ key: "?" }, empty)).toBe("help");
    expect(actionForKey({ key: "Delete" }, empty)).toBe("removeLine");
    expect(actionForKey({ key: "+" }, typed)).toBeNull();
    expect(actionForKey({ key: "?" }, typed)).toBeNull();
    expect(actionForKey({ key: "Delete" }, typed)).toBeNull();
  });

  it("never takes keys that type a code", () => {
    for (const key of ["0", "9", "a", "Z", "*", "-", " ", "Enter", "Backspace"]) {
      expect(actionForKey({ key }, empty), key).toBeNull();
    }
  });

  it("signs out with Ctrl+L and ignores other modifiers", () => {
    expect(actionForKey({ key: "l", ctrlKey: true }, typed)).toBe("signOut");
    expect(actionForKey({ key: "L", ctrlKey: true, shiftKey: true }, typed)).toBe("signOut");
    expect(actionForKey({ key: "c", ctrlKey: true }, typed)).toBeNull();
    expect(actionForKey({ key: "F5", altKey: true }, typed)).toBeNull();
    expect(actionForKey({ key: "F5", metaKey: true }, typed)).toBeNull();
    expect(isFunctionKey({ key: "F13" })).toBe(false);
  });

  it("lists every action once, with its keys", () => {
    const actions = KEYMAP.map((b) => b.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(keysFor("removeLine")).toBe("F4 / Del");
    expect(keyFor("pay")).toBe("F12");
  });

  it("opens the screens with Alt+letter (by physical key) and Ctrl+H", () => {
    expect(navForKey({ key: "h", code: "KeyH", ctrlKey: true })).toBe("history");
    expect(navForKey({ key: "˙", code: "KeyH", altKey: true })).toBe("history");
    expect(navForKey({ key: "o", code: "KeyO", altKey: true })).toBe("orders");
    expect(navForKey({ key: "a", code: "KeyA", altKey: true })).toBe("audit");
    expect(navForKey({ key: "r", code: "KeyR", altKey: true })).toBe("report");
    expect(navForKey({ key: "t", code: "KeyT", altKey: true })).toBe("register");
    expect(navForKey({ key: "r", altKey: true })).toBe("report");
    expect(navForKey({ key: "h", code: "KeyH" })).toBeNull();
    expect(navForKey({ key: "a", code: "KeyA", ctrlKey: true })).toBeNull();
    expect(navForKey({ key: "H", code: "KeyH", altKey: true, shiftKey: true })).toBeNull();
    expect(navKeyFor("orders")).toBe("Alt+O");
    expect(NAV_KEYS.filter((b) => b.managerOnly).map((b) => b.target)).toEqual(["audit", "report"]);
  });
});
