// The till in German, on the real core: the language is switched in Help
// (F1), kept for the next start, and every label of the sign-in card, the
// register, the payment and the receipt is German; money shows German
// separators with the core's digits.

import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "./lib/i18n/locale.svelte";
import { $, $$, alt, cleanup, press, scan, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(() => {
  cleanup();
  localStorage.clear();
  setLanguage("en");
  delete document.documentElement.dataset.contrast;
  delete document.documentElement.dataset.text;
});

describe("language", () => {
  it("switches to German in Help, signs in and rings up a sale in German, and stays German at the next start", async () => {
    const { ipc } = await start();
    expect(document.documentElement.lang).toBe("en");
    expect(text("#signin .muted")).toBe("Sign in to the till");
    // The web engine is told the screen's language, for the date fields it writes itself.
    const told = () => ipc.sent.filter((s) => s.command === "screen_language").map((s) => s.args.language);
    expect(told()).toEqual(["en"]);
    await signIn();
    press("F1");
    await waitFor(() => $("#display-language"), "the language in Help");
    expect(text("#modal-title")).toBe("Keys and display");
    type("#display-language", "de");
    await waitFor(() => text("#modal-title") === "Tasten und Anzeige", "Help in German");
    expect(document.documentElement.lang).toBe("de");
    await waitFor(() => told().at(-1) === "de", "the web engine told German");
    expect(text("#display-prefs legend")).toBe("Anzeige an dieser Kasse");
    press("Escape");
    await waitFor(() => !$("#modal"), "Help closed");

    // Sign out and back in: the sign-in card speaks German too.
    press("F11");
    await waitFor(() => $("#signin-code"), "sign-in card");
    expect(text("#signin .muted")).toBe("An der Kasse anmelden");
    expect(text("#signin-submit")).toContain("Anmelden");
    await signIn();
    expect(text("#staff-role")).toBe("Kassierer");
    expect(text("#signout-button")).toContain("Abmelden");
    await waitFor(() => text("#status").startsWith("Verbunden · 36 Produkte"), "German status line");

    await scan("COF-ESP");
    expect($$(".lines thead th").map((th) => th.textContent?.trim())).toEqual(["#", "Menge", "Artikel", "Einzelpreis", "Rabatt", "Summe"]);
    expect(text("#order-status")).toBe("offen");
    expect(text(".sums dt")).toBe("Zwischensumme");
    expect(text("#pay-button")).toContain("Bezahlen");
    expect(text('#lines tr[data-line="1"] .sku')).toMatch(/^COF-ESP · MwSt\. \d+(,\d+)?\u00a0%$/);
    // The core's digits, with a German decimal comma.
    const total = text("#total");
    expect(total).toMatch(/^\d+,\d\d$/);

    press("F12");
    await waitFor(() => $("#quick-cash button"), "payment");
    expect(text("#modal-title")).toBe("Zahlung");
    expect(text("#tender-mode-cash")).toContain("Bar");
    expect(text("#tender-total")).toBe(total);
    alt("C");
    press("1", { altKey: true, code: "Digit1" });
    press("Enter");
    await waitFor(() => $("#receipt-total"), "receipt");
    expect(text("#modal-title")).toBe("Bezahlt");
    expect(text("#receipt-total")).toBe(total);
    expect(text(".r-thanks")).toBe("Vielen Dank");
    expect(text("#notice")).toBe("Bon T1-1 bezahlt · Rückgeld 0,00");

    // The choice is kept for the next start.
    cleanup();
    setLanguage("en");
    await start();
    expect(document.documentElement.lang).toBe("de");
    expect(text("#signin .muted")).toBe("An der Kasse anmelden");
  });

  it("shows the core's refusals in the language chosen, by their key", async () => {
    await start();
    await signIn();
    press("F1");
    await waitFor(() => $("#display-language"), "Help");
    type("#display-language", "de");
    press("Escape");
    press("F11");
    await waitFor(() => $("#signin-code"), "sign-in card");
    type("#signin-code", "1001");
    type("#signin-pin", "0000");
    submit("#signin-submit");
    await waitFor(() => $("#signin-error")?.dataset.code === "wrong_pin", "wrong_pin");
    expect(text("#signin-error")).toBe("Personalnummer oder PIN falsch");
  });
});
