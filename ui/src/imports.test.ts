// The shape of the UI's imports: no loop, and no screen state reaching back
// into the app (each knows only the Shell interface in shell.ts).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** A file's relative imports (type-only ones included), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^"';]*?from\s+["'](\.[^"']+)["']|import\s+["'](\.[^"']+)["']/g)) {
    const spec = m[1] ?? m[2]!;
    const base = resolve(dirname(file), spec);
    const hit = [base, `${base}.ts`, `${base}/index.ts`].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (hit) out.push(relative(SRC, hit));
  }
  return out;
}

const graph = new Map(files(SRC).map((f) => [relative(SRC, f), importsOf(f)]));

/** One import loop, as the files along it, or null. */
function findLoop(): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === "done") return null;
    if (state.get(f) === "open") return [...path.slice(path.indexOf(f)), f];
    state.set(f, "open");
    path.push(f);
    for (const next of graph.get(f) ?? []) {
      const loop = visit(next);
      if (loop) return loop;
    }
    path.pop();
    state.set(f, "done");
    return null;
  };
  for (const f of graph.keys()) {
    const loop = visit(f);
    if (loop) return loop;
  }
  return null;
}

const SCREEN_STATES = ["register", "session", "backoffice", "history", "orders", "audit", "report"].map((s) => `${s}.svelte.ts`);

describe("imports", () => {
  it("form no loop", () => {
    expect(graph.size).toBeGreaterThan(20);
    expect(findLoop()).toBeNull();
  });

  it("keep each screen state to the shell interface and the helpers: no screen state imports the app or another screen", () => {
    for (const s of SCREEN_STATES) {
      expect(graph.has(s), s).toBe(true);
      const bad = graph.get(s)!.filter((i) => i === "app.svelte.ts" || SCREEN_STATES.includes(i) || i.startsWith("components/"));
      expect(bad, s).toEqual([]);
    }
  });
});
