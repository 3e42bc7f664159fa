// The timeline, the orders browser, the audit trail and the day report on the
// real core (pos serve), in happy-dom: what a cashier or a manager does, key by key.

import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Outcome } from "./bindings/Outcome";
import type { TimelineMark } from "./bindings/TimelineMark";
import type { CoreTill } from "./test/core";
import { $, $$, alt, cleanup, click, panelAt, press, scan, signIn, start, submit, text, type, waitFor, type StartOptions } from "./uiTest";

/** A path in a fresh temporary folder, for what a save dialog answers. */
const savePath = (name: string) => join(mkdtempSync(join(tmpdir(), "pos-ui-")), name);

/** Sends an order command straight to the core (not through the screens). */
function command(core: CoreTill, orderId: number, request: Record<string, unknown>, approval: { code: string; pin: string } | null = null) {
  return core.call<Outcome>("order_command", { orderId, commandId: crypto.randomUUID(), request, approval, expectedVersion: null });
}

/** An order of seven events, then the seventh changed on disk behind the store's back. */
async function sevenEventsThenTamper(core: CoreTill): Promise<void> {
  await core.call("sign_in", { code: "1001", pin: "1234" });
  const { order } = await core.call<Outcome>("open_order", { commandId: crypto.randomUUID() });
  for (const code of ["COF-ESP", "BAK-CRO", "DAI-MLK", "SNK-CHO", "BAG-REU", "TEA-ENG"]) {
    await command(core, order.id, { type: "addItem", code, quantity: 1 });
  }
  await core.call("sign_out");
  await core.tamper(7);
}

afterEach(cleanup);

const lineNames = () => $$("#timeline-panel tr[data-line]").map((r) => r.querySelector(".name")!.textContent);

describe("order timeline", () => {
  it("opens the register's order with Alt+H, steps with the arrows and shows the core's order at each version", async () => {
    const { ipc } = await start();
    await signIn();
    await scan("COF-ESP");
    await scan("BAK-CRO");
    await scan("2*DAI-MLK");
    ipc.clear();
    const timelineAt = () => ipc.of("timeline_at").map((s) => s.args);
    alt("H");
    await waitFor(() => $("#timeline"), "timeline");
    await panelAt(4);
    expect(text("#event-version")).toBe("v4 of 4");
    expect(lineNames()).toEqual(["Espresso", "Croissant", "Whole milk 1l"]);
    expect($("#scrubber-handle")?.getAttribute("aria-valuenow")).toBe("4");
    expect($$("#scrubber [data-version]").map((m) => m.dataset.version)).toEqual(["1", "2", "3", "4"]);
    click('#scrubber [data-version="2"]');
    await panelAt(2);
    press("End");

    await panelAt(4);
    press("ArrowLeft");
    expect($("#timeline-panel")!.dataset.version).toBe("3");
    expect(text("#event-version")).toBe("v3 of 4");
    await panelAt(3);
    expect(lineNames()).toEqual(["Espresso", "Croissant"]);
    expect($('#timeline-panel tr[data-line="2"]')!.classList.contains("mark-added")).toBe(true);
    expect(text("#event-summary")).toBe("Added 1 × Croissant (BAK-CRO) at 1.80");
    // The scrubber is a slider that says where it is and what happened there.
    expect($("#scrubber-handle")?.getAttribute("role")).toBe("slider");
    expect($("#scrubber-handle")?.getAttribute("aria-valuetext")).toBe("version 3 of 4, Added 1 × Croissant (BAK-CRO) at 1.80");
    expect(text("#event-actor")).toBe("Alex Cashier");
    expect(text("#event-authoriser")).toBe("");
    expect(text("#tl-total")).toBe("4.00");
    expect(text("#tl-subtotal")).toBe("4.00");
    expect(text("#tl-status")).toBe("open");
    expect(timelineAt()).toContainEqual({ orderId: 1, version: 3, rows: 80 });

    press("Home");
    await panelAt(1);
    expect(lineNames()).toEqual([]);
    expect(text("#event-summary")).toBe("Opened order 1 on T1");
    press("End");
    await panelAt(4);
    // Going back to a version already seen needs no new request.
    const asked = (v: number) => timelineAt().filter((a) => a.version === v).length;
    const before = asked(3);
    press("ArrowLeft");
    await panelAt(3);
    expect(asked(3)).toBe(before);

    // The address keeps the order and version.
    await waitFor(() => location.hash === "#/order/1/v/3", "hash");

    press("Escape");
    await waitFor(() => $("#register"), "register");
    await waitFor(() => document.activeElement?.id === "entry", "entry focused");
    expect(location.hash).toBe("");
  });

  it("highlights a quantity change as from → to and a removed line struck through, with its reason", async () => {
    const { app } = await start();
    await signIn();
    await scan("3*COF-ESP");
    await scan("BAK-CRO");
    app.register.selectLine(1);
    press("F3");
    type("#qty-input", "1");
    submit("#modal-ok");
    await waitFor(() => !$("#modal") && text('#lines tr[data-line="1"] .qty') === "1", "quantity");
    app.register.selectLine(2);
    press("F4");
    type("#reason-input", "Damaged");
    submit("#modal-ok");
    await waitFor(() => !$("#modal") && $('#lines tr[data-line="2"].removed'), "removed");

    press("h", { ctrlKey: true, code: "KeyH" });
    await panelAt(5);
    const removed = $('#timeline-panel tr[data-line="2"]')!;
    expect(removed.classList.contains("removed")).toBe(true);
    expect(removed.classList.contains("mark-removed")).toBe(true);
    expect(text("#event-reason")).toBe("Damaged");
    expect(text("#event-summary")).toBe("Removed Croissant: Damaged");

    press("ArrowLeft");
    await panelAt(4);
    const changed = $('#timeline-panel tr[data-line="1"]')!;
    expect(changed.classList.contains("mark-changed")).toBe(true);
    expect(changed.querySelector(".qty-from")?.textContent?.trim()).toBe("3 →");
    expect(changed.querySelector(".qty")?.textContent).toBe("1");
    expect(text("#event-summary")).toBe("Changed Espresso from 3 to 1");
  });

  it("compares two versions side by side with Shift+←, marking what differs", async () => {
    await start();
    await signIn();
    await scan("COF-ESP");
    await scan("BAK-CRO");
    await scan("DAI-MLK");
    alt("H");
    await panelAt(4);
    press("ArrowLeft", { shiftKey: true });
    press("ArrowLeft", { shiftKey: true });
    await waitFor(() => $('#compare [data-side="left"][data-rendered-version="2"]') && $('#compare [data-side="right"][data-rendered-version="4"]'), "compare");
    const right = $('#compare [data-side="right"]')!;
    expect(right.querySelectorAll("tr[data-line]").length).toBe(3);
    expect([...right.querySelectorAll("tr.mark-added")].map((r) => (r as HTMLElement).dataset.line)).toEqual(["2", "3"]);
    expect($('#compare [data-side="left"]')!.querySelectorAll("tr[data-line]").length).toBe(1);
    await waitFor(() => location.hash === "#/order/1/v/4..2", "range in the hash");
    press("Escape");
    await waitFor(() => !$("#compare") && $("#timeline-panel"), "one version again");
    press("Escape");
    await waitFor(() => $("#register"), "register");
  });

  it("replays the order with Space and stops at the end", async () => {
    await start();
    await signIn();
    await scan("COF-ESP");
    await scan("BAK-CRO");
    alt("H");
    await panelAt(3);
    press("Home");
    await panelAt(1);
    press(" ");
    expect($("#play")!.getAttribute("aria-pressed")).toBe("true");
    await panelAt(3);
    await waitFor(() => $("#play")!.getAttribute("aria-pressed") === "false", "stopped at the end");
    // Any key stops a replay, without doing anything else.
    press(" ");
    await waitFor(() => $("#timeline-panel")!.dataset.version === "2", "replay started");
    press("ArrowLeft");
    expect($("#play")!.getAttribute("aria-pressed")).toBe("false");
    expect($("#timeline-panel")!.dataset.version).toBe("2");
  });

  it("jumps to the version in force at a local time, and says when the order was not open yet", async () => {
    const { core, ipc } = await start();
    await signIn();
    await scan("COF-ESP");
    await scan("BAK-CRO");
    alt("H");
    await panelAt(3);
    const tl = await core.call<TimelineMark[]>("timeline", { orderId: 1 });
    const d = new Date(Date.parse(tl[1]!.at) + 5000);
    const pad = (n: number) => String(n).padStart(2, "0");
    const local = (x: Date) => `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}T${pad(x.getHours())}:${pad(x.getMinutes())}:${pad(x.getSeconds())}`;
    type("#asof-input", local(d));
    submit("#asof-go");
    await panelAt(2);
    expect(ipc.of("version_at").map((s) => s.args)).toEqual([{ orderId: 1, at: d.toISOString().replace(/\.\d{3}Z$/, ".000Z") }]);
    type("#asof-input", "2001-01-01T09:00");
    submit("#asof-go");
    await waitFor(() => $("#asof-error")?.dataset.code === "not_yet_opened", "not yet opened");
    expect(text("#asof-error")).toBe("Order 1 did not exist yet at that time");
  });

  it("restores the order and version from the address", async () => {
    await start();
    await signIn();
    await scan("COF-ESP");
    await scan("BAK-CRO");
    window.history.replaceState(null, "", "#/order/1/v/2");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await panelAt(2);
    expect(text("#event-version")).toBe("v2 of 3");
    window.history.replaceState(null, "", "#/order/1/v/3");
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await panelAt(3);
  });

  it("keeps few requests in flight while the arrow is held, asks for no version it passed, and ends on the last one pressed", async () => {
    const { ipc } = await start({ delayMs: 30 });
    await signIn();
    for (const code of ["COF-ESP", "BAK-CRO", "DAI-MLK", "SNK-CHO", "BAG-REU", "TEA-ENG"]) await scan(code);
    alt("H");
    await panelAt(7);
    ipc.clear();
    for (let i = 0; i < 6; i++) press("ArrowLeft");
    expect($("#timeline-panel")!.dataset.version).toBe("1");
    await panelAt(1);
    // v6 with the two after it this way (v5, v4), then straight to v1: v3 and v2 never asked for.
    expect(ipc.peak("timeline_at")).toBeLessThanOrEqual(3);
    expect(ipc.of("timeline_at").map((s) => s.args.version)).toEqual([6, 5, 4, 1]);
  });

  it("fetches the next versions with a step, so the next step shows at once, and a jump's neighbours once it rests", async () => {
    const { ipc } = await start({ delayMs: 20 });
    await signIn();
    for (const code of ["COF-ESP", "BAK-CRO", "DAI-MLK", "SNK-CHO", "BAG-REU", "TEA-ENG", "COF-ESP"]) await scan(code);
    alt("H");
    await panelAt(8);
    press("Home");
    await panelAt(1);
    ipc.clear();
    const asked = () => ipc.of("timeline_at").map((s) => s.args.version);
    // A step towards later versions: the two after it are fetched with it.
    press("ArrowRight");
    expect(asked()).toEqual([2, 3, 4]);
    await panelAt(2);
    await new Promise((r) => setTimeout(r, 60));
    press("ArrowRight");
    // Already here: drawn in the same turn, no answer awaited.
    await Promise.resolve();
    expect($("#timeline-panel")!.dataset.renderedVersion).toBe("3");
    expect(asked().filter((v) => v === 3)).toHaveLength(1);
    // A jump fetches nothing ahead at once (a drag would only wait behind it); once it rests, its neighbour.
    ipc.clear();
    click('#scrubber [data-version="6"]');
    expect(asked()).toEqual([6]);
    await panelAt(6);
    expect(asked()).toEqual([6]);
    await waitFor(() => asked().includes(7), "v7 fetched once v6 rests");
  });

  it("keeps the objects of lines that did not change from one step to the next, so their rows are not redrawn", async () => {
    const { app } = await start();
    await signIn();
    for (const code of ["COF-ESP", "BAK-CRO", "DAI-MLK"]) await scan(code);
    alt("H");
    await panelAt(4);
    const at4 = app.history.shown!.step.view.lines;
    press("ArrowLeft");
    await panelAt(3);
    const at3 = app.history.shown!.step.view.lines;
    expect(at3.map((l) => l.id)).toEqual([1, 2]);
    expect(at3[0]).toBe(at4[0]);
    expect(at3[1]).toBe(at4[1]);
  });

  it("asks the core for a window of a long order's lines, around what changed, and more on request", async () => {
    const { core, ipc } = await start();
    await signIn();
    await scan("COF-ESP");
    const id = 1;
    for (let i = 0; i < 99; i++) await command(core, id, { type: "addItem", code: i % 2 ? "BAK-CRO" : "DAI-MLK", quantity: 1 });
    ipc.clear();
    const timelineAt = () => ipc.of("timeline_at").map((s) => s.args);
    window.history.replaceState(null, "", `#/order/${id}/v/50`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await panelAt(50);
    // v50: 49 lines, all of them fit.
    expect($$("#timeline-panel tr[data-line]")).toHaveLength(49);
    expect(timelineAt()).toContainEqual({ orderId: id, version: 50, rows: 80 });
    // The last of 100 lines: the 80 up to it, and a way to see the 20 before.
    press("End");
    await panelAt(101);
    const last = $$("#timeline-panel tr[data-line]").map((r) => Number(r.dataset.line));
    expect([last.length, last[0], last.at(-1)]).toEqual([80, 21, 100]);
    expect(text("#timeline-panel .more-rows")).toBe("… 20 earlier lines");
    click("#timeline-panel .more-rows button");
    await waitFor(() => $$("#timeline-panel tr[data-line]").length === 100, "all 100 lines");
    expect(timelineAt()).toContainEqual({ orderId: id, version: 101, rows: 280 });
    expect($("#timeline-panel .more-rows")).toBeNull();
  });
});

describe("orders browser", () => {
  it("lists orders newest first, filters by status, opens one into its timeline and reprints a paid one", async () => {
    const { app } = await start();
    await signIn();
    await scan("COF-ESP");
    press("F12");
    type("#cash-input", "5");
    submit("#modal-ok");
    await waitFor(() => $('#modal[data-modal="receipt"]'), "receipt");
    press("Escape");
    await scan("BAK-CRO");
    alt("O");
    await waitFor(() => $$("#orders tr[data-order]").length === 2, "two orders");
    expect($$("#orders tr[data-order]").map((r) => r.dataset.order)).toEqual(["2", "1"]);
    const status = $<HTMLSelectElement>("#orders-status")!;
    status.value = "confirmed";
    status.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => $$("#orders tr[data-order]").length === 1, "paid only");
    click('#orders tr[data-order="1"] .reprint');
    await waitFor(() => text("#receipt-number") === "T1-1", "receipt");
    press("Escape");
    await waitFor(() => !$("#modal"), "receipt closed");
    expect($("#orders-screen")).not.toBeNull();
    press("Enter");
    await panelAt(3);
    expect(text("#tl-status")).toBe("confirmed");
    press("Escape");
    await waitFor(() => $("#orders-screen"), "back to the orders");
    press("Escape");
    await waitFor(() => document.activeElement?.id === "entry", "register, entry focused");
  });

  it("filters by the core's order totals and says what it cannot read", async () => {
    await start();
    await signIn();
    await scan("COF-ESP");
    press("F8");
    await waitFor(() => text("#order-number") === "T1-2", "order 2");
    await scan("2*BRD-SOU");
    alt("O");
    await waitFor(() => $$("#orders tr[data-order]").length === 2, "two orders");
    type("#orders-min-total", "5");
    await waitFor(() => $$("#orders tr[data-order]").length === 1, "one order of 5 or more");
    expect($("#orders tr[data-order]")!.dataset.order).toBe("2");
    type("#orders-min-total", "lots");
    await waitFor(() => $("#orders-error")?.dataset.code === "invalid_amount" || $("#orders-error")?.dataset.code === "invalid_input", "refused");
    type("#orders-min-total", "");
    await waitFor(() => $$("#orders tr[data-order]").length === 2 && !$("#orders-error"), "both again");
  });

  it("voids any order with the register's void window", async () => {
    await start();
    await signIn("9001", "9999");
    await scan("COF-ESP");
    alt("O");
    await waitFor(() => $('#orders tr[data-order="1"]'), "order");
    press("F7");
    await waitFor(() => $('#modal[data-modal="void"]'), "void modal");
    type("#reason-input", "Rung up by mistake");
    type("#manager-code", "9001");
    type("#manager-pin", "9999");
    submit("#modal-ok");
    await waitFor(() => $('#orders tr[data-order="1"][data-status="voided"]'), "voided in the list");
  });

  it("keeps the screen and modal the person opened while the sign-in was still loading the shop's settings", async () => {
    // The address names a screen from before; the settings answer slowly.
    window.history.replaceState(null, "", "#/report");
    await new Promise((r) => setTimeout(r, 10));
    let slow = false;
    await start({ delayMs: (command) => (slow && command === "shop_settings" ? 400 : 0) });
    slow = true;
    await signIn("9001", "9999");
    await scan("COF-ESP");
    alt("O");
    await waitFor(() => $('#orders tr[data-order="1"]'), "order");
    press("F7");
    await waitFor(() => $('#modal[data-modal="void"]'), "void modal");
    // The settings arrive: the old address must not close the modal or leave the screen.
    await new Promise((r) => setTimeout(r, 500));
    expect($('#modal[data-modal="void"]')).not.toBeNull();
    expect($("#orders-screen")).not.toBeNull();
  });
});

describe("audit trail", () => {
  async function managerWithChanges(options: StartOptions = {}) {
    const ctx = await start(options);
    await signIn("9001", "9999");
    await scan("3*COF-ESP");
    await scan("BAK-CRO");
    const { app } = ctx;
    app.register.selectLine(2);
    press("F4");
    type("#reason-input", "Wrong item");
    submit("#modal-ok");
    await waitFor(() => $('#lines tr[data-line="2"].removed'), "removed");
    press("F5");
    type("#discount-value", "25");
    type("#reason-input", "Damaged packaging");
    // A manager ringing up passes the policy's limits, and is recorded as authorising it.
    submit("#modal-ok");
    await waitFor(() => !$("#modal") && $("#discounts tr[data-discount]"), "discount");
    return ctx;
  }

  it("lists every change with who authorised it, totals per kind, and opens the order at that exact version", async () => {
    await managerWithChanges();
    alt("A");
    // Two changes to the order (the manager's sign-in is listed too).
    await waitFor(() => $$("#audit tr[data-order]").length === 2, "two entries");
    const first = $("#audit tr[data-order]")!;
    expect(first.querySelector(".kind")!.textContent!.trim()).toBe("Discount");
    expect(first.querySelector(".amount")!.textContent).toBe("1.65");
    expect(first.querySelector(".authoriser")!.textContent).toBe("Morgan Manager");
    expect(first.querySelector(".reason")!.textContent).toBe("Damaged packaging");
    expect(first.querySelector(".order")!.textContent).toBe("1");
    expect($("#audit-totals")!.dataset.amount).toBe("3.45");
    expect($$("#audit-totals [data-key]").length).toBeGreaterThanOrEqual(3);

    click("#audit-kind-lineVoid");
    await waitFor(() => $$("#audit tr[data-position]").length === 1, "line voids only");
    const row = $("#audit tr[data-position]")!;
    expect(row.dataset.kind).toBe("lineVoid");
    expect(row.dataset.version).toBe("4");
    row.click();
    await panelAt(4);
    expect(text("#event-summary")).toBe("Removed Croissant: Wrong item");
    expect(text("#event-reason")).toBe("Wrong item");
    press("ArrowRight");
    await panelAt(5);
    expect(text("#event-authoriser")).toBe("Morgan Manager");
    press("Escape");
    await waitFor(() => $("#audit-screen"), "back to the audit");
    expect($<HTMLInputElement>("#audit-kind-lineVoid")!.checked).toBe(true);
  });

  it("exports the filtered trail and checks the event chain", async () => {
    const path = savePath("audit.csv");
    await managerWithChanges({ savePath: path });
    alt("A");
    await waitFor(() => $("#audit tr[data-position]"), "entries");
    click("#audit-export");
    await waitFor(() => text("#audit-exported") === `Saved to ${path}`, "saved");
    expect(readFileSync(path, "utf8")).toContain("Damaged packaging");
    click("#verify-run");
    await waitFor(() => $('#verify-result[data-intact="true"]'), "intact");
    // The order's five events, and the demo shop's and the sign-ins' before them.
    expect(text("#verify-result")).toMatch(/All \d+ events intact/);
  });

  it("is not offered to a cashier, and says so when asked", async () => {
    await start();
    await signIn();
    expect($("#nav-audit")).toBeNull();
    expect($("#nav-report")).toBeNull();
    expect($("#nav-orders")).not.toBeNull();
    expect($("#nav-history")).not.toBeNull();
    alt("A");
    expect($("#message")!.dataset.code).toBe("manager_only");
    expect($("#register")).not.toBeNull();
    expect($("#audit-screen")).toBeNull();
  });

  it("shows the core's manager_only refusal", async () => {
    const { core } = await start();
    await signIn("9001", "9999");
    alt("A");
    await waitFor(() => $("#audit-screen") && !$("#audit[aria-busy='true']"), "audit");
    // The till's session changes hands behind the screen's back: the cashier is signed in now.
    await core.call("sign_in", { code: "1001", pin: "1234" });
    click("#audit-search");
    await waitFor(() => $("#audit-error")?.dataset.code === "manager_only", "refused");
  });

  it("warns on every screen when the event chain is broken, until dismissed", async () => {
    await start({ before: sevenEventsThenTamper });
    await waitFor(() => $("#integrity-banner"), "banner before sign-in");
    await signIn("9001", "9999");
    expect(text("#integrity-banner")).toContain("tampered with at position 7");
    alt("A");
    await waitFor(() => $("#audit-screen"), "audit");
    expect($("#integrity-banner")).not.toBeNull();
    click("#verify-run");
    await waitFor(() => $('#verify-result[data-intact="false"]'), "broken");
    expect(text("#verify-result")).toContain("position 7");
    click("#integrity-dismiss");
    expect($("#integrity-banner")).toBeNull();
  });
});

describe("session", () => {
  it("goes back to the sign-in card when the core says not_signed_in", async () => {
    const { core } = await start();
    await signIn();
    alt("O");
    await waitFor(() => $("#orders-screen") && !text("#orders-screen").includes("Loading…"), "orders");
    // Signed out behind the screen's back (another window, a restart); the
    // next call the screen makes meets it.
    await core.call("sign_out");
    click("#orders-clear");
    await waitFor(() => $("#signin-code"), "sign-in card");
    expect($("#signin-error")!.dataset.code).toBe("not_signed_in");
    await signIn();
    // The address kept the screen: signing in again returns to it.
    await waitFor(() => $("#orders-screen"), "orders again");
  });
});

describe("day report and backup", () => {
  it("shows a manager the day's figures for this till and exports them", async () => {
    const now = new Date();
    now.setHours(10, 0, 0, 0);
    const path = savePath("day-report.csv");
    await start({ start: now.toISOString(), savePath: path });
    await signIn("9001", "9999");
    await scan("2*BRD-SOU");
    press("F12");
    type("#cash-input", "10");
    submit("#modal-ok");
    await waitFor(() => $('#modal[data-modal="receipt"]'), "receipt");
    press("Escape");
    alt("R");
    await waitFor(() => text("#report-net") === "9.00", "net");
    expect(text("#report-gross")).toBe("9.00");
    expect(text("#report-cash-expected")).toBe("9.00");
    expect($<HTMLSelectElement>("#report-terminal")!.value).toBe("this");
    click("#report-export");
    await waitFor(() => text("#report-exported") === `Saved to ${path}`, "exported");
    expect(readFileSync(path, "utf8")).toContain("9.00");
    // Each figure opens the events behind it: the orders paid, the refunds in the audit trail.
    click("#report-gross-open");
    await waitFor(() => $("#orders-screen") && $$("#orders tr[data-order]").length === 1, "the day's paid order");
    expect($<HTMLSelectElement>("#orders-status")!.value).toBe("confirmed");
    press("Escape");
    await waitFor(() => $("#report-refunds-open"), "the report again");
    click("#report-refunds-open");
    await waitFor(() => $("#audit-screen") && $<HTMLInputElement>("#audit-kind-refund")?.checked, "the refunds in the trail");
    expect($<HTMLInputElement>("#audit-kind-orderVoid")!.checked).toBe(false);
    press("Escape");
    await waitFor(() => $("#report-date"), "the report again");
    type("#report-date", "2001-01-01");
    await waitFor(() => text("#report-net") === "0.00", "another day");
  });

  it("backs up the database from the back office", async () => {
    const path = savePath("pos-backup.db");
    await start({ savePath: path });
    await signIn("9001", "9999");
    press("F10");
    await waitFor(() => $("#backup-button"), "back office");
    click("#backup-button");
    await waitFor(() => text("#backup-result") === `Backed up to ${path}`, "backed up");
    expect(statSync(path).size).toBeGreaterThan(0);
  });
});
