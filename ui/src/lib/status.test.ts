import { describe, expect, it } from "vitest";
import { describeStatus } from "./status";

const status = {
  dbPath: "/tmp/pos.db",
  schemaVersion: 1,
  events: 0,
  orders: 0,
  products: 36,
  staff: 2,
  chainOk: true,
  chain: { events: 0, intact: true, breach: null },
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
