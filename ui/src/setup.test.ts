// First run of a real shop on the real core (pos serve): a new database
// without the demo asks for its setup; the core's rules on PINs and till ids
// show on the card; the first manager is signed in and the till id shows.

import { afterEach, describe, expect, it } from "vitest";
import type { StaffMember } from "./bindings/StaffMember";
import { formatMoney, setMinorUnit } from "./lib/money";
import { $, cleanup, signIn, start, submit, text, type, waitFor } from "./uiTest";

afterEach(() => {
  setMinorUnit(2);
  return cleanup();
});

function fill(fields: Record<string, string>): void {
  for (const [id, value] of Object.entries(fields)) type(`#setup-${id}`, value);
}

const shop = {
  "shop-name": "Bakery on the Corner",
  currency: "chf",
  "till-id": "t2",
  "manager-name": "Sam Owner",
  "manager-code": "4242",
  "manager-pin": "2580",
  "manager-pin-again": "2580",
};

describe("first-run setup", () => {
  it("opens a new database on the setup card, not the sign-in card, and the demo staff do not exist", async () => {
    const { core } = await start({ demo: false });
    expect($("#signin-code")).toBeNull();
    expect(($("#setup-till-id") as HTMLInputElement).value).toBe("T1");
    await expect(core.call("sign_in", { code: "9001", pin: "9999" })).rejects.toMatchObject({ code: "wrong_pin" });
  });

  it("refuses a PIN that is easy to guess, and two PINs that differ, with the core's words", async () => {
    await start({ demo: false });
    fill({ ...shop, "manager-pin": "1234", "manager-pin-again": "1234" });
    submit("#setup-submit");
    await waitFor(() => text("#setup-error").includes("not a run"), "run refused");
    expect($("#setup-error")!.dataset.code).toBe("invalid_input");
    fill({ "manager-pin": "7777", "manager-pin-again": "7777" });
    submit("#setup-submit");
    await waitFor(() => text("#setup-error").includes("not all one digit"), "one digit refused");
    fill({ "manager-pin": "2580", "manager-pin-again": "2581" });
    submit("#setup-submit");
    await waitFor(() => text("#setup-error").includes("differ"), "mismatch refused");
    expect($("#setup")).not.toBeNull();
  });

  it("sets up the shop, signs the new manager in, and shows the till id and the shop's name", async () => {
    const { core } = await start({ demo: false });
    fill(shop);
    submit("#setup-submit");
    await waitFor(() => text("#staff-name") === "Sam Owner", "signed in");
    expect($("#setup")).toBeNull();
    await waitFor(() => text("#till-id") === "Till T2", "till id");
    await waitFor(() => text("#shop-name") === "Bakery on the Corner", "shop name");
    expect(await core.call("terminal")).toBe("T2");
    const settings = await core.call<{ currency: string }>("shop_settings");
    expect(settings.currency).toBe("CHF");
    // Setup happens once: a second try is refused by the core.
    await expect(core.call("set_up_shop", { shopName: "X", currency: "EUR", tillId: "T9", managerName: "Y", managerCode: "1", managerPin: "2580", managerPinAgain: "2580" })).rejects.toMatchObject({ code: "already_set_up" });
  });

  it("signs the new manager in again after a sign-out, with the PIN chosen at setup", async () => {
    const { core } = await start({ demo: false });
    fill(shop);
    submit("#setup-submit");
    await waitFor(() => text("#staff-name") === "Sam Owner", "signed in");
    await core.call("sign_out");
    const me = await core.call<StaffMember>("sign_in", { code: "4242", pin: "2580" });
    expect(me.role).toBe("manager");
  });

  it("shows the sign-in card on a demo database, with its till id", async () => {
    await start();
    expect($("#setup")).toBeNull();
    await signIn();
    await waitFor(() => text("#till-id") === "Till T1", "till id");
  });

  it("sets up a shop in Kuwaiti dinars: the core gives three decimals and the screens show them", async () => {
    const { core } = await start({ demo: false });
    fill({ ...shop, currency: "kwd" });
    submit("#setup-submit");
    await waitFor(() => text("#staff-name") === "Sam Owner", "signed in");
    const settings = await core.call<{ currency: string; minorUnit: number }>("shop_settings");
    expect([settings.currency, settings.minorUnit]).toEqual(["KWD", 3]);
    await waitFor(() => formatMoney("1.5") === "1.500", "three decimals");
    expect(formatMoney("2.345")).toBe("2.345");
  });

  it("keeps the shop's time zone chosen at setup, and refuses one the core does not know", async () => {
    const { core } = await start({ demo: false });
    fill({ ...shop, "time-zone": "Mars/Olympus" });
    submit("#setup-submit");
    await waitFor(() => $("#setup-error")?.dataset.code === "unknown_time_zone", "unknown zone refused");
    expect(text("#setup-error")).toContain("Mars/Olympus");
    fill({ "time-zone": "Asia/Tokyo" });
    submit("#setup-submit");
    await waitFor(() => text("#staff-name") === "Sam Owner", "signed in");
    const settings = await core.call<{ timeZone: string; timeZoneFromSystem: boolean }>("shop_settings");
    expect([settings.timeZone, settings.timeZoneFromSystem]).toEqual(["Asia/Tokyo", false]);
  });

  it("prints receipts in the screen's language unless another is chosen, and records the choice", async () => {
    const { core } = await start({ demo: false });
    expect($<HTMLSelectElement>("#setup-language")!.value).toBe("en");
    fill(shop);
    type("#setup-language", "de");
    submit("#setup-submit");
    await waitFor(() => text("#staff-name") === "Sam Owner", "signed in");
    const settings = await core.call<{ language: string }>("shop_settings");
    expect(settings.language).toBe("de");
    expect(document.documentElement.lang).toBe("en");
  });

  it("refuses a code that is not an ISO 4217 currency, with the core's words", async () => {
    await start({ demo: false });
    fill({ ...shop, currency: "xyz" });
    submit("#setup-submit");
    await waitFor(() => text("#setup-error").includes("not an ISO 4217 currency"), "unknown currency refused");
  });
});
