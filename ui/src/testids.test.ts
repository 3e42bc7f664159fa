import { describe, expect, it } from "vitest";
import * as ids from "./testids";

// The components' source, to check that every selector in testids.ts is rendered somewhere.
const sources = [
  ...Object.values(import.meta.glob<string>("./components/**/*.svelte", { query: "?raw", import: "default", eager: true })),
  // The top bar's buttons take their ids from the key table.
  ...Object.values(import.meta.glob<string>("./lib/keys.ts", { query: "?raw", import: "default", eager: true })),
].join("\n");

describe("test ids", () => {
  it("name only ids, classes and attributes the components render", () => {
    for (const [name, value] of Object.entries(ids)) {
      const selector = typeof value === "function" ? (value as (arg: unknown) => string)(1) : value;
      for (const id of selector.match(/#[\w-]+/g) ?? []) {
        const bare = id.slice(1);
        const literal = sources.includes(`id="${bare}"`);
        // Ids built in a template, e.g. id="tender-mode-{x.mode}" or id={b.id} with the id in a table.
        // Or id={id("tl-total")}: the timeline panel's ids, only on its main panel.
        const templated =
          /^(tender-mode|bo-tab|audit-kind|policy-error)-/.test(bare) || sources.includes(`id: "${bare}"`) || sources.includes(`id("${bare}")`);
        expect(literal || templated, `${name}: ${id}`).toBe(true);
      }
      for (const cls of selector.match(/(?<![\w"])\.[a-z][\w-]*/g) ?? []) {
        expect(sources.includes(cls.slice(1)), `${name}: ${cls}`).toBe(true);
      }
    }
  });
});
