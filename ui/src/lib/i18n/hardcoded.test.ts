// No words in a component that the catalog does not hold: every text node
// and every placeholder, title, aria-label (and the texts a component hands
// to Dialog, Reasons or a chart: ok, cancel, label) in a .svelte file comes
// from `t`/`tn`. What is left after removing the expressions ({…}), the
// script and style blocks, comments and key names in <kbd> must be symbols,
// digits or a single letter (the "v" of "v12", the "R-" of "R-3").

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../..");
const ATTRIBUTES = ["placeholder", "title", "aria-label", "aria-valuetext", "alt", "label", "ok", "cancel"];
/** Words allowed outside the catalog: examples of what to type, and a command line, the same in every language. */
const ALLOWED = new Set(["4711:3f9a0c12be55", "/dev/usb/lp0", "pos verify --head :"]);
/** Key names, alone or in a list ("Alt+P / Alt+M"). */
const KEYS = /^(?:(?:Alt|Ctrl|Shift)\+\S+|[/·\s])+$/;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return name.endsWith(".svelte") ? [path] : [];
  });
}

/** The text with every `{…}` expression (nested braces, strings and template literals included) taken out. */
export function withoutExpressions(text: string): string {
  let out = "";
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (depth === 0) {
      if (c === "{") depth = 1;
      else out += c;
      continue;
    }
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
  }
  return out;
}

/** Words a component's markup shows that are not from the catalog. */
export function hardCoded(source: string): string[] {
  let markup = source
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "");
  markup = withoutExpressions(markup);
  const found: string[] = [];
  // Quoted attribute values shown to people.
  for (const m of markup.matchAll(/\s([\w-]+)="([^"]*)"/g)) {
    if (ATTRIBUTES.includes(m[1]!)) found.push(m[2]!);
  }
  // Text between tags, except key names in <kbd>.
  const text = markup
    .replace(/<kbd[^>]*>[^<]*<\/kbd>/g, " ")
    .replace(/<[^>]*>/g, "\n");
  found.push(...text.split("\n"));
  return found.map((s) => s.trim()).filter((s) => /\p{L}{2,}/u.test(s) && !ALLOWED.has(s) && !KEYS.test(s));
}

describe("components", () => {
  it("find hard-coded words (the scan itself)", () => {
    expect(hardCoded('<script>const a = "Hello";</script><p>Total {x}</p><input placeholder="Name" /><b>{t("ok")}</b>')).toEqual(["Name", "Total"]);
    expect(hardCoded('<p title={t("x")}>{a ? "Yes" : `No ${b}`}</p><kbd>Enter</kbd> <span>v{n} · R-{m}</span>')).toEqual([]);
    expect(hardCoded('<Dialog ok="Save" cancel={null}>x</Dialog>')).toEqual(["Save"]);
  });

  it("show no word that is not in the message catalog", () => {
    const found = svelteFiles(SRC).flatMap((file) => hardCoded(readFileSync(file, "utf8")).map((w) => `${relative(SRC, file)}: ${w}`));
    expect(found).toEqual([]);
  });
});
