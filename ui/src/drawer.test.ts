// The drawer on the real core (pos serve), in happy-dom: the demo shift's X
// report counted blind for a cashier, a drop over the cashier's limit with a
// manager's approval, a no-sale, the blind close with its variance, and a
// sale refused without a shift until one is opened.

import { afterEach, describe, expect, it } from "vitest";
import { setMinorUnit } from "./lib/money";
import { $, $$, alt, cleanup, click, enter, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(() => {
  setMinorUnit(2);
  cleanup();
});

async function openDrawer() {
  alt("D");
  await waitFor(() => $("#drawer-screen[data-open]") && ($("#x-report") || $("#shift-open")), "the drawer screen");
}

describe("the drawer", () => {
  it("moves cash, records a no-sale and closes blind with the variance shown after the count", async () => {
    await start();
    await signIn();
    await openDrawer();
    // The cashier sees the shift so far, but not what the drawer should hold.
    expect($("#x-report")!.dataset.shift).toBe("1");
    expect(text("#x-float")).toBe("100.00");
    expect(text("#x-expected")).toBe("counted blind at the close");

    // A 60.00 drop is past the cashier's 50.00: the core asks for a manager.
    type("#move-amount", "60");
    type("#move-reason", "to the safe");
    submit("#move-record");
    await waitFor(() => $("#move-manager-code"), "the manager's fields");
    expect($("#move-error")!.dataset.code).toBe("manager_required");
    type("#move-manager-code", "9001");
    type("#move-manager-pin", "9999");
    submit("#move-record");
    await waitFor(() => text("#x-moves").startsWith("60.00"), "the drop in the X report");

    type("#no-sale-reason", "change for a customer");
    submit("#no-sale-open");
    await waitFor(() => text("#x-no-sales") === "1", "the no-sale counted");
    expect(text("#no-sale-kicked")).toContain("No printer");

    // Counted 30.00 of the 40.00 expected: short by 10.00, past the 5.00 allowed alone.
    type("#count-amount", "30");
    submit("#shift-close");
    await waitFor(() => $("#close-manager-code"), "a manager for the variance");
    expect($("#close-error")!.textContent).toBe("A drawer short by 10.00 (more than 5.00) needs a manager");
    type("#close-manager-code", "9001");
    type("#close-manager-pin", "9999");
    type("#close-reason", "a 10 note missing");
    submit("#shift-close");
    await waitFor(() => $("#shift-closed"), "the shift closed");
    expect([text("#closed-expected"), text("#closed-counted"), text("#closed-variance")]).toEqual(["40.00", "30.00", "short by 10.00"]);
    await waitFor(() => $("#shift-open"), "the form to open the next shift");
  });

  it("refuses a sale without an open shift and offers to open one", async () => {
    await start();
    await signIn();
    await openDrawer();
    type("#count-amount", "100");
    submit("#shift-close");
    await waitFor(() => $("#shift-closed"), "the demo shift closed");
    alt("T");
    enter("COF-ESP");
    await waitFor(() => $('#message[data-code="no_open_shift"]'), "the refusal");
    click("#message-open-shift");
    await waitFor(() => $("#shift-open"), "the drawer screen's open form");
    click("#float-by-pieces");
    type("#float-pieces-20", "2");
    type("#float-pieces-0_50", "10");
    submit("#shift-open");
    await waitFor(() => $("#x-report"), "the new shift");
    expect([$("#x-report")!.dataset.shift, text("#x-float")]).toEqual(["2", "45.00"]);
    alt("T");
    enter("COF-ESP");
    await waitFor(() => $('#lines tr[data-line="1"]'), "the sale rung up");
  });

  it("counts a float in the notes and coins of the shop's currency, as the core lists them", async () => {
    await start({ demo: false });
    for (const [id, value] of Object.entries({ "shop-name": "Souq Dates", currency: "KWD", "till-id": "K1", "manager-name": "Sam Owner", "manager-code": "4242", "manager-pin": "2580", "manager-pin-again": "2580" })) {
      type(`#setup-${id}`, value);
    }
    submit("#setup-submit");
    await waitFor(() => text("#staff-name") === "Sam Owner", "signed in");
    await openDrawer();
    click("#float-by-pieces");
    await waitFor(() => $("#float-pieces-20"), "the dinar notes");
    const labels = $$(".pieces .piece span").map((s) => s.textContent);
    expect([labels[0], labels.at(-1)]).toEqual(["20", "0.005"]);
    expect($("#float-pieces-100")).toBeNull();
    type("#float-pieces-5", "2");
    type("#float-pieces-0_250", "3");
    type("#float-pieces-0_005", "1");
    submit("#shift-open");
    await waitFor(() => $("#x-report"), "the shift opened");
    expect(text("#x-float")).toBe("10.755");
  });

  it("closes the day by its Z report, refuses a shift on the closed day, and reopens it with a manager", async () => {
    await start();
    await signIn();
    await openDrawer();
    // A shift still open: the core refuses the Z.
    type("#count-amount", "100");
    submit("#shift-close");
    await waitFor(() => $("#day-close"), "the day's close offered once the shift is closed");
    click("#day-close");
    await waitFor(() => $("#z-report"), "the Z report");
    expect($("#z-report")!.dataset.number).toBe("1");
    expect(Number($("#z-report")!.dataset.head)).toBeGreaterThan(0);
    expect(text("#z-head")).toMatch(/^#\d+ [0-9a-f]{12}$/);
    expect(text("#z-variance")).toBe("balanced");
    expect($("#shift-open")).toBeNull();

    // Reopening needs a manager and a reason.
    type("#reopen-reason", "a late delivery to sell");
    submit("#day-reopen");
    await waitFor(() => $("#reopen-manager-code"), "the manager's fields");
    expect($("#reopen-error")!.dataset.code).toBe("manager_required");
    type("#reopen-manager-code", "9001");
    type("#reopen-manager-pin", "9999");
    submit("#day-reopen");
    await waitFor(() => $("#shift-open"), "the day open again");
    expect($("#z-report")).toBeNull();
  });
});
