// The back office's history on the real core (pos serve), in happy-dom: a
// price change in the audit trail and on the product's timeline, the
// discount policy in force opened from a discount's timeline card on the
// shop's timeline, and a staff member's timeline.

import { afterEach, describe, expect, it } from "vitest";
import type { Outcome } from "./bindings/Outcome";
import { $, $$, alt, cleanup, click, press, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

describe("back-office history", () => {
  it("shows a price change in the audit trail and in the product's price history", async () => {
    await start();
    await signIn("9001", "9999");
    press("F10");
    await waitFor(() => $('#products tr[data-sku="COF-ESP"]'), "the catalog");
    click('#products tr[data-sku="COF-ESP"] .edit');
    await waitFor(() => $("#product-price"), "product form");
    type("#product-price", "2.40");
    submit("#modal-ok");
    await waitFor(() => !$("#modal") && text('#products tr[data-sku="COF-ESP"] .money') === "2.40", "saved");

    click('#products tr[data-sku="COF-ESP"] .history');
    await waitFor(() => $('#record-timeline[data-record="product"]') && text("#record-version") === "v2 of 2", "the product's timeline at its latest");
    await waitFor(() => $("#record-price-was"), "the price the change replaced");
    expect(text("#record-title")).toBe("Espresso (COF-ESP)");
    expect(text("#record-price .rp-value")).toContain("2.40");
    expect(text("#record-price-was")).toBe("was 2.20 EUR");
    expect($("#record-name")!.classList.contains("changed")).toBe(false);
    expect(text("#record-actor")).toBe("Morgan Manager");
    expect(text("#record-summary")).toBe("Price of COF-ESP from 2.20 to 2.40");
    expect($$("#scrubber .mark")).toHaveLength(2);
    await waitFor(() => location.hash === "#/product/COF-ESP/v/2", "the place in the address");

    // One step back: the product as it was added.
    press("ArrowLeft");
    await waitFor(() => text("#record-version") === "v1 of 2" && $('#record-panel[data-version="1"]'), "version 1");
    expect(text("#record-price .rp-value")).toContain("2.20");
    expect($("#record-price-was")).toBeNull();
    expect($("#record-card")!.dataset.kind).toBe("ProductAdded");

    // Before the product existed, "as of" says so.
    type("#record-asof-input", "2001-01-01T09:00:00");
    submit("#record-asof-go");
    await waitFor(() => $("#record-asof-error"), "the refusal");
    expect($("#record-asof-error")!.dataset.code).toBe("not_yet_recorded");
    expect(text("#record-asof-error")).toBe('Product "COF-ESP" did not exist yet at that time');

    press("Escape");
    alt("A");
    await waitFor(() => $('#audit tr[data-kind="priceChange"]'), "the price change in the audit trail");
    const row = $('#audit tr[data-kind="priceChange"]')!;
    expect(row.dataset.order).toBeUndefined();
    expect(row.querySelector(".kind")!.textContent!.trim()).toBe("Price change");
    expect(row.querySelector(".actor")!.textContent).toBe("Morgan Manager");
    expect(row.querySelector(".detail")!.textContent).toBe("Price of COF-ESP from 2.20 to 2.40");
    click("#audit-kind-priceChange");
    await waitFor(() => $$("#audit tr[data-key]").length === 1, "filtered to price changes");

    // The entry opens the product's timeline at the moment of the change.
    click('#audit tr[data-kind="priceChange"]');
    await waitFor(() => $('#record-timeline[data-record="product"]') && $('#record-panel[data-version="2"]'), "the product at the change");
    expect(text("#record-price-was")).toBe("was 2.20 EUR");
    press("Escape");
    await waitFor(() => $("#audit"), "back to the audit trail");
  });

  it("links a discount's timeline card to the policy in force when it was given", async () => {
    let orderId = 0;
    await start({
      before: async (core) => {
        await core.call("sign_in", { code: "9001", pin: "9999" });
        const policy = { cashierDiscountAmountMax: "20.00", discountPercentHardMax: "50", lineReduction: "when", lineAfterMinutes: "5", lineOverAmount: "20.00", cashierRefundAmountMax: "20.00" };
        await core.call("save_policy", { input: { ...policy, cashierDiscountPercentMax: "15" } });
        const { order } = await core.call<Outcome>("open_order", { commandId: crypto.randomUUID() });
        orderId = order.id;
        const command = (request: Record<string, unknown>) =>
          core.call<Outcome>("order_command", { orderId, commandId: crypto.randomUUID(), request, approval: null, expectedVersion: null });
        await command({ type: "addItem", code: "COF-ESP", quantity: 1 });
        await command({ type: "applyDiscount", scope: { type: "order" }, kind: "percent", value: "12", reason: "Regular" });
        // A stricter policy after the discount: the card must still name the one in force then.
        await core.call("save_policy", { input: { ...policy, cashierDiscountPercentMax: "5" } });
        await core.call("sign_out");
      },
    });
    await signIn("9001", "9999");
    alt("A");
    await waitFor(() => $('#audit tr[data-kind="discount"]'), "the discount in the audit trail");
    click('#audit tr[data-kind="discount"]');
    await waitFor(() => $("#event-policy"), "the policy in force on the discount's card");
    const version = $("#event-policy")!.dataset.version!;
    click("#event-policy");
    await waitFor(() => $('#record-timeline[data-record="shop"]') && $(`#record-panel[data-version="${version}"]`), "the shop's timeline at that version");
    expect(text("#record-version")).toMatch(new RegExp(`^v${version} of \\d+$`));
    expect(text("#record-threshold .rp-value")).toBe("up to 15% and 20.00 off");
    expect(text("#record-threshold-was")).toBe("was up to 10% and 20.00 off");
    expect($("#record-card")!.dataset.kind).toBe("PolicyChanged");
    // The latest: the stricter policy saved after the discount.
    press("End");
    await waitFor(() => text("#record-threshold .rp-value") === "up to 5% and 20.00 off", "the latest policy");
    expect(orderId).toBeGreaterThan(0);
  });

  it("shows a staff member's timeline: added, signed in and out, made a manager", async () => {
    await start({
      before: async (core) => {
        await core.call("sign_in", { code: "1001", pin: "1234" });
        await core.call("sign_out");
        await core.call("sign_in", { code: "9001", pin: "9999" });
        const alex = (await core.call<{ id: number; code: string }[]>("staff_list")).find((m) => m.code === "1001")!;
        await core.call("staff_set_role", { id: alex.id, role: "manager" });
        await core.call("sign_out");
      },
    });
    await signIn("9001", "9999");
    press("F10");
    press("2", { altKey: true, code: "Digit2" });
    await waitFor(() => $('#staff tr[data-staff] .history'), "the staff list");
    const row = $$("#staff tr[data-staff]").find((r) => r.textContent!.includes("Alex"))!;
    row.querySelector<HTMLButtonElement>(".history")!.click();
    await waitFor(() => $('#record-timeline[data-record="staff"]') && $("#record-panel"), "the staff member's timeline");
    expect(text("#record-title")).toBe("Alex Cashier (1001)");
    expect($$("#scrubber .mark").map((m) => m.dataset.kind)).toEqual(["StaffAdded", "SignedIn", "SignedOut", "RoleChanged"]);
    expect(text("#record-role .rp-value")).toBe("Manager");
    expect(text("#record-role-was")).toBe("was Cashier");
    press("Home");
    await waitFor(() => text("#record-version") === "v1 of 4", "the first version");
    await waitFor(() => text("#record-role .rp-value") === "Cashier", "a cashier when added");
  });
});
