import { describe, expect, it } from "vitest";
import { clampVersion, extendRange, fractionOf, isSpan, rangeBounds, versionAtX, versionForKey } from "./range";

describe("versions and ranges", () => {
  it("steps with the navigation keys and stays inside the order", () => {
    expect(versionForKey("ArrowLeft", 5, 12)).toBe(4);
    expect(versionForKey("ArrowRight", 12, 12)).toBe(12);
    expect(versionForKey("ArrowLeft", 1, 12)).toBe(1);
    expect(versionForKey("Home", 5, 12)).toBe(1);
    expect(versionForKey("End", 5, 12)).toBe(12);
    expect(versionForKey("PageUp", 5, 12)).toBe(1);
    expect(versionForKey("PageDown", 5, 12)).toBe(12);
    expect(versionForKey("PageDown", 5, 100)).toBe(15);
    expect(versionForKey("a", 5, 12)).toBeNull();
    expect(clampVersion(3, 0)).toBe(0);
  });

  it("starts a range at the current version and moves only its focus", () => {
    const r = extendRange(null, 5, 6);
    expect(r).toEqual({ anchor: 5, focus: 6 });
    const r2 = extendRange(r, 6, 2);
    expect(r2).toEqual({ anchor: 5, focus: 2 });
    expect(rangeBounds(r2)).toEqual([2, 5]);
    expect(isSpan(r2)).toBe(true);
    expect(isSpan(extendRange(r2, 2, 5))).toBe(false);
    expect(isSpan(null)).toBe(false);
  });

  it("maps pointer positions to versions and back", () => {
    expect(versionAtX(0, 1000, 11)).toBe(1);
    expect(versionAtX(1000, 1000, 11)).toBe(11);
    expect(versionAtX(449, 1000, 11)).toBe(5);
    expect(versionAtX(451, 1000, 11)).toBe(6);
    expect(versionAtX(-50, 1000, 11)).toBe(1);
    expect(versionAtX(5000, 1000, 11)).toBe(11);
    expect(versionAtX(10, 0, 11)).toBe(1);
    expect(fractionOf(1, 11)).toBe(0);
    expect(fractionOf(11, 11)).toBe(1);
    expect(fractionOf(1, 1)).toBe(0.5);
  });
});
