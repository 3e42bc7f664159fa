// Enrolling the till with the shop server from the back office, on the real
// core (pos serve), in happy-dom: the core checks what is typed and says why
// an enrolment fails; with no server answering, the till stays on its own.

import { afterEach, describe, expect, it } from "vitest";
import { $, cleanup, click, openBackOffice, start, text, type, waitFor } from "./uiTest";

afterEach(cleanup);

async function settingsTab() {
  await openBackOffice(3);
  await waitFor(() => $("#enrol-state"), "the shop server form");
}

describe("the shop server form", () => {
  it("says the till is on its own, and shows the core's refusal of each part typed", async () => {
    await start();
    await settingsTab();
    expect($("#enrol-state")!.dataset.enrolled).toBe("no");
    // an address that is not one names its field
    type("#enrol-server", "shop.local");
    type("#enrol-shop", "S1");
    type("#enrol-code", "ABCD-EFGH");
    click("#enrol-submit");
    await waitFor(() => $("#enrol-error-server")?.dataset.code === "invalid_input", "the address refused");
    expect(text("#enrol-error-server")).toContain("http://192.168.1.10:8470");
    // a server nobody answers at is unreachable, said under the form, and nothing is enrolled
    type("#enrol-server", "http://127.0.0.1:1");
    click("#enrol-submit");
    await waitFor(() => $("#enrol-error")?.dataset.code === "unreachable", "unreachable");
    expect(text("#enrol-error")).toContain("http://127.0.0.1:1");
    expect($("#enrol-error-server")).toBeNull();
    expect($("#enrol-done")).toBeNull();
    expect($("#enrol-state")!.dataset.enrolled).toBe("no");
    expect($<HTMLInputElement>("#enrol-code")!.value).toBe("ABCD-EFGH");
  });
});
