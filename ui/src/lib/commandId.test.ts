import { afterEach, describe, expect, it, vi } from "vitest";
import { newCommandId, UUID_V4 } from "./commandId";

describe("command ids", () => {
  afterEach(() => vi.restoreAllMocks());

  it("are UUID v4", () => {
    for (let i = 0; i < 200; i++) expect(newCommandId()).toMatch(UUID_V4);
  });

  it("are fresh each time", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newCommandId()));
    expect(ids.size).toBe(1000);
  });

  it("set the version and variant bits whatever the random bytes", () => {
    expect(newCommandId((b) => b.fill(0))).toBe("00000000-0000-4000-8000-000000000000");
    expect(newCommandId((b) => b.fill(255))).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
  });

  it("use crypto.getRandomValues, not crypto.randomUUID", () => {
    const spy = vi.spyOn(crypto, "getRandomValues");
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      expect(newCommandId()).toMatch(UUID_V4);
      expect(spy).toHaveBeenCalled();
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: original, configurable: true });
    }
  });
});
