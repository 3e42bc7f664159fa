// Vitest's global setup: builds the core's `pos` binary and starts one
// `pos serve --scratch` for the whole run. Each UI test then asks it for a
// fresh till (a temporary database with the demo shop) and routes the app's
// IPC there (uiTest.ts), so every total, refusal and report the tests see is
// the real core's.

import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The running `pos serve`, e.g. "http://127.0.0.1:41234". */
    posUrl: string;
  }
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where cargo puts the binary: $CARGO_TARGET_DIR, else <repo>/target. */
function posBinary(): string {
  const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(REPO, "target");
  return join(target, "debug", process.platform === "win32" ? "pos.exe" : "pos");
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A `pos serve` already running (started by hand, say): use it as it is.
  if (process.env.POS_SERVE_URL) {
    project.provide("posUrl", process.env.POS_SERVE_URL.replace(/\/+$/, ""));
    return async () => undefined;
  }
  // POS_BIN: a `pos` built already (scripts/test builds it with the workspace,
  // so its dependencies' features match and nothing is built twice). Else build
  // only what the tests need (cargo answers at once when it is up to date).
  const given = process.env.POS_BIN;
  if (!given) {
    execFileSync("cargo", ["build", "--quiet", "-p", "pos-core", "--bin", "pos"], { cwd: REPO, stdio: ["ignore", "inherit", "inherit"] });
  }
  const bin = given ? resolve(given) : posBinary();
  if (!existsSync(bin)) throw new Error(`cargo built no ${bin}`);
  const child = spawn(bin, ["serve", "--scratch", "--port", "0"], { cwd: REPO, stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error("pos serve said nothing for 60 s")), 60_000);
    child.once("exit", (code) => fail(new Error(`pos serve exited (${code}) before listening`)));
    lines.once("line", (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
      if (m) ok(m[1]!);
      else fail(new Error(`pos serve's first line was not "listening on …": ${line}`));
    });
  });
  // Keep reading its output, so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  project.provide("posUrl", url);
  return async () => {
    // It exits when its standard input closes; a kill only if it does not.
    child.stdin!.end();
    const late = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(late);
  };
}
