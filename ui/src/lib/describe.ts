// What an event did, in the language shown: the core sends each description
// both as its English line and as a message (`{ key, params }`, the catalogs'
// `event.<key>`); this fills the catalog's text with the params formatted as
// the language writes them. No words are made here: with no message, or a key
// this UI does not know, the core's English line is shown as it came.

import type { Description } from "../bindings/Description";
import type { Param } from "../bindings/Param";
import { fill, textOf } from "./i18n/locale.svelte";
import { formatDay } from "./format";
import { formatRate, localiseAmount } from "./money";

/** One param as the language shown writes it. */
function formatParam(p: Param): string | number | undefined {
  switch (p.kind) {
    case "text":
      return p.value;
    case "number":
      return p.value;
    case "amount":
      return localiseAmount(p.value);
    case "percent":
      return formatRate(p.value);
    case "date":
      return formatDay(p.value);
    case "term":
      return textOf(p.value);
  }
}

/** The description in the language shown, or `fallback` (the core's English line) when there is none or it cannot be read. */
export function describe(d: Description | null | undefined, fallback: string): string {
  if (!d) return fallback;
  const template = textOf(`event.${d.key}`);
  if (template === undefined) return fallback;
  const params: Record<string, string | number> = {};
  const terms: [string, string][] = [];
  for (const [name, p] of Object.entries(d.params)) {
    const value = p ? formatParam(p) : undefined;
    if (value === undefined) return fallback;
    if (p?.kind === "term") terms.push([name, String(value)]);
    else params[name] = value;
  }
  // A term may name the message's other params ("{cash} in cash, {card} to card").
  for (const [name, text] of terms) params[name] = fill(text, params);
  return fill(template, params);
}
