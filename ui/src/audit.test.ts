// The manager's audit trail on the real core (pos serve), in happy-dom: PIN
// lockouts listed beside order changes, and totals of the whole filtered trail.

import { afterEach, describe, expect, it } from "vitest";
import { AUDIT_ROWS_SHOWN } from "./audit.svelte";
import type { AuditTotals } from "./bindings/AuditTotals";
import type { Outcome } from "./bindings/Outcome";
import type { CoreTill } from "./test/core";
import { $, $$, alt, cleanup, click, press, signIn, start, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

const approval = { code: "9001", pin: "9999" };

function command(core: CoreTill, orderId: number, request: Record<string, unknown>, approval: { code: string; pin: string } | null = null) {
  return core.call<Outcome>("order_command", { orderId, commandId: crypto.randomUUID(), request, approval, expectedVersion: null });
}

/** A voided order, then five wrong PINs for the cashier, straight to the core. */
async function voidThenLockout(core: CoreTill): Promise<number> {
  await core.call("sign_in", { code: "1001", pin: "1234" });
  const { order } = await core.call<Outcome>("open_order", { commandId: crypto.randomUUID() });
  await command(core, order.id, { type: "addItem", code: "BRD-SOU", quantity: 2 });
  await command(core, order.id, { type: "voidOrder", reason: "Wrong table" }, approval);
  for (let i = 0; i < 5; i++) await core.call("sign_in", { code: "1001", pin: "0000" }).catch(() => undefined);
  await core.call("sign_out");
  return order.id;
}

/** The entries other than signing in and out (who was at the till when, listed among them). */
const rows = () => $$("#audit tr[data-key]").filter((r) => r.dataset.kind !== "signIn" && r.dataset.kind !== "signOut");

describe("audit trail", () => {
  it("lists a PIN lockout with the person locked and no order, and filters it like any entry", async () => {
    let orderId = 0;
    await start({ before: async (core) => (orderId = await voidThenLockout(core)) });
    await signIn("9001", "9999");
    alt("A");
    await waitFor(() => rows().length === 2, "the void and the lockout");

    const lockout = rows()[0]!;
    expect(lockout.dataset.kind).toBe("pinLockout");
    expect(lockout.dataset.order).toBeUndefined();
    expect(lockout.dataset.position).toBeUndefined();
    expect(lockout.querySelector(".kind")!.textContent!.trim()).toBe("PIN lockout");
    expect(lockout.querySelector(".order-cell")!.textContent!.trim()).toBe("—");
    expect(lockout.querySelector(".amount")!.textContent!.trim()).toBe("—");
    expect(lockout.querySelector(".actor")!.textContent).toBe("Alex Cashier");
    expect(lockout.querySelector(".authoriser")).toBeNull();
    expect(lockout.querySelector(".detail")!.textContent).toMatch(/^5 wrong PINs/);
    expect(rows()[1]!.dataset.order).toBe(String(orderId));

    // Clicking it, or Enter on it, only selects it: there is no order to open.
    rows()[1]!.click();
    await waitFor(() => $("#timeline"), "the void opens its order");
    press("Escape");
    await waitFor(() => $("#audit-screen") && rows().length === 2, "back to the audit");
    click('#audit tr[data-kind="pinLockout"]');
    press("Enter");
    await new Promise((r) => setTimeout(r, 30));
    expect($("#audit-screen")).not.toBeNull();
    expect($("#timeline")).toBeNull();
    expect(rows()[0]!.getAttribute("aria-selected")).toBe("true");

    // Totals: the lockout counts, with no amount (and so do the three sign-ins and -outs).
    expect($("#audit-totals")!.dataset.count).toBe("5");
    expect($("#audit-totals")!.dataset.amount).toBe("9.00");
    expect($('#audit-totals [data-key="pinLockout"] .bar-value')!.textContent).toBe("0.00 · 1×");

    click("#audit-kind-pinLockout");
    await waitFor(() => rows().length === 1 && rows()[0]!.dataset.kind === "pinLockout", "lockouts only");
    expect($("#audit-totals")!.dataset.count).toBe("1");
    click("#audit-kind-pinLockout");
    await waitFor(() => rows().length === 2, "every kind again");

    // A minimum amount leaves the lockout out (it is worth 0).
    type("#audit-min-amount", "0.01");
    await waitFor(() => rows().length === 1 && rows()[0]!.dataset.kind === "orderVoid", "only the void");

    // The staff filter: the manager authorised the void but was not locked out.
    type("#audit-min-amount", "");
    const staff = $<HTMLSelectElement>("#audit-staff")!;
    await waitFor(() => staff.options.length > 1, "the staff list");
    staff.value = "2";
    staff.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => rows().length === 1 && rows()[0]!.dataset.kind === "orderVoid", "Morgan's entries");
  });

  it("shows the core's totals of everything the filters match, beyond the rows listed", async () => {
    const decreases = AUDIT_ROWS_SHOWN + 6;
    const { core, ipc } = await start({
      before: async (core) => {
        // The manager rings them up: a cashier would need an approval for each decrease of so dear a line.
        await core.call("sign_in", { code: "9001", pin: "9999" });
        const { order } = await core.call<Outcome>("open_order", { commandId: crypto.randomUUID() });
        await command(core, order.id, { type: "addItem", code: "COF-ESP", quantity: decreases + 1 });
        for (let q = decreases; q >= 1; q--) await command(core, order.id, { type: "changeQuantity", line: 1, quantity: q });
        await core.call("sign_out");
      },
    });
    await signIn("9001", "9999");
    alt("A");
    await waitFor(() => $("#audit-more"), "more than are listed");
    expect($$("#audit tr[data-key]").length).toBe(AUDIT_ROWS_SHOWN);
    // The decreases, and the manager signing in and out before and in again now.
    expect($("#audit-totals")!.dataset.count).toBe(String(decreases + 3));
    expect(text("#audit-more")).toContain("… and 9 more");
    const filter = { kinds: [], staff: null, from: null, to: null, minAmount: null, limit: null, offset: null };
    const expected = await core.call<AuditTotals>("audit_totals", { filter });
    expect($("#audit-totals")!.dataset.amount).toBe(expected.amount);
    // 306 decreases of one espresso each: the core's sum, not the listed rows'.
    expect(expected.amount).toBe("673.20");
    expect(ipc.of("audit_totals").length).toBeGreaterThan(0);
  });
});
