// The back office's history on the real core (pos serve), in happy-dom: a
// price change in the audit trail and in the product's history, and the
// discount policy in force opened from a discount's timeline card.

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
    await waitFor(() => $$("#price-history tr[data-version]").length === 2, "two prices");
    const [added, changed] = $$("#price-history tr[data-version]");
    expect(added!.querySelector(".to")!.textContent).toBe("2.20");
    expect(added!.querySelector(".from")!.textContent).toBe("—");
    expect(changed!.querySelector(".from")!.textContent).toBe("2.20");
    expect(changed!.querySelector(".to")!.textContent).toBe("2.40");
    expect(changed!.querySelector(".actor")!.textContent).toBe("Morgan Manager");
    expect(changed!.classList.contains("selected")).toBe(true);
    submit("#modal-ok");
    await waitFor(() => !$("#modal"), "closed");

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
  });

  it("links a discount's timeline card to the policy in force when it was given", async () => {
    let orderId = 0;
    await start({
      before: async (core) => {
        await core.call("sign_in", { code: "9001", pin: "9999" });
        const policy = { cashierDiscountAmountMax: "20.00", discountPercentHardMax: "50", lineReduction: "when", lineAfterMinutes: "5", lineOverAmount: "20.00" };
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
    await waitFor(() => $$("#policy-history tr[data-version]").length === 3, "the demo's policy and two changes");
    const marked = $$("#policy-history tr.selected");
    expect(marked).toHaveLength(1);
    expect(marked[0]!.dataset.version).toBe(version);
    expect(marked[0]!.querySelector(".threshold")!.textContent).toBe("15% and 20.00");
    expect(orderId).toBeGreaterThan(0);
  });
});
