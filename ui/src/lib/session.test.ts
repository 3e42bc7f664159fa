import { describe, expect, it } from "vitest";
import { watchSession } from "./session";

describe("session watch", () => {
  it("reports not_signed_in refusals and passes everything else through", async () => {
    const lost: string[] = [];
    const backend = {
      ok: async (n: number) => n + 1,
      gone: async () => Promise.reject({ code: "not_signed_in", message: "Sign in first" }),
      other: async () => Promise.reject({ code: "wrong_pin", message: "Wrong staff code or PIN" }),
      signIn: async () => Promise.reject({ code: "not_signed_in", message: "x" }),
      name: "fake",
    };
    const watched = watchSession(backend, { session: () => 1, lost: (e) => lost.push(e.message) });
    await expect(watched.ok(1)).resolves.toBe(2);
    await expect(watched.gone()).rejects.toMatchObject({ code: "not_signed_in" });
    await expect(watched.other()).rejects.toMatchObject({ code: "wrong_pin" });
    await expect(watched.signIn()).rejects.toMatchObject({ code: "not_signed_in" });
    expect(watched.name).toBe("fake");
    expect(lost).toEqual(["Sign in first"]);
    backend.ok = async (n: number) => n * 10;
    await expect(watched.ok(2)).resolves.toBe(20);
  });

  it("ignores a refusal of a call sent before the latest sign-in", async () => {
    const lost: string[] = [];
    let session = 1;
    let refuse: (e: unknown) => void = () => undefined;
    const backend = { slow: () => new Promise((_, no) => (refuse = no)) };
    const watched = watchSession(backend, { session: () => session, lost: (e) => lost.push(e.code) });
    const late = watched.slow();
    session = 2;
    refuse({ code: "not_signed_in", message: "Sign in first" });
    await expect(late).rejects.toMatchObject({ code: "not_signed_in" });
    expect(lost).toEqual([]);
    const now = watched.slow();
    refuse({ code: "not_signed_in", message: "Sign in first" });
    await expect(now).rejects.toMatchObject({ code: "not_signed_in" });
    expect(lost).toEqual(["not_signed_in"]);
  });
});
