// The register on the real core (pos serve), in happy-dom: what a cashier does, key by key.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import type { OrderRequest } from "./bindings/OrderRequest";
import type { OrderView } from "./bindings/OrderView";
import type { StaffMember } from "./bindings/StaffMember";
import { UUID_V4 } from "./lib/commandId";
import { $, $$, cleanup, click, enter, press, sell, signIn, start, submit, text, type, type IpcLog, waitFor } from "./uiTest";

afterEach(cleanup);

/** The order commands the app sent, in order. */
const commandsSent = (ipc: IpcLog) => ipc.of("order_command").map((s) => s.args);
const requestOf = (args: Record<string, unknown>) => args.request as OrderRequest;

describe("sign in", () => {
  it("shows the register and the status line, refuses a wrong PIN, then shows who is signed in", async () => {
    await start();
    expect($("#register")).not.toBeNull();
    await waitFor(() => text("#status").includes("36 products"), "status line");
    type("#signin-code", "1001");
    type("#signin-pin", "0000");
    submit("#signin-submit");
    await waitFor(() => $("#signin-error")?.dataset.code === "wrong_pin", "wrong_pin");
    expect(text("#signin-error")).toBe("Wrong staff code or PIN");
    await signIn();
    expect(text("#staff-name")).toBe("Alex Cashier");
    expect(text("#staff-role")).toBe("cashier");
    expect($("#backoffice-button")).toBeNull();
    expect(document.activeElement?.id).toBe("entry");
  });

  it("locks a PIN after five wrong tries, with the core's message", async () => {
    await start();
    for (let i = 1; i <= 5; i++) {
      type("#signin-code", "1001");
      type("#signin-pin", "0000");
      submit("#signin-submit");
      const code = i === 5 ? "pin_locked" : "wrong_pin";
      await waitFor(() => $("#signin-error")?.dataset.code === code && $<HTMLInputElement>("#signin-pin")!.value === "", `try ${i}: ${code}`);
    }
    expect(text("#signin-error")).toMatch(/^Too many wrong PINs: Alex Cashier's PIN is locked/);
    // Locked: even the right PIN is refused now.
    type("#signin-code", "1001");
    type("#signin-pin", "1234");
    submit("#signin-submit");
    await waitFor(() => $("#signin-error")?.dataset.code === "pin_locked" && $<HTMLInputElement>("#signin-pin")!.value === "", "still locked");
    expect($("#staff-name")).toBeNull();
  });

  it("signs out with F11 and back in as someone else", async () => {
    const { core } = await start();
    await signIn();
    press("F11");
    await waitFor(() => $("#signin-code"), "sign-in card");
    await expect(core.call<StaffMember | null>("current_staff")).resolves.toBeNull();
    await signIn("9001", "9999");
    expect(text("#staff-role")).toBe("manager");
    expect($("#backoffice-button")).not.toBeNull();
  });
});

describe("ringing up", () => {
  it("adds a row per scan and follows the core's totals", async () => {
    await start();
    await signIn();
    enter("2000000010007");
    await waitFor(() => $('#lines tr[data-line="1"]'), "line 1");
    expect(text('#lines tr[data-line="1"] .qty')).toBe("1");
    expect(text('#lines tr[data-line="1"] .name')).toBe("Espresso");
    expect(text('#lines tr[data-line="1"] .net')).toBe("2.20");
    expect($<HTMLInputElement>("#entry")!.value).toBe("");
    enter("3*BAK-CRO");
    await waitFor(() => $('#lines tr[data-line="2"]'), "line 2");
    expect(text('#lines tr[data-line="2"] .qty')).toBe("3");
    expect(text('#lines tr[data-line="2"] .net')).toBe("5.40");
    expect(text("#subtotal")).toBe("7.60");
    expect(text("#total")).toBe("7.60");
    expect(text("#tax-total")).toBe("0.63");
    expect(text("#discount-total")).toBe("0.00");
    expect(text("#order-number")).toBe("T1-1");
  });

  it("applies a burst of scans in order, one command id each, opening one order", async () => {
    const { ipc } = await start({ delayMs: () => Math.random() * 8 });
    await signIn();
    ipc.clear();
    const codes = ["COF-ESP", "BAK-CRO", "2000000010014", "DAI-MLK", "BAG-REU", "SNK-CHO", "COF-ESP"];
    for (const code of codes) enter(code);
    await waitFor(() => $$("#lines tr[data-line]").length === codes.length, "all lines");
    expect($$("#lines tr[data-line] .sku").map((el) => el.textContent!.split(" ")[0])).toEqual([
      "COF-ESP",
      "BAK-CRO",
      "COF-CAP",
      "DAI-MLK",
      "BAG-REU",
      "SNK-CHO",
      "COF-ESP",
    ]);
    const ids = commandsSent(ipc).map((c) => c.commandId);
    expect(new Set(ids).size).toBe(codes.length);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(ipc.of("open_order")).toHaveLength(1);
    // In the order typed: one command at a time.
    expect(ipc.peak("order_command")).toBe(1);
  });

  it("shows a refusal with its code and gives the typed code back", async () => {
    await start();
    await signIn();
    enter("NOPE-1");
    await waitFor(() => $("#message")?.dataset.code === "unknown_product", "unknown_product");
    expect(text("#message")).toBe('No product with SKU or barcode "NOPE-1"');
    // A refusal is announced at once; notices and the sync state from live regions that are always there.
    expect($("#message")?.getAttribute("role")).toBe("alert");
    expect($(".messagebar [role=status]")).not.toBeNull();
    expect($(".statusbar [role=status]")).not.toBeNull();
    expect($<HTMLInputElement>("#entry")!.value).toBe("NOPE-1");
    enter("0*COF-ESP");
    await waitFor(() => $("#message")?.dataset.code === "quantity_out_of_range", "quantity_out_of_range");
    expect($<HTMLInputElement>("#entry")!.value).toBe("0*COF-ESP");
    enter("COF-ESP");
    await waitFor(() => $('#lines tr[data-line="1"]'), "line 1");
    expect($("#message")?.dataset.code).toBe("");
  });

  it("changes a quantity and removes a line with a reason; removed lines stay struck through", async () => {
    await start();
    await signIn();
    enter("COF-ESP");
    enter("BAK-CRO");
    await waitFor(() => $('#lines tr[data-line="2"]'), "line 2");
    press("F3");
    await waitFor(() => $("#qty-input"), "quantity modal");
    type("#qty-input", "4");
    press("Enter");
    await waitFor(() => !$("#modal") && text('#lines tr[data-line="2"] .qty') === "4", "quantity 4");
    press("ArrowUp");
    press("F4");
    await waitFor(() => $("#reason-input"), "remove modal");
    press("Enter");
    await waitFor(() => $("#modal-error")?.dataset.code === "reason_required", "reason_required");
    press("2", { altKey: true, code: "Digit2" });
    expect($<HTMLInputElement>("#reason-input")!.value).toBe("Wrong item");
    press("Enter");
    await waitFor(() => !$("#modal"), "modal closed");
    expect($('#lines tr[data-line="1"]')!.classList.contains("removed")).toBe(true);
    expect(text("#total")).toBe("7.20");
  });

  it("searches the catalog and adds the chosen product with the arrows and Enter", async () => {
    await start();
    await signIn();
    type("#entry", "2*cho");
    press("F2");
    await waitFor(() => $$("#search-results li[data-sku]").length === 2, "two results");
    press("ArrowDown");
    expect($("#search-results li.active")?.dataset.sku).toBe("BAK-PAI");
    press("Enter");
    await waitFor(() => $('#lines tr[data-line="1"]'), "line 1");
    expect(text('#lines tr[data-line="1"] .name')).toContain("Pain au chocolat");
    expect(text('#lines tr[data-line="1"] .qty')).toBe("2");
    expect($<HTMLInputElement>("#entry")!.value).toBe("");
  });

  it("quick-adds a favourite, ignoring the second click of a double click", async () => {
    const { ipc } = await start();
    await signIn();
    ipc.clear();
    const button = await waitFor(() => $('#favourites button[data-sku="COF-LAT"]'), "favourite");
    button.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 1 }));
    button.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 2 }));
    await waitFor(() => $('#lines tr[data-line="1"]'), "line 1");
    await new Promise((r) => setTimeout(r, 30));
    expect(ipc.of("order_command")).toHaveLength(1);
  });
});

describe("discounts", () => {
  it("asks a manager when the core says so and resends the same command id with approval", async () => {
    const { ipc, app } = await start();
    await signIn();
    enter("2*BRD-SOU");
    await waitFor(() => text("#total") === "9.00", "total 9.00");
    ipc.clear();
    press("F5");
    await waitFor(() => $("#discount-value"), "discount modal");
    type("#discount-value", "25");
    type("#reason-input", "Damaged packaging");
    press("Enter");
    await waitFor(() => $("#modal")?.dataset.modal === "manager", "manager modal");
    expect($("#message")?.dataset.code).toBe("manager_required");
    expect(text("#approval-what")).toContain("up to 0.90 more (10%) needs no manager");

    type("#manager-code", "9001");
    type("#manager-pin", "1111");
    press("Enter");
    await waitFor(() => $("#modal-error")?.dataset.code === "wrong_pin", "wrong_pin in the modal");
    expect($("#modal")?.dataset.modal).toBe("manager");
    expect($<HTMLInputElement>("#manager-code")!.value).toBe("9001");

    type("#manager-pin", "9999");
    press("Enter");
    await waitFor(() => !$("#modal"), "modal closed");
    expect(text("#discount-total")).toBe("2.25");
    expect(text("#total")).toBe("6.75");
    expect(text("#staff-name")).toBe("Alex Cashier");
    expect(app.staff?.code).toBe("1001");

    const discountCalls = commandsSent(ipc).filter((c) => requestOf(c).type === "applyDiscount");
    expect(discountCalls).toHaveLength(3);
    expect(new Set(discountCalls.map((c) => c.commandId)).size).toBe(1);
    expect(discountCalls.map((c) => c.approval)).toEqual([null, { code: "9001", pin: "1111" }, { code: "9001", pin: "9999" }]);
    expect(requestOf(discountCalls[2]!)).toEqual({
      type: "applyDiscount",
      scope: { type: "order" },
      kind: "percent",
      value: "25",
      reason: "Damaged packaging",
    });
  });

  it("keeps the manager step open when a cashier's own code is offered as approval", async () => {
    await start();
    await signIn();
    enter("2*BRD-SOU");
    await waitFor(() => text("#total") === "9.00", "total");
    press("F5");
    await waitFor(() => $("#discount-value"), "discount modal");
    type("#discount-value", "50");
    type("#reason-input", "Staff discount");
    press("Enter");
    await waitFor(() => $("#modal")?.dataset.modal === "manager", "manager modal");
    type("#manager-code", "1001");
    type("#manager-pin", "1234");
    press("Enter");
    await waitFor(() => $("#modal-error")?.dataset.code === "approver_not_manager", "approver_not_manager");
    expect(text("#modal-error")).toBe("Only a manager can authorise this");
    expect($<HTMLInputElement>("#manager-pin")!.value).toBe("");
    expect(text("#total")).toBe("9.00");
  });

  it("shows the core's refusal of a discount over 100% in the discount form", async () => {
    await start();
    await signIn();
    enter("BRD-SOU");
    await waitFor(() => text("#total") === "4.50", "total");
    press("F5");
    await waitFor(() => $("#discount-value"), "discount modal");
    type("#discount-value", "150");
    type("#reason-input", "Price match");
    press("Enter");
    await waitFor(() => $("#modal-error")?.dataset.code === "percent_out_of_range", "percent_out_of_range");
    expect($("#modal")?.dataset.modal).toBe("discount");
    expect($<HTMLInputElement>("#discount-value")!.value).toBe("150");
  });

  it("goes back to the discount form as typed when the manager step is cancelled", async () => {
    await start();
    await signIn();
    enter("BRD-SOU");
    await waitFor(() => $('#lines tr[data-line="1"]'), "line");
    press("F5");
    await waitFor(() => $("#discount-value"), "discount modal");
    ($("#discount-kind-amount") as HTMLInputElement).click();
    ($("#discount-scope-line") as HTMLInputElement).click();
    type("#discount-value", "1");
    type("#reason-input", "Price match");
    press("Enter");
    await waitFor(() => $("#modal")?.dataset.modal === "manager", "manager modal");
    press("Escape");
    await waitFor(() => $("#modal")?.dataset.modal === "discount", "discount modal again");
    expect($<HTMLInputElement>("#discount-value")!.value).toBe("1");
    expect($<HTMLInputElement>("#reason-input")!.value).toBe("Price match");
    expect($<HTMLInputElement>("#discount-kind-amount")!.checked).toBe(true);
    expect($<HTMLInputElement>("#discount-scope-line")!.checked).toBe(true);
  });

  it("removes a discount with F6", async () => {
    await start();
    await signIn();
    enter("BRD-SOU");
    await waitFor(() => $('#lines tr[data-line="1"]'), "line");
    press("F5");
    await waitFor(() => $("#discount-value"), "discount modal");
    type("#discount-value", "10");
    type("#reason-input", "Loyal customer");
    press("Enter");
    await waitFor(() => text("#discount-total") === "0.45", "discount applied");
    press("F6");
    await waitFor(() => $('#discount-list li[data-discount="1"]'), "discount list");
    press("Enter");
    await waitFor(() => !$("#modal") && text("#discount-total") === "0.00", "discount removed");
    expect($('#discounts tr[data-discount="1"]')!.classList.contains("removed")).toBe(true);
  });
});

describe("paying", () => {
  it("takes cash, shows the change large, then the receipt, then starts over", async () => {
    const { ipc } = await start();
    await signIn();
    enter("COF-ESP");
    enter("BAK-CRO");
    await waitFor(() => text("#total") === "4.00", "total");
    ipc.clear();
    press("F12");
    await waitFor(() => $("#cash-input") && $$("#quick-cash button").length > 0, "tender modal with the core's quick cash");
    expect($$("#quick-cash button").map((b) => b.dataset.amount)).toEqual(["4.00", "5.00", "10.00", "20.00", "50.00"]);
    type("#cash-input", "10");
    await waitFor(() => text("#change-due") === "6.00", "the core's change");
    submit("#modal-ok");
    submit("#modal-ok");
    await waitFor(() => $("#receipt-total"), "receipt");
    expect(text("#receipt-total")).toBe("4.00");
    expect(text("#receipt-change")).toBe("6.00");
    expect(text("#receipt")).toContain("Corner Shop");
    expect(text("#receipt")).toContain("Alex Cashier");
    const confirms = commandsSent(ipc).filter((c) => requestOf(c).type === "confirmOrder");
    expect(confirms).toHaveLength(1);
    expect(requestOf(confirms[0]!)).toEqual({ type: "confirmOrder", cash: "10", card: "" });

    submit("#modal-ok");
    await waitFor(() => !$("#modal"), "receipt closed");
    expect(text("#order-number")).toBe("—");
    enter("COF-ESP");
    await waitFor(() => text("#order-number") === "T1-2", "next order");
  });

  it("keeps the tender modal open with the core's message when the cash is short", async () => {
    await start();
    await signIn();
    enter("BRD-SOU");
    await waitFor(() => text("#total") === "4.50", "total");
    press("+");
    await waitFor(() => $("#cash-input"), "tender modal");
    type("#cash-input", "2");
    await waitFor(() => text("#tender-remaining") === "Still to pay 2.50", "what is missing");
    press("Enter");
    await waitFor(() => $("#modal-error")?.dataset.code === "tender_short", "tender_short");
    expect($<HTMLInputElement>("#cash-input")!.value).toBe("2");
    press("K", { altKey: true, code: "KeyK" });
    expect($<HTMLInputElement>("#card-input")!.value).toBe("4.50");
    press("Enter");
    await waitFor(() => $("#receipt-change"), "receipt");
    expect(text("#receipt-change")).toBe("0.00");
  });

  it("splits a payment between cash and card, the card taking the rest", async () => {
    const { ipc } = await start();
    await signIn();
    enter("2*BRD-SOU");
    await waitFor(() => text("#total") === "9.00", "total");
    ipc.clear();
    press("F12");
    await waitFor(() => $("#cash-input"), "tender");
    ($("#tender-mode-split") as HTMLButtonElement).click();
    flushSync();
    type("#cash-input", "5");
    await waitFor(() => $<HTMLInputElement>("#card-input")!.value === "4.00", "the card takes the rest");
    await waitFor(() => text("#change-due") === "0.00" && $(".tender-right.covered"), "covered");
    press("Enter");
    await waitFor(() => $("#receipt-change"), "receipt");
    const confirm = commandsSent(ipc).find((c) => requestOf(c).type === "confirmOrder")!;
    expect(requestOf(confirm)).toEqual({ type: "confirmOrder", cash: "5", card: "4.00" });
    expect(text("#receipt")).toContain("Card");
  });

  it("shows the core's refusal of a card over the total before confirming, and of an amount it cannot read", async () => {
    await start();
    await signIn();
    enter("BRD-SOU");
    await waitFor(() => text("#total") === "4.50", "total");
    press("F12");
    await waitFor(() => $("#cash-input"), "tender");
    press("K", { altKey: true, code: "KeyK" });
    type("#card-input", "12");
    await waitFor(() => $("#tender-refusal")?.dataset.code === "card_exceeds_due", "card_exceeds_due");
    expect(text("#tender-refusal")).toBe("Card 12.00 is more than the 4.50 due; change is only given from cash");
    expect($(".tender-right.covered")).toBeNull();
    press("C", { altKey: true, code: "KeyC" });
    type("#cash-input", "2.5.0");
    await waitFor(() => $("#tender-refusal")?.dataset.code === "invalid_amount", "invalid_amount");
    // A decimal comma, as German writes it, is read by the core as a point.
    type("#cash-input", "5,00");
    await waitFor(() => text("#change-due") === "0.50" && !$("#tender-refusal"), "covered again");
  });

  it("asks the core as the cashier types, one request at a time, dropping amounts typed over", async () => {
    const { ipc } = await start({ delayMs: (command) => (command === "tender_preview" ? 60 : 0) });
    await signIn();
    enter("BRD-SOU");
    await waitFor(() => text("#total") === "4.50", "total");
    ipc.clear();
    press("F12");
    await waitFor(() => $("#cash-input"), "tender");
    // Typed while the first answer is on its way: only the last amount is asked next.
    for (const cash of ["1", "10", "20"]) type("#cash-input", cash);
    await waitFor(() => text("#change-due") === "15.50", "the change for 20");
    expect(ipc.of("tender_preview").map((s) => s.args.cash)).toEqual(["", "20"]);
    expect(ipc.peak("tender_preview")).toBe(1);
    // Back to an amount asked before: answered at once, without a request.
    type("#cash-input", "");
    await waitFor(() => text("#tender-remaining") === "Still to pay 4.50", "nothing typed");
    expect(ipc.of("tender_preview")).toHaveLength(2);
  });

  it("starts the next order when the cashier scans on the receipt", async () => {
    await start();
    await signIn();
    enter("COF-ESP");
    await waitFor(() => text("#total") === "2.20", "total");
    press("F12");
    await waitFor(() => $('#quick-cash button[data-amount="2.20"]'), "tender");
    press("1", { altKey: true, code: "Digit1" });
    expect($<HTMLInputElement>("#cash-input")!.value).toBe("2.20");
    press("Enter");
    await waitFor(() => $("#receipt-change"), "receipt");
    press("B");
    await waitFor(() => !$("#modal"), "receipt closed");
    expect($<HTMLInputElement>("#entry")!.value).toBe("B");
  });
});

describe("receipts", () => {
  it("saves a receipt where the save dialog says, and says when it was cancelled", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "pos-ui-")), "receipt.txt");
    await start({ savePath: path });
    await signIn();
    await sell("BRD-SOU");
    press("s", { ctrlKey: true, code: "KeyS" });
    await waitFor(() => text("#receipt-saved") === `Saved to ${path}`, "saved");
    const saved = readFileSync(path, "utf8");
    expect(saved).toContain("Corner Shop");
    expect(saved).toContain("4.50");
    cleanup();
    await start({ savePath: null });
    await signIn();
    await sell("COF-ESP");
    click("#receipt-save");
    await waitFor(() => text("#receipt-saved") === "Not saved", "cancelled");
  });

  it("voids a paid sale from its receipt with F7, and shows the receipt voided", async () => {
    const { core } = await start();
    await signIn();
    await sell("BRD-SOU");
    press("F7");
    await waitFor(() => $("#void-question"), "void modal");
    expect(text("#void-question")).toBe("Void order T1-1 for 4.50 EUR?");
    press("3", { altKey: true, code: "Digit3" });
    type("#manager-code", "9001");
    type("#manager-pin", "9999");
    press("Enter");
    await waitFor(() => $('#modal[data-modal="receipt"]') && text("#receipt").includes("VOIDED"), "voided receipt");
    expect(text("#receipt")).toContain("Payment failed");
    expect(text("#last-sale")).toBe("");
    expect((await core.call<OrderView>("order_view", { orderId: 1 })).status).toBe("voided");
  });
});

describe("voids, parking and the back office", () => {
  it("voids an open order with a reason and a manager's PIN", async () => {
    const { ipc, core } = await start();
    await signIn();
    enter("COF-ESP");
    await waitFor(() => text("#total") === "2.20", "total");
    ipc.clear();
    press("F7");
    await waitFor(() => $("#void-question"), "void modal");
    expect(text("#void-question")).toBe("Void order T1-1 for 2.20 EUR?");
    press("1", { altKey: true, code: "Digit1" });
    type("#manager-code", "9001");
    type("#manager-pin", "9999");
    press("Enter");
    await waitFor(() => !$("#modal"), "closed");
    expect(text("#notice")).toBe("Order T1-1 voided");
    expect(text("#order-number")).toBe("—");
    expect(commandsSent(ipc)[0]!.approval).toEqual({ code: "9001", pin: "9999" });
    expect((await core.call<OrderView>("order_view", { orderId: 1 })).status).toBe("voided");
  });

  it("parks the current order with F8 and resumes it from F9", async () => {
    await start();
    await signIn();
    enter("COF-ESP");
    await waitFor(() => text("#order-number") === "T1-1", "order 1");
    press("F8");
    await waitFor(() => text("#order-number") === "T1-2", "order 2");
    enter("BAK-CRO");
    await waitFor(() => $('#lines tr[data-line="1"]') && text("#total") === "1.80", "order 2 line");
    await waitFor(() => text("#parked-count") === "1 parked", "parked count");
    press("F9");
    await waitFor(() => $$("#open-orders li[data-order]").length === 2, "two open orders");
    press("ArrowDown");
    press("Enter");
    await waitFor(() => text("#order-number") === "T1-1" && !$("#modal"), "back on order 1");
    expect(text("#total")).toBe("2.20");
  });

  it("keeps the back office for managers", async () => {
    await start();
    await signIn();
    press("F10");
    expect($("#backoffice")).toBeNull();
    expect($("#message")?.dataset.code).toBe("manager_only");
    press("F11");
    await waitFor(() => $("#signin-code"), "signed out");
    await signIn("9001", "9999");
    press("F10");
    await waitFor(() => $$("#products tr[data-sku]").length === 36, "products");
    expect($("#register")).toBeNull();
    press("Escape");
    await waitFor(() => $("#register"), "register again");
  });

  it("keeps Tab inside a modal and gives focus back to the entry when it closes", async () => {
    await start();
    await signIn();
    enter("COF-ESP");
    await waitFor(() => $('#lines tr[data-line="1"]'), "a line");
    $<HTMLInputElement>("#entry")!.focus();
    press("F12");
    await waitFor(() => $("#cash-input"), "tender modal");
    const dialog = $<HTMLElement>('#modal [role="dialog"]')!;
    const controls = [...dialog.querySelectorAll<HTMLElement>("button:not(:disabled), input:not(:disabled)")];
    controls.at(-1)!.focus();
    press("Tab");
    expect(document.activeElement).toBe(controls[0]);
    press("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(controls.at(-1));
    press("Escape");
    await waitFor(() => !$("#modal"), "the modal closed");
    await waitFor(() => document.activeElement === $("#entry"), "focus back on the entry");
  });

  it("announces the line rung up and the total to a screen reader", async () => {
    await start();
    await signIn();
    enter("COF-ESP");
    await waitFor(() => $('#lines tr[data-line="1"]'), "a line");
    const live = $("#register-announce")!;
    expect(live.getAttribute("aria-live")).toBe("polite");
    await waitFor(() => live.textContent === "Espresso, 1 × 2.20; 1 line, total 2.20", "the line announced");
  });
});
