import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { ipcCall } from "./ipc";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("invokes the command by name with its arguments as given", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((command, args) => {
      seen.push([command, args]);
      return { ok: true };
    });
    await expect(ipcCall("timeline_at", { orderId: 7, version: 3, rows: 80 })).resolves.toEqual({ ok: true });
    await ipcCall("app_status");
    expect(seen).toEqual([
      ["timeline_at", { orderId: 7, version: 3, rows: 80 }],
      ["app_status", {}],
    ]);
  });

  it("passes the core's errors through and normalizes anything else", async () => {
    const body = { code: "wrong_pin", message: "Wrong staff code or PIN" };
    mockIPC(() => Promise.reject(body));
    await expect(ipcCall("sign_in", { code: "1", pin: "2" })).rejects.toEqual(body);
    mockIPC(() => Promise.reject("Command sign_in not found"));
    await expect(ipcCall("sign_in", { code: "1", pin: "2" })).rejects.toEqual({ code: "unexpected", message: "Command sign_in not found" });
  });
});
