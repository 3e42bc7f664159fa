import { describe, expect, it } from "vitest";
import { CommandQueue } from "./queue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("command queue", () => {
  it("runs tasks one at a time in the order queued", async () => {
    const q = new CommandQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([q.run(task("a", 15)), q.run(task("b", 1)), q.run(task("c", 8))]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("keeps going after a failure", async () => {
    const q = new CommandQueue();
    const failed = q.run(async () => {
      throw new Error("no");
    });
    const next = q.run(async () => "yes");
    await expect(failed).rejects.toThrow("no");
    await expect(next).resolves.toBe("yes");
  });

  it("counts what is pending", async () => {
    const seen: number[] = [];
    const q = new CommandQueue((n) => seen.push(n));
    const a = q.run(() => sleep(2));
    const b = q.run(() => sleep(2));
    expect(q.pending).toBe(2);
    await Promise.all([a, b]);
    await q.idle();
    expect(q.pending).toBe(0);
    expect(seen).toEqual([1, 2, 1, 0]);
  });
});
