import { describe, expect, it } from "vitest";
import type { Backend } from "./backend";
import type { AuditKind } from "./bindings/AuditKind";
import { TauriBackend } from "./tauriBackend";

function recording(answer: (command: string) => unknown = () => null) {
  const calls: { command: string; args: Record<string, unknown> | undefined }[] = [];
  const backend = new TauriBackend(async <T>(command: string, args?: Record<string, unknown>) => {
    calls.push({ command, args });
    return answer(command) as T;
  });
  return { backend, calls };
}

describe("Tauri backend", () => {
  it("calls each command by its snake_case name with camelCase arguments", async () => {
    const { backend, calls } = recording();
    const approval = { code: "9001", pin: "9999" };
    const request = { type: "addItem", code: "COF-ESP", quantity: 2 } as const;
    const product = { sku: "X", barcode: "", name: "X", price: "1", taxRate: "20", favourite: false };
    const staff = { code: "1", name: "A", role: "cashier", pin: "1234" } as const;
    const orderFilter = { number: 12, status: "confirmed", cashier: null, terminal: null, from: null, to: null, minTotal: "5", limit: 50, offset: 0 } as const;
    const auditFilter = { kinds: ["lineVoid", "orderVoid"] as AuditKind[], staff: 2, from: "2025-06-01T22:00:00.000Z", to: null, minAmount: null, limit: 1000, offset: 0 } as const;
    const settings = { shopName: "S", shopAddress: "", currency: "EUR", discountPercentMaxUnapproved: "10", amountDiscountNeedsManager: true };

    const expected: [keyof Backend, () => Promise<unknown>, string, Record<string, unknown> | undefined][] = [
      ["appStatus", () => backend.appStatus(), "app_status", undefined],
      ["signIn", () => backend.signIn("1001", "1234"), "sign_in", { code: "1001", pin: "1234" }],
      ["signOut", () => backend.signOut(), "sign_out", undefined],
      ["currentStaff", () => backend.currentStaff(), "current_staff", undefined],
      ["shopSettings", () => backend.shopSettings(), "shop_settings", undefined],
      ["openOrder", () => backend.openOrder("id-1"), "open_order", { commandId: "id-1" }],
      [
        "orderCommand",
        () => backend.orderCommand(7, "id-2", request, approval, 3),
        "order_command",
        { orderId: 7, commandId: "id-2", request, approval, expectedVersion: 3 },
      ],
      ["orderView", () => backend.orderView(7), "order_view", { orderId: 7 }],
      ["openOrders", () => backend.openOrders(), "open_orders", undefined],
      ["findProducts", () => backend.findProducts("milk"), "find_products", { query: "milk" }],
      ["favouriteProducts", () => backend.favouriteProducts(), "favourite_products", undefined],
      ["receipt", () => backend.receipt(7), "receipt", { orderId: 7 }],
      ["saveReceipt", () => backend.saveReceipt(7), "save_receipt", { orderId: 7 }],
      ["products", () => backend.products("", true), "products", { query: "", includeArchived: true }],
      ["productAdd", () => backend.productAdd(product), "product_add", { input: product }],
      ["productUpdate", () => backend.productUpdate(product), "product_update", { input: product }],
      ["productArchive", () => backend.productArchive("X", true), "product_archive", { sku: "X", archived: true }],
      ["catalogImportPick", () => backend.catalogImportPick(), "catalog_import_pick", undefined],
      ["catalogImportCommit", () => backend.catalogImportCommit("t"), "catalog_import_commit", { token: "t" }],
      ["staffList", () => backend.staffList(), "staff_list", undefined],
      ["staffAdd", () => backend.staffAdd(staff), "staff_add", { input: staff }],
      ["staffResetPin", () => backend.staffResetPin(2, "4321"), "staff_reset_pin", { id: 2, pin: "4321" }],
      ["staffSetActive", () => backend.staffSetActive(2, false), "staff_set_active", { id: 2, active: false }],
      ["settingsSave", () => backend.settingsSave(settings), "settings_save", { input: settings }],
      ["orders", () => backend.orders(orderFilter), "orders", { filter: orderFilter }],
      ["timeline", () => backend.timeline(7), "timeline", { orderId: 7 }],
      ["timelineAt", () => backend.timelineAt(7, 3, 80), "timeline_at", { orderId: 7, version: 3, rows: 80 }],
      ["orderAt", () => backend.orderAt(7, 3), "order_at", { orderId: 7, version: 3 }],
      ["versionAt", () => backend.versionAt(7, "2025-06-02T09:15:00.000Z"), "version_at", { orderId: 7, at: "2025-06-02T09:15:00.000Z" }],
      ["audit", () => backend.audit(auditFilter), "audit", { filter: auditFilter }],
      ["auditTotals", () => backend.auditTotals(auditFilter), "audit_totals", { filter: auditFilter }],
      ["auditExport", () => backend.auditExport(auditFilter), "audit_export", { filter: auditFilter }],
      ["verifyChain", () => backend.verifyChain(), "verify_chain", undefined],
      ["dayReport", () => backend.dayReport("a", "b", "till-1"), "day_report", { from: "a", to: "b", terminal: "till-1" }],
      ["dayReportExport", () => backend.dayReportExport("a", "b", null), "day_report_export", { from: "a", to: "b", terminal: null }],
      ["backup", () => backend.backup(), "backup", undefined],
      ["terminal", () => backend.terminal(), "terminal", undefined],
    ];
    for (const [, call] of expected) await call();
    expect(calls).toEqual(expected.map(([, , command, args]) => ({ command, args })));
    // Every method of the contract is covered.
    const methods = Object.keys(backend).filter((k) => typeof (backend as unknown as Record<string, unknown>)[k] === "function");
    expect(methods.sort()).toEqual(expected.map(([m]) => m).sort());
  });

  it("passes the core's errors through and normalizes anything else", async () => {
    const body = { code: "wrong_pin", message: "Wrong staff code or PIN" };
    const { backend } = recording(() => {
      throw body;
    });
    await expect(backend.signIn("1", "2")).rejects.toEqual(body);
    const plain = new TauriBackend(async () => {
      throw "Command sign_in not found";
    });
    await expect(plain.signIn("1", "2")).rejects.toEqual({ code: "unexpected", message: "Command sign_in not found" });
  });
});
