// The receipt printer on the real core (pos serve), in happy-dom: set up in
// the back office as a device file, a cash sale's receipt printed at once
// with the drawer kick, a reprint marked COPY, and a refusal under its field.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { $, cleanup, click, openBackOffice, press, sell, start, submit, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

const KICK = "\u001bp";

function choose(css: string, value: string) {
  const select = $<HTMLSelectElement>(css)!;
  select.value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

/** A manager in the back office's settings, on a new till with a printer file to be. */
async function settingsAsManager(): Promise<string> {
  const device = join(mkdtempSync(join(tmpdir(), "pos-ui-")), "printer.bin");
  await start();
  await openBackOffice(3);
  await waitFor(() => $("#printer-kind"), "the printer form");
  return device;
}

/** Prints the test page on `device` and answers what the printer got. */
async function testPrint(device: string): Promise<string> {
  type("#printer-path", device);
  click("#printer-test");
  await waitFor(() => text("#printer-saved").startsWith("Test page sent"), "the test page, announced in the screen's language");
  return readFileSync(device, "latin1");
}

/** Back to the register, an espresso paid with the first quick-cash button; what the printer got for it. */
async function cashSale(device: string): Promise<string> {
  const before = readFileSync(device).length;
  press("Escape");
  await waitFor(() => $("#entry"), "the register");
  await sell("COF-ESP");
  await waitFor(() => text("#receipt-printed"), "printed at once");
  return readFileSync(device).subarray(before).toString("latin1");
}

describe("receipt printer", () => {
  it("is set up in the back office, prints a cash sale with the drawer kick, and marks a reprint COPY", async () => {
    const device = await settingsAsManager();
    choose("#printer-kind", "device");
    await waitFor(() => $("#printer-path"), "the device field");
    type("#printer-path", "lp0");
    submit("#printer-save");
    await waitFor(() => $("#printer-error-path"), "the refusal under the field");
    expect($("#printer-error-path")!.dataset.code).toBe("invalid_input");
    expect(await testPrint(device)).toContain("Test print");
    const afterTest = readFileSync(device).length;

    const sale = await cashSale(device);
    expect(text("#receipt-printed")).toBe(`Printed on the printer ${device} · drawer open`);
    expect(sale).toContain("1 x Espresso");
    expect(sale).toContain(KICK);
    expect(sale).not.toContain("COPY");

    press("p", { ctrlKey: true, code: "KeyP" });
    await waitFor(() => text("#receipt-printed").startsWith("Copy printed"), "the reprint");
    const reprint = readFileSync(device).subarray(afterTest + Buffer.byteLength(sale, "latin1")).toString("latin1");
    expect(reprint).toContain("COPY");
    expect(reprint).not.toContain(KICK);
  });

  it("prints in the language the shop chose in the settings, while the screen keeps its own", async () => {
    const device = await settingsAsManager();
    expect($<HTMLSelectElement>("#settings-language")!.value).toBe("en");
    choose("#settings-language", "de");
    submit("#settings-form");
    await waitFor(() => $("#settings-saved"), "saved");
    expect($<HTMLSelectElement>("#settings-language")!.value).toBe("de");
    choose("#printer-kind", "device");
    await waitFor(() => $("#printer-path"), "the device field");
    expect(await testPrint(device)).toContain("Testdruck");

    const sale = await cashSale(device);
    expect(sale).toContain("SUMME EUR");
    expect(sale).toContain("Rückgeld");
    expect(sale).toMatch(/1 x Espresso +2,20/);
    expect(sale).not.toContain("TOTAL");
    expect(text("#receipt-printed")).toBe(`Printed on the printer ${device} · drawer open`);
  });
});
