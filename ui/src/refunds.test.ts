// Refunds on the real core (pos serve), in happy-dom: a sale found by its
// receipt's number, part of a line given back, a second refund refused past
// what is left, a manager's approval over the cashier's limit, and goods
// without a receipt.

import { afterEach, describe, expect, it } from "vitest";
import { $, alt, cleanup, click, press, scan, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

/** Rings up `codes` and pays in cash; answers the order's number. */
async function paidSale(codes: string[], cash: string): Promise<string> {
  for (const code of codes) scan(code);
  await waitFor(() => $(`#lines tr[data-line="${codes.length}"]`), "the lines");
  press("F12");
  type("#cash-input", cash);
  submit("#modal-ok");
  await waitFor(() => $('#modal[data-modal="receipt"]'), "receipt");
  const number = await waitFor(() => text("#receipt-number"), "the receipt's number");
  press("Escape");
  return number;
}

async function openSale(number: string) {
  alt("F");
  await waitFor(() => $("#refund-receipt"), "the refund screen");
  type("#refund-receipt", number);
  submit("#refund-find");
  await waitFor(() => $("#refund-sale"), "the sale");
}

describe("refunds", () => {
  it("gives back part of a line, then refuses more than is left", async () => {
    await start();
    await signIn();
    const number = await paidSale(["3*COF-ESP"], "10");
    await openSale(number);
    expect($("#refund-line-1")!.dataset.left).toBe("3");

    type("#refund-qty-1", "2");
    await waitFor(() => text("#refund-total") === "4.40", "the amount from the core");
    type("#refund-reason", "cold");
    await waitFor(() => !$<HTMLButtonElement>("#refund-cash")!.disabled, "ready");
    click("#refund-cash");
    await waitFor(() => $("#refund-done"), "refund issued");
    expect(text("#refund-done-cash")).toBe("4.40");
    // Named as its slip prints it, with the till.
    expect(text("#refund-done h2")).toBe("Refund R-T1-1");
    expect(text("#notice")).toBe("Refund R-T1-1: 4.40 given back");
    expect(text("#refund-done")).toContain("sale T1-1");

    await openSale(number);
    expect($("#refund-line-1")!.dataset.left).toBe("1");
    type("#refund-qty-1", "2");
    await waitFor(() => $("#refund-error") || $("#refund-refusal"), "the refusal");
    const refusal = $("#refund-error") ?? $("#refund-refusal");
    expect(refusal!.dataset.code).toBe("refund_past_sold");
    expect(refusal!.textContent).toContain("Only 1 of the 3");
  });

  it("asks for a manager over the cashier's limit", async () => {
    await start();
    await signIn();
    const number = await paidSale(["5*BRD-SOU"], "30");
    await openSale(number);
    click("#refund-all-1");
    await waitFor(() => text("#refund-total") === "22.50", "the amount");
    await waitFor(() => $("#refund-refusal")?.dataset.code === "manager_required", "the manager's limit said");
    type("#refund-reason", "mouldy");
    await waitFor(() => !$<HTMLButtonElement>("#refund-cash")!.disabled, "ready");
    click("#refund-cash");
    await waitFor(() => $("#refund-manager-pin"), "the manager's fields");
    type("#refund-manager-code", "9001");
    type("#refund-manager-pin", "9999");
    click("#refund-cash");
    await waitFor(() => $("#refund-done"), "refund issued");
    expect(text("#refund-done-cash")).toBe("22.50");
  });

  it("refunds goods without a receipt at today's price with a manager", async () => {
    await start();
    await signIn("9001", "9999");
    alt("F");
    await waitFor(() => $("#refund-no-receipt"), "the refund screen");
    click("#refund-no-receipt");
    await waitFor(() => $("#refund-item"), "the goods entry");
    type("#refund-item", "2*BAK-CRO");
    submit("#refund-add-item");
    await waitFor(() => text("#refund-total") === "3.60", "today's price");
    type("#refund-reason", "no receipt");
    await waitFor(() => !$<HTMLButtonElement>("#refund-cash")!.disabled, "ready");
    click("#refund-cash");
    await waitFor(() => $("#refund-done"), "refund issued");
    expect(text("#refund-done")).toContain("without a receipt");
  });
});
