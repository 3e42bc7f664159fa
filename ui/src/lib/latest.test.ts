import { describe, expect, it } from "vitest";
import { LatestLoader } from "./latest";
import { Lru } from "./lru";

/** A fetch whose answers the test releases by hand. */
function manual() {
  const pending: { key: number; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (key: number) => new Promise<string>((resolve, reject) => pending.push({ key, resolve, reject }));
  return { fetch, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("latest-only loader", () => {
  it("keeps one request in flight and fetches only the latest wanted key next", async () => {
    const { fetch, pending } = manual();
    const shown: [number, string, boolean][] = [];
    const loader = new LatestLoader<number, string>({ fetch, deliver: (k, v, latest) => shown.push([k, v, latest]), cache: new Lru(8) });
    loader.request(1);
    loader.request(2);
    loader.request(3);
    loader.request(4);
    expect(pending.map((p) => p.key)).toEqual([1]);
    pending[0]!.resolve("v1");
    await tick();
    // 1 is shown while 4 loads (the drag keeps moving); 2 and 3 are never fetched.
    expect(shown).toEqual([[1, "v1", false]]);
    expect(pending.map((p) => p.key)).toEqual([1, 4]);
    pending[1]!.resolve("v4");
    await tick();
    expect(shown.at(-1)).toEqual([4, "v4", true]);
    expect(loader.fetches).toBe(2);
    expect(loader.busy).toBe(false);
  });

  it("answers from the cache at once and never shows an older answer after the wanted one", async () => {
    const { fetch, pending } = manual();
    const shown: number[] = [];
    const loader = new LatestLoader<number, string>({ fetch, deliver: (k) => shown.push(k), cache: new Lru(8) });
    loader.request(1);
    pending[0]!.resolve("v1");
    await tick();
    loader.request(2);
    loader.request(1); // cached: shown at once while 2 is still in flight
    expect(shown).toEqual([1, 1]);
    pending[1]!.resolve("v2");
    await tick();
    expect(shown).toEqual([1, 1]);
    expect(pending).toHaveLength(2);
  });

  it("reports a failure only for the wanted key, and moves on", async () => {
    const { fetch, pending } = manual();
    const failed: number[] = [];
    const shown: number[] = [];
    const loader = new LatestLoader<number, string>({ fetch, deliver: (k) => shown.push(k), fail: (k) => failed.push(k) });
    loader.request(1);
    loader.request(2);
    pending[0]!.reject(new Error("x"));
    await tick();
    expect(failed).toEqual([]);
    expect(pending.map((p) => p.key)).toEqual([1, 2]);
    pending[1]!.reject(new Error("y"));
    await tick();
    expect(failed).toEqual([2]);
    loader.request(3);
    loader.dispose();
    pending[2]!.resolve("v3");
    await tick();
    expect(shown).toEqual([]);
  });
});
