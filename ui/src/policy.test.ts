// The discount and void policy at the register, on the real core: stacked
// discounts ask for a manager where they cross the cashier's limit, and a
// line on the order for longer than the policy allows needs one to come off.

import { afterEach, describe, expect, it } from "vitest";
import type { OrderView } from "./bindings/OrderView";
import { $, cleanup, press, scan, signIn, start, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

/** F5, a percent on the whole order, a reason, Enter. */
async function percentOff(value: string) {
  press("F5");
  await waitFor(() => $("#discount-value"), "discount modal");
  type("#discount-value", value);
  type("#reason-input", "Loyal customer");
  press("Enter");
}

async function approve() {
  type("#manager-code", "9001");
  type("#manager-pin", "9999");
  press("Enter");
  await waitFor(() => !$("#modal"), "approved");
}

describe("discount policy", () => {
  it("lets stacked discounts through up to the cashier's limit and asks a manager at the crossing", async () => {
    await start();
    await signIn();
    await scan("2*BRD-SOU");
    await waitFor(() => text("#total") === "9.00", "total 9.00");
    await percentOff("4");
    await waitFor(() => !$("#modal") && text("#discount-total") === "0.36", "first 4% without a manager");
    await percentOff("4");
    await waitFor(() => !$("#modal") && text("#discount-total") === "0.72", "second 4% without a manager");
    await percentOff("4");
    await waitFor(() => $("#modal")?.dataset.modal === "manager", "the third asks for a manager");
    expect($("#message")?.dataset.code).toBe("manager_required");
    expect(text("#approval-what")).toBe(
      "Discounts on this order would reach 1.08 (12% of 9.00), past what a cashier may give alone; up to 0.18 more (2%) needs no manager.",
    );
    expect(text("#discount-total")).toBe("0.72");
    await approve();
    expect(text("#discount-total")).toBe("1.08");
  });

  it("refuses a discount past the hard maximum even with a manager, in the discount form", async () => {
    await start();
    await signIn();
    await scan("BRD-SOU");
    await percentOff("60");
    await waitFor(() => $("#modal-error")?.dataset.code === "discount_over_maximum", "discount_over_maximum");
    expect(text("#modal-error")).toContain("no one may take more than 50% off an order");
    expect($("#modal")?.dataset.modal).toBe("discount");
  });
});

describe("line policy", () => {
  it("asks a manager to remove a line rung up more than five minutes ago, and records who approved", async () => {
    const { core } = await start({ step: 1 });
    await signIn();
    await scan("BRD-SOU");
    await core.advance(6 * 60);
    press("F4");
    await waitFor(() => $("#modal")?.dataset.modal === "removeLine", "remove line modal");
    type("#reason-input", "Customer changed mind");
    press("Enter");
    await waitFor(() => $("#modal")?.dataset.modal === "manager", "manager modal");
    expect(text("#approval-what")).toBe("Removing Sourdough loaf (on the order 5 minutes or more) needs a manager.");
    await approve();
    const order = await core.call<OrderView>("order_view", { orderId: 1 });
    expect(order.lines[0]!.voided?.authorisedBy).toBe(2);
  });

  it("removes a fresh, cheap line without a manager, and asks one to lower a dear line's quantity", async () => {
    const { core } = await start({ step: 1 });
    await signIn();
    await scan("BRD-SOU");
    press("F4");
    await waitFor(() => $("#modal")?.dataset.modal === "removeLine", "remove line modal");
    type("#reason-input", "Wrong item");
    press("Enter");
    await waitFor(() => !$("#modal"), "removed without a manager");
    await scan("6*BRD-SOU");
    press("F3");
    await waitFor(() => $("#modal")?.dataset.modal === "quantity", "quantity modal");
    type("#qty-input", "5");
    press("Enter");
    await waitFor(() => $("#modal")?.dataset.modal === "manager", "manager modal");
    expect(text("#approval-what")).toContain("Lowering the quantity of Sourdough loaf (worth 27.00 (over 20.00))");
    await approve();
    const order = await core.call<OrderView>("order_view", { orderId: 1 });
    expect(order.lines[1]!.quantity).toBe(5);
  });
});
