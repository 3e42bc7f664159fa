// High contrast and larger text, switched from Help (F1), kept for the next start.

import { afterEach, describe, expect, it } from "vitest";
import { $, cleanup, click, press, signIn, start, waitFor } from "./uiTest";

afterEach(() => {
  cleanup();
  localStorage.clear();
  delete document.documentElement.dataset.contrast;
  delete document.documentElement.dataset.text;
});

describe("display preferences", () => {
  it("switch from Help and come back at the next start", async () => {
    const { ipc } = await start();
    expect(document.documentElement.dataset.contrast).toBe("normal");
    await signIn();
    press("F1");
    await waitFor(() => $("#display-contrast"), "the display preferences in Help");
    click("#display-contrast");
    click("#display-large-text");
    await waitFor(() => document.documentElement.dataset.contrast === "high", "high contrast");
    expect(document.documentElement.dataset.text).toBe("large");
    // The language did not change: the web engine was told it once, at the start.
    expect(ipc.sent.filter((s) => s.command === "screen_language").length).toBe(1);

    cleanup();
    delete document.documentElement.dataset.contrast;
    await start();
    expect(document.documentElement.dataset.contrast).toBe("high");
    expect(document.documentElement.dataset.text).toBe("large");
  });
});
