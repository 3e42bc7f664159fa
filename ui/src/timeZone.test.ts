// The shop's time zone on the real core (pos serve), in happy-dom: a manager
// names it in the back office's settings (the core checks the name), and the
// screens then show times in it, whatever zone the machine runs in.

import { afterEach, describe, expect, it } from "vitest";
import { $, cleanup, click, openBackOffice, press, sell, start, text, type, waitFor } from "./uiTest";

const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
  cleanup();
});

async function settingsTab() {
  await openBackOffice(3);
  return waitFor(() => $<HTMLInputElement>("#settings-time-zone"), "the time zone field");
}

/** A manager names the shop's time zone in the settings, then goes back to the register. */
async function shopInZone(zone: string) {
  await settingsTab();
  type("#settings-time-zone", zone);
  click("#settings-save");
  await waitFor(() => $("#settings-saved"), "saved");
  press("Escape");
  await waitFor(() => $("#register"), "the register");
}

describe("the shop's time zone", () => {
  it("is the core's to check: an unknown name is refused, a known one saved", async () => {
    await start();
    const field = await settingsTab();
    expect(field.value).not.toBe("");
    expect($("#settings-time-zones option")).not.toBeNull();
    type("#settings-time-zone", "Mars/Olympus");
    click("#settings-save");
    await waitFor(() => $("#message")?.dataset.code === "unknown_time_zone", "refused");
    expect(text("#message")).toContain("Mars/Olympus");
    expect($("#settings-saved")).toBeNull();
    type("#settings-time-zone", "Asia/Tokyo");
    click("#settings-save");
    await waitFor(() => $("#settings-saved"), "saved");
    expect($<HTMLInputElement>("#settings-time-zone")!.value).toBe("Asia/Tokyo");
  });

  it("shows a receipt's time in the shop's zone, not the machine's, on the fall-back night", async () => {
    process.env.TZ = "America/New_York";
    // The till's clock at 02:40 summer time in Berlin on 25 October 2026 (it moves on 17 s a call).
    await start({ start: "2026-10-25T00:40:00Z" });
    await shopInZone("Europe/Berlin");
    await sell("COF-ESP");
    await waitFor(() => $("#receipt-number"), "the receipt");
    const shown = $("#receipt-number")!.parentElement!.nextElementSibling!.textContent!.trim();
    expect(shown).toMatch(/^2026-10-25 02:[45]\d$/);
    expect(shown.slice(0, 10)).not.toBe("2026-10-24"); // New York's date at that moment
  });

  it("opens the day report on today in the shop's zone, learnt after the app started", async () => {
    // given a machine a day ahead of the shop (Kiritimati, UTC+14; the shop in Pago Pago, UTC-11)
    process.env.TZ = "Pacific/Kiritimati";
    await start();
    await shopInZone("Pacific/Pago_Pago");
    // when the manager opens the day report
    press("R", { altKey: true, code: "KeyR" });
    await waitFor(() => $("#report-date"), "the report");
    // then it shows the shop's today, not the machine's
    const shopToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Pago_Pago" }).format(new Date());
    await waitFor(() => $<HTMLInputElement>("#report-date")!.value === shopToday, `the shop's today ${shopToday}`);
  });
});
