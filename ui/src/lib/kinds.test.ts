import { describe, expect, it } from "vitest";
import { AUDIT_KIND_ORDER, AUDIT_KINDS, auditKindLabel, EVENT_KIND_ORDER, EVENT_KINDS, eventKindStyle } from "./kinds";

describe("kinds", () => {
  it("gives every event kind its own label and colour", () => {
    expect(EVENT_KIND_ORDER).toHaveLength(Object.keys(EVENT_KINDS).length);
    const colours = EVENT_KIND_ORDER.map((k) => EVENT_KINDS[k].colour);
    expect(new Set(colours).size).toBe(colours.length);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(eventKindStyle("LineVoided").label).toBe("Line void");
    expect(EVENT_KINDS.ItemAdded.notable).toBe(false);
    expect(EVENT_KINDS.OrderVoided.rank).toBeGreaterThan(EVENT_KINDS.DiscountApplied.rank);
  });

  it("labels audit kinds in the same colours as their events", () => {
    expect(AUDIT_KIND_ORDER).toHaveLength(Object.keys(AUDIT_KINDS).length);
    expect(auditKindLabel("quantityDecrease")).toBe("Quantity decrease");
    expect(AUDIT_KINDS.lineVoid.colour).toBe(EVENT_KINDS.LineVoided.colour);
    const colours = AUDIT_KIND_ORDER.map((k) => AUDIT_KINDS[k].colour);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it("gives PIN lockouts a label and a colour no event uses", () => {
    expect(auditKindLabel("pinLockout")).toBe("PIN lockout");
    expect(EVENT_KIND_ORDER.map((k) => EVENT_KINDS[k].colour)).not.toContain(AUDIT_KINDS.pinLockout.colour);
  });
});
