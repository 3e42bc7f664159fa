// Exchanges on the real core (pos serve), in happy-dom: the new goods rung up
// on the register, Alt+X in the payment window, the returned goods picked
// from their receipt on the refund screen; the core says what they credit and
// what is left to pay or to give back, and the order ends paid with its credit.

import { afterEach, describe, expect, it } from "vitest";
import { $, alt, cleanup, click, enter, press, scan, signIn, start, submit, text, type, waitFor } from "./uiTest";

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

/** Rings up `code`, opens the payment window and turns it into an exchange of sale `number`'s goods. */
async function exchangeFor(code: string, number: string) {
  enter(code);
  await waitFor(() => $('#lines tr[data-line="1"]'), "the new goods");
  press("F12");
  await waitFor(() => $("#tender-exchange"), "the payment window");
  alt("X");
  await waitFor(() => $("#exchange-for"), "the exchange screen");
  type("#refund-receipt", number);
  submit("#refund-find");
  await waitFor(() => $("#refund-sale"), "the sale");
}

describe("exchanges", () => {
  it("takes a returned croissant against a dearer pain au chocolat, the difference paid in cash", async () => {
    await start();
    await signIn();
    const number = await paidSale(["COF-ESP", "BAK-CRO"], "5");
    await exchangeFor("BAK-PAI", number);
    await waitFor(() => text("#exchange-due") === "2.10", "the order's total from the core");

    type("#refund-qty-2", "1");
    await waitFor(() => text("#exchange-credit") === "1.80", "the credit");
    expect(text("#exchange-to-pay")).toBe("0.30");
    type("#refund-reason", "wrong pastry");
    await waitFor(() => !$<HTMLButtonElement>("#exchange-cash")!.disabled, "ready");
    click("#exchange-cash");

    await waitFor(() => $('#modal[data-modal="receipt"]'), "the new order's receipt");
    await waitFor(() => $("#receipt-exchange"), "the credit on the receipt");
    expect($("#receipt-exchange")!.dataset.refund).toBe("1");
    expect(text("#receipt-exchange")).toContain("1.80");
    expect(text("#receipt-change")).toBe("0.00");
  });

  it("gives back the rest when the returned goods are worth more, and an even exchange moves no money", async () => {
    await start();
    await signIn();
    const number = await paidSale(["2*BRD-SOU"], "9");
    await exchangeFor("BAK-BAG", number);
    type("#refund-qty-1", "1");
    await waitFor(() => text("#exchange-to-give-back") === "3.00", "what goes back");
    expect($("#exchange-to-pay")).toBeNull();
    type("#refund-reason", "too much bread");
    await waitFor(() => !$<HTMLButtonElement>("#exchange-cash")!.disabled, "ready");
    expect(text("#exchange-cash")).toBe("Give back in cash");
    click("#exchange-cash");
    await waitFor(() => $("#receipt-exchange"), "the credit on the receipt");
    expect(text("#receipt-exchange")).toContain("1.50");
    press("Escape");

    // The other loaf for another loaf: even.
    await exchangeFor("BRD-SOU", number);
    type("#refund-qty-1", "1");
    await waitFor(() => text("#exchange-credit") === "4.50", "the credit");
    expect([text("#exchange-due"), text("#exchange-to-pay"), text("#exchange-to-give-back")]).toEqual(["4.50", "", ""]);
    expect($("#exchange-even-amount")).not.toBeNull();
    type("#refund-reason", "swap");
    await waitFor(() => !$<HTMLButtonElement>("#exchange-even")!.disabled, "ready");
    click("#exchange-even");
    await waitFor(() => $("#receipt-exchange"), "the credit on the receipt");
    expect(text("#receipt-exchange")).toContain("4.50");
  });

  it("refuses goods past what is left of the sale", async () => {
    await start();
    await signIn();
    const number = await paidSale(["COF-LAT"], "5");
    await exchangeFor("COF-ESP", number);
    type("#refund-qty-1", "2");
    await waitFor(() => $("#exchange-refusal")?.dataset.code === "refund_past_sold", "the refusal");
    expect(text("#exchange-refusal")).toContain("Only 1 of the 1");
    expect($<HTMLButtonElement>("#exchange-even, #exchange-cash")!.disabled).toBe(true);
  });
});
