// What the scrubber draws and moves: any timeline of versions, an order's or
// a back-office record's (a product, the shop's settings and policy, a staff
// member). The scrubber knows nothing of what a version holds.

import type { Description } from "../bindings/Description";
import type { EventKind } from "../bindings/EventKind";
import type { VersionRange } from "./range";

/** One version's mark: its event's kind, when and what, in plain words. */
export interface ScrubberMark {
  version: number;
  kind: EventKind;
  at: string;
  summary: string;
  /** `summary` as a message in any language (lib/describe.ts). */
  description?: Description | null;
}

export interface ScrubberModel {
  readonly count: number;
  readonly entries: readonly ScrubberMark[];
  /** The selected version (1 … count). */
  readonly version: number;
  readonly entry: ScrubberMark | null;
  /** A selected range (Shift+drag), where the timeline compares versions; null otherwise. */
  readonly range: VersionRange | null;
  /** Stops a replay. */
  stop(): void;
  select(version: number): void;
  /** Moves a range's free end (a timeline without ranges selects). */
  extendTo(version: number): void;
}
