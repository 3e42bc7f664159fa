import { describe, expect, it } from "vitest";
import type { SyncStatus } from "../bindings/SyncStatus";
import { describeStatus, describeSync } from "./status";

const status = {
  dbPath: "/tmp/pos.db",
  schemaVersion: 1,
  events: 0,
  orders: 0,
  products: 36,
  staff: 2,
  chainOk: true,
  chain: { events: 0, intact: true, breach: null, from: 1 },
};

describe("status line", () => {
  it("shows product and order counts", () => {
    expect(describeStatus(status)).toBe("Connected · 36 products · 0 orders");
    expect(describeStatus({ ...status, products: 1, orders: 1 })).toBe("Connected · 1 product · 1 order");
  });

  it("says when the event chain does not verify", () => {
    expect(describeStatus({ ...status, chainOk: false })).toContain("event chain broken");
  });
});

describe("sync line", () => {
  const off: SyncStatus = { state: "off", server: null, waiting: 0, lastSyncedAt: null, failingSince: null, problem: null, shopThrough: null };
  it("says nothing for a till not enrolled", () => {
    expect(describeSync(off)).toBeNull();
  });
  it("says synced, what waits, or since when the server is out of reach", () => {
    const at = new Date(2026, 11, 2, 10, 42).toISOString();
    expect(describeSync({ ...off, state: "synced", lastSyncedAt: at })).toBe("Synced 10:42");
    expect(describeSync({ ...off, state: "synced", waiting: 12, lastSyncedAt: at })).toBe("12 events waiting");
    expect(describeSync({ ...off, state: "unreachable", waiting: 1, failingSince: at })).toBe("Shop server unreachable since 10:42 · 1 event waiting");
    expect(describeSync({ ...off, state: "refused", waiting: 3, problem: { code: "unauthorised", message: "" } })).toBe("Shop server refused (unauthorised) · 3 events waiting");
  });
});
