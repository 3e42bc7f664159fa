// The manager's integrity panel on the real core (pos serve), in happy-dom: a
// chain head typed in from a printed day report is checked by the core, and
// the answer is shown in plain words.

import { afterEach, describe, expect, it } from "vitest";
import type { DayReport } from "./bindings/DayReport";
import type { Outcome } from "./bindings/Outcome";
import type { CoreTill } from "./test/core";
import { setLanguage } from "./lib/i18n/locale.svelte";
import { $, alt, cleanup, click, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(() => {
  setLanguage("en");
  cleanup();
});

/** An order of two lines (three events), between a sign-in and a sign-out, after the demo shop's own events. */
async function anOrder(core: CoreTill): Promise<void> {
  await core.call("sign_in", { code: "1001", pin: "1234" });
  const { order } = await core.call<Outcome>("open_order", { commandId: crypto.randomUUID() });
  for (const code of ["BRD-SOU", "COF-ESP"]) {
    await core.call("order_command", { orderId: order.id, commandId: crypto.randomUUID(), request: { type: "addItem", code, quantity: 1 }, approval: null, expectedVersion: null });
  }
  await core.call("sign_out");
}

async function checkHead(head: string): Promise<HTMLElement> {
  type("#head-input", head);
  submit("#head-check");
  return waitFor(() => $<HTMLElement>("#head-result") ?? $<HTMLElement>("#head-error"), `the answer for ${head}`);
}

describe("integrity panel", () => {
  it("checks a head typed in from the printed day report, and names what does not fit", async () => {
    const { core } = await start({ before: anOrder });
    await signIn("9001", "9999");
    alt("R");
    await waitFor(() => $("#report-head"), "the report's chain head");
    const report = await core.call<DayReport>("day_report", { from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", terminal: null });
    const n = report.head.position;
    expect(n).toBeGreaterThan(3);
    expect(report.head.short).toBe(`${n}:${report.head.hash.slice(0, 12)}`);
    expect(text("#report-head")).toBe(report.head.short);

    alt("A");
    await waitFor(() => $("#audit-screen"), "audit");
    let answer = await checkHead(report.head.short);
    expect(answer.id).toBe("head-result");
    expect(answer.dataset.intact).toBe("true");
    expect(answer.dataset.finding).toBe("passes");
    expect(text("#head-message")).toBe(`The chain passes through ${report.head.short}, and all ${n} events are intact.`);

    // A head whose hash is not the one stored there: the chain was rewritten.
    answer = await checkHead(`${n}:${"0".repeat(12)}`);
    expect(answer.dataset.finding).toBe("rewritten");
    expect(answer.dataset.intact).toBe("false");
    expect(text("#head-message")).toContain(`The chain was rewritten: the event at position ${n} now has hash`);
    expect(text("#head-result")).toContain("The chain was changed before this head");

    // A head past the end: events were deleted.
    const past = n + 6;
    answer = await checkHead(`${past}:${report.head.hash.slice(0, 12)}`);
    expect(answer.dataset.finding).toBe("truncated");
    expect(text("#head-message")).toBe(`Events were deleted: the head ${past}:${report.head.hash.slice(0, 12)} written down is at position ${past}, but the chain now ends at position ${n}.`);

    // On a German screen the same finding reads in German, its positions as German writes them.
    setLanguage("de");
    const german = await waitFor(() => (text("#head-message").startsWith("Ereignisse") ? text("#head-message") : null), "the finding in German");
    expect(german).toBe(`Ereignisse wurden gelöscht: Der notierte Kettenkopf ${past}:${report.head.hash.slice(0, 12)} liegt bei Position ${past}, die Kette endet jetzt aber bei Position ${n}.`);
    setLanguage("en");

    // Not a head at all: the core says what one looks like.
    answer = await checkHead("4711-3f9a");
    expect(answer.id).toBe("head-error");
    expect(answer.dataset.code).toBe("bad_head");
    expect(text("#head-error")).toContain("POSITION:HASH");
    expect($("#head-result")).toBeNull();

    // The whole hash, as the export and `pos verify` print it, passes too.
    answer = await checkHead(`${n}:${report.head.hash.toUpperCase()}`);
    expect(answer.dataset.finding).toBe("passes");
    click("#verify-run");
    await waitFor(() => $('#verify-result[data-intact="true"]'), "the whole chain intact");
  });
});
