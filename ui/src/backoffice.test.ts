// The back office on the real core (pos serve), in happy-dom: a manager's
// catalog, staff and settings, and what the register then does with them.

import { afterEach, describe, expect, it } from "vitest";
import { $, $$, cleanup, click, openBackOffice, press, scan, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

/** Signs out (F11) and in again as someone else. */
async function switchTo(code: string, pin: string) {
  press("F11");
  await waitFor(() => $("#signin-code"), "sign-in card");
  await signIn(code, pin);
}

describe("catalog", () => {
  it("adds a product the register can ring up at once, at the core's price", async () => {
    await start();
    await openBackOffice();
    click("#product-add");
    await waitFor(() => $("#product-sku"), "product form");
    type("#product-sku", "TST-001");
    type("#product-name", "Test scone");
    type("#product-price", "3.50");
    type("#product-tax", "5");
    submit("#modal-ok");
    await waitFor(() => !$("#modal") && $('#products tr[data-sku="TST-001"]'), "listed");
    expect(text("#notice")).toBe("Test scone added");
    press("Escape");
    await waitFor(() => $("#register"), "register");
    await scan("2*TST-001");
    expect(text('#lines tr[data-line="1"] .name')).toBe("Test scone");
    expect(text("#total")).toBe("7.00");
    expect(text("#tax-total")).toBe("0.33");
  });

  it("keeps the product form as typed with the core's refusal of a duplicate SKU", async () => {
    await start();
    await openBackOffice();
    press("n", { altKey: true, code: "KeyN" });
    await waitFor(() => $("#product-sku"), "product form");
    type("#product-sku", "COF-ESP");
    type("#product-name", "Second espresso");
    type("#product-price", "2.00");
    submit("#modal-ok");
    await waitFor(() => $("#modal-error")?.dataset.code === "duplicate", "duplicate");
    expect(text("#modal-error")).toContain("COF-ESP");
    expect($<HTMLInputElement>("#product-name")!.value).toBe("Second espresso");
    expect($("#message")!.dataset.code).toBe("duplicate");
  });

  it("edits a price the next scan uses, and archives a product the register no longer finds", async () => {
    await start();
    await openBackOffice();
    click('#products tr[data-sku="BRD-SOU"] .edit');
    await waitFor(() => $("#product-price"), "edit form");
    type("#product-price", "5.00");
    submit("#modal-ok");
    await waitFor(() => !$("#modal") && text('#products tr[data-sku="BRD-SOU"] .money') === "5.00", "new price");
    click('#products tr[data-sku="BAK-MUF"] .archive');
    await waitFor(() => !$('#products tr[data-sku="BAK-MUF"]'), "archived out of the list");
    click("#product-include-archived");
    await waitFor(() => $('#products tr[data-sku="BAK-MUF"].archived'), "shown as archived");
    press("Escape");
    await waitFor(() => $("#register"), "register");
    await scan("BRD-SOU");
    expect(text("#total")).toBe("5.00");
    type("#entry", "BAK-MUF");
    submit("#entry");
    await waitFor(() => $("#message")?.dataset.code === "unknown_product", "archived: not sold");
  });
});

describe("staff", () => {
  it("adds a cashier who can sign in, and resets their PIN", async () => {
    await start();
    await openBackOffice(2);
    await waitFor(() => $$("#staff tr[data-staff]").length === 2, "two staff");
    click("#staff-add");
    await waitFor(() => $("#staff-code"), "staff form");
    type("#staff-code", "1002");
    type("#staff-name-input", "Sam Saturday");
    type("#staff-pin", "2468");
    submit("#modal-ok");
    await waitFor(() => $$("#staff tr[data-staff]").length === 3, "three staff");
    expect(text("#notice")).toBe("Sam Saturday added as cashier");
    const sam = $$("#staff tr[data-staff]").find((r) => r.textContent!.includes("Sam Saturday"))!;
    sam.querySelector<HTMLButtonElement>(".reset-pin")!.click();
    await waitFor(() => $("#new-pin"), "reset PIN form");
    type("#new-pin", "12");
    submit("#modal-ok");
    await waitFor(() => $("#modal-error")?.dataset.code, "a short PIN refused");
    type("#new-pin", "1357");
    submit("#modal-ok");
    await waitFor(() => !$("#modal"), "PIN reset");
    expect(text("#notice")).toBe("New PIN set for Sam Saturday");
    await switchTo("1002", "1357");
    expect(text("#staff-name")).toBe("Sam Saturday");
    expect(text("#staff-role")).toBe("cashier");
  });

  it("deactivates a cashier, whom the core then refuses at sign-in", async () => {
    await start();
    await openBackOffice(2);
    const alex = await waitFor(() => $$("#staff tr[data-staff]").find((r) => r.textContent!.includes("Alex Cashier")), "Alex");
    alex.querySelector<HTMLButtonElement>(".toggle-active")!.click();
    await waitFor(() => text("#notice") === "Alex Cashier deactivated", "deactivated");
    press("F11");
    await waitFor(() => $("#signin-code"), "sign-in card");
    type("#signin-code", "1001");
    type("#signin-pin", "1234");
    submit("#signin-submit");
    await waitFor(() => $("#signin-error")?.dataset.code === "staff_inactive", "staff_inactive");
    expect(text("#signin-error")).toBe("Alex Cashier is deactivated");
  });
});

describe("settings", () => {
  it("raises the cashier's discount limit, and the core then lets a bigger discount through without a manager", async () => {
    await start();
    await openBackOffice(3);
    await waitFor(() => $("#policy-cashier-percent"), "policy form");
    expect($<HTMLInputElement>("#policy-cashier-percent")!.value).toBe("10");
    expect($<HTMLInputElement>("#policy-cashier-amount")!.value).toBe("20.00");
    expect($<HTMLInputElement>("#policy-hard-max")!.value).toBe("50");
    expect($<HTMLSelectElement>("#policy-line-reduction")!.value).toBe("when");
    expect($<HTMLInputElement>("#policy-line-minutes")!.value).toBe("5");
    type("#policy-cashier-percent", "30");
    click("#policy-save");
    await waitFor(() => $("#policy-saved"), "policy saved");
    type("#settings-currency", "GBP");
    click("#settings-save");
    await waitFor(() => $("#settings-saved"), "saved");
    await switchTo("1001", "1234");
    await scan("2*BRD-SOU");
    press("F5");
    await waitFor(() => $("#discount-value"), "discount modal");
    expect(text("#discount-rule")).toContain("more than 30% or 20.00");
    type("#discount-value", "25");
    type("#reason-input", "Damaged packaging");
    press("Enter");
    await waitFor(() => !$("#modal") && text("#discount-total") === "2.25", "applied without a manager");
    expect(text(".grand-label .currency")).toBe("GBP");
  });

  it("shows the core's refusal of a policy under the field it is about, and keeps what was typed", async () => {
    await start();
    await openBackOffice(3);
    await waitFor(() => $("#policy-hard-max"), "policy form");
    type("#policy-hard-max", "5");
    submit("#policy-form");
    await waitFor(() => $("#policy-error-discountPercentHardMax"), "error under the hard maximum");
    expect(text("#policy-error-discountPercentHardMax")).toBe("Most off any order (%): at least the cashier's limit, 10%");
    expect($("#policy-error-discountPercentHardMax")!.dataset.code).toBe("invalid_input");
    expect($("#policy-error-cashierDiscountPercentMax")).toBeNull();
    expect($<HTMLInputElement>("#policy-hard-max")!.value).toBe("5");
    expect($("#policy-saved")).toBeNull();
    type("#policy-line-minutes", "soon");
    type("#policy-hard-max", "50");
    submit("#policy-form");
    await waitFor(() => $("#policy-error-lineAfterMinutes"), "error under the minutes");
    expect($("#policy-error-discountPercentHardMax")).toBeNull();
  });

  it("sets the smallest coin for cash, and the core then rounds a cash payment to it", async () => {
    await start();
    await openBackOffice(3);
    await waitFor(() => $("#settings-cash-coin"), "settings");
    expect($<HTMLInputElement>("#settings-cash-coin")!.value).toBe("");
    type("#settings-cash-coin", "0.50");
    click("#settings-save");
    await waitFor(() => $("#settings-saved"), "saved");
    expect($<HTMLInputElement>("#settings-cash-coin")!.value).toBe("0.50");
    press("Escape");
    await waitFor(() => $("#register"), "register");
    await scan("COF-ESP");
    press("F12");
    await waitFor(() => $("#cash-input"), "tender");
    type("#cash-input", "5");
    await waitFor(() => text("#change-due") === "3.00", "change from 2.00 in cash, 2.20 rounded to the 0.50 coin");
  });

  it("shows the core's refusal of a coin smaller than the currency's", async () => {
    await start();
    await openBackOffice(3);
    await waitFor(() => $("#settings-cash-coin"), "settings");
    type("#settings-cash-coin", "0.01");
    click("#settings-save");
    await waitFor(() => $("#message")?.dataset.code === "invalid_input", "refused");
    expect(text("#message")).toContain("Smallest coin for cash");
    expect($("#settings-saved")).toBeNull();
  });

  it("shows the core's refusal of a setting it does not take", async () => {
    await start();
    await openBackOffice(3);
    await waitFor(() => $("#settings-currency"), "settings");
    type("#settings-currency", "E1");
    click("#settings-save");
    await waitFor(() => $("#message")?.dataset.code === "invalid_input", "refused");
    expect(text("#message")).toContain("Currency");
    expect($("#settings-saved")).toBeNull();
  });
});
