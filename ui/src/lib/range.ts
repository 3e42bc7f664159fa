// Moving along an order's versions (1 … count) and selecting a range of them
// to compare.

export interface VersionRange {
  /** Where the range started (the version selected when Shift was first used). */
  anchor: number;
  /** The end that moves. */
  focus: number;
}

export const clampVersion = (v: number, count: number): number => (count < 1 ? 0 : Math.min(count, Math.max(1, Math.round(v))));

/** The version a navigation key leads to, or null when the key does not move. */
export function versionForKey(key: string, current: number, count: number): number | null {
  switch (key) {
    case "ArrowLeft":
      return clampVersion(current - 1, count);
    case "ArrowRight":
      return clampVersion(current + 1, count);
    case "Home":
      return clampVersion(1, count);
    case "End":
      return clampVersion(count, count);
    case "PageUp":
      return clampVersion(current - 10, count);
    case "PageDown":
      return clampVersion(current + 10, count);
    default:
      return null;
  }
}

/** Extends (or starts, from `current`) a range to `target`. */
export function extendRange(range: VersionRange | null, current: number, target: number): VersionRange {
  return { anchor: range ? range.anchor : current, focus: target };
}

/** The range's ends in order, [low, high]. */
export function rangeBounds(range: VersionRange): [number, number] {
  return range.anchor <= range.focus ? [range.anchor, range.focus] : [range.focus, range.anchor];
}

/** A range that spans more than one version (one to compare). */
export const isSpan = (range: VersionRange | null): range is VersionRange => range !== null && range.anchor !== range.focus;

/** The version under a pointer at `x` along a track `width` wide (versions evenly spread, first at 0, last at width). */
export function versionAtX(x: number, width: number, count: number): number {
  if (count <= 1 || width <= 0) return clampVersion(1, count);
  return clampVersion(1 + (x / width) * (count - 1), count);
}

/** Where a version sits along the track, 0 … 1. */
export const fractionOf = (version: number, count: number): number => (count <= 1 ? 0.5 : (version - 1) / (count - 1));
