import { describe, expect, it } from "vitest";
import { Lru } from "./lru";

describe("LRU cache", () => {
  it("drops the least recently used entry when full", () => {
    const c = new Lru<number, string>(2);
    c.set(1, "a");
    c.set(2, "b");
    expect(c.get(1)).toBe("a");
    c.set(3, "c");
    expect(c.has(2)).toBe(false);
    expect(c.get(1)).toBe("a");
    expect(c.get(3)).toBe("c");
    expect(c.size).toBe(2);
    c.set(3, "C");
    expect(c.get(3)).toBe("C");
    c.clear();
    expect(c.size).toBe(0);
    expect(() => new Lru(0)).toThrow();
  });
});
