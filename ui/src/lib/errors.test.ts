import { afterEach, describe, expect, it } from "vitest";
import type { ErrorBody } from "../bindings/ErrorBody";
import { errorText, toErrorBody } from "./errors";
import { setLanguage } from "./i18n/locale.svelte";
import { setMinorUnit } from "./money";

afterEach(() => {
  setLanguage("en");
  setMinorUnit(2);
});

describe("errors", () => {
  it("keeps the core's code and message", () => {
    expect(toErrorBody({ code: "wrong_pin", message: "Wrong staff code or PIN" })).toEqual({
      code: "wrong_pin",
      message: "Wrong staff code or PIN",
    });
  });

  it("keeps the message's key and params when the core sends them", () => {
    const sent = { code: "required", message: "Price is required", field: "price", key: "required", params: { field: { kind: "term", value: "field.price" } } };
    expect(toErrorBody(sent)).toEqual(sent);
  });

  it("turns anything else into code unexpected", () => {
    expect(toErrorBody("command sign_in not found")).toEqual({ code: "unexpected", message: "command sign_in not found" });
    expect(toErrorBody(new Error("boom"))).toEqual({ code: "unexpected", message: "boom" });
    expect(toErrorBody({ code: 3, message: "x" })).toEqual({ code: "unexpected", message: "[object Object]" });
    expect(toErrorBody(undefined)).toEqual({ code: "unexpected", message: "undefined" });
  });
});

describe("errorText", () => {
  const tenderShort: ErrorBody = {
    code: "tender_short",
    message: "Tendered 1000.5 does not cover the total 1250.00",
    key: "tenderShort",
    params: { due: { kind: "amount", value: "1250.00" }, tendered: { kind: "amount", value: "1000.5" } },
  };
  const required: ErrorBody = { code: "required", message: "Price is required", key: "required", params: { field: { kind: "term", value: "field.price" } } };

  it("says a refusal in English with its amounts in the shop's currency", () => {
    // Given the English screen and a refusal with two amounts
    // Then the catalog's words carry the amounts with the currency's decimals
    expect(errorText(tenderShort)).toBe("Tendered 1000.50 does not cover the total 1250.00");
  });

  it("says the same refusal in German, amounts as German writes them", () => {
    // Given the German screen
    setLanguage("de");
    // Then the German words, with decimal comma and grouping
    expect(errorText(tenderShort)).toBe("Gegeben 1.000,50 deckt die Summe 1.250,00 nicht");
  });

  it("writes amounts with the shop's currency's decimals", () => {
    // Given a currency without decimals (JPY)
    setMinorUnit(0);
    const yen: ErrorBody = { ...tenderShort, params: { due: { kind: "amount", value: "1250" }, tendered: { kind: "amount", value: "1000" } } };
    expect(errorText(yen)).toBe("Tendered 1000 does not cover the total 1250");
  });

  it("translates the field a refusal names", () => {
    expect(errorText(required)).toBe("Price is required");
    setLanguage("de");
    expect(errorText(required)).toBe("Preis fehlt: bitte ausfüllen");
  });

  it("writes numbers, percents and days as the language does", () => {
    const closed: ErrorBody = { code: "day_closed", message: "…", key: "dayClosed", params: { day: { kind: "date", value: "2026-11-23" }, z: { kind: "number", value: 4 } } };
    const over: ErrorBody = { code: "percents_over_100", message: "…", key: "percentsOver100", params: { already: { kind: "percent", value: "12.5" } } };
    expect(errorText(closed)).toBe("The day 2026-11-23 is closed (Z-4): nothing more is taken into it unless a manager reopens it");
    expect(errorText(over)).toBe("Percent discounts here already add up to 12.5%; together they cannot pass 100%");
    setLanguage("de");
    expect(errorText(closed)).toBe("Der Tag 23.11.2026 ist abgeschlossen (Z-4): nichts wird mehr darauf gebucht, außer ein Filialleiter öffnet ihn wieder");
    expect(errorText(over)).toBe("Die Prozentrabatte hier ergeben schon 12,5 %; zusammen dürfen sie 100 % nicht überschreiten");
  });

  it("shows the core's own message when there is no key, or one the catalog lacks", () => {
    setLanguage("de");
    // An older server, or a rejection that is not the core's
    expect(errorText({ code: "unexpected", message: "boom" })).toBe("boom");
    // A key a newer core sends that this UI does not know yet
    expect(errorText({ code: "x", message: "Something new", key: "somethingNew", params: {} })).toBe("Something new");
  });

  it("shows an older till's or server's refusal in its own words when its params are not the catalog's", () => {
    setLanguage("de");
    // Given `invalid` with its problem as English text, as every till sent it before problems were typed
    const older: ErrorBody = { code: "invalid_input", message: "PIN: too easy to guess: not all one digit", key: "invalid", params: { field: { kind: "term", value: "field.pin" }, problem: { kind: "text", value: "too easy to guess: not all one digit" } } };
    // Then the catalog's general text still shows it, the field in the language shown
    expect(errorText(older)).toBe("PIN: too easy to guess: not all one digit");
    // Given a key sent with a param fewer than the catalog names
    const fewer: ErrorBody = { code: "not_yet_recorded", message: "Staff member #3 did not exist yet at that time", key: "notYetRecorded", params: { what: { kind: "text", value: "Staff member #3" } } };
    // Then its English message is shown rather than a placeholder
    expect(errorText(fewer)).toBe("Staff member #3 did not exist yet at that time");
  });

  it("shows text params as they came, and a term the catalog lacks as its key", () => {
    const notFound: ErrorBody = { code: "not_found", message: "…", key: "notFound", params: { what: { kind: "term", value: "field.nothingLikeThis" }, name: { kind: "text", value: "COFFEE" } } };
    expect(errorText(notFound)).toBe("field.nothingLikeThis \"COFFEE\" does not exist");
  });
});
