// What the cashier typed or scanned into the entry field.

import { t } from "./i18n/locale.svelte";

export type Entry =
  | { kind: "empty" }
  | { kind: "item"; code: string; quantity: number }
  | { kind: "incomplete"; message: string };

const WITH_QUANTITY = /^([+-]?\d+)\s*\*\s*(.*)$/;

/**
 * "CODE" rings one; "3*CODE" rings three. The quantity is passed on as typed
 * (as an integer): the core refuses 0, negatives or too many with its own message.
 */
export function parseEntry(text: string): Entry {
  const typed = text.trim();
  if (typed === "") return { kind: "empty" };
  const m = WITH_QUANTITY.exec(typed);
  if (!m) return { kind: "item", code: typed, quantity: 1 };
  const code = m[2]!.trim();
  if (code === "") return { kind: "incomplete", message: t("entry.incomplete", { quantity: m[1]! }) };
  return { kind: "item", code, quantity: toInteger(m[1]!) };
}

/** A typed whole number, or null when it is not one ("1.5", "abc", ""). */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  return /^[+-]?\d+$/.test(t) ? toInteger(t) : null;
}

/** Digits to a safe integer: absurdly long numbers are capped (still out of range for the core). */
function toInteger(digits: string): number {
  const n = Number.parseInt(digits, 10);
  if (n > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  if (n < -Number.MAX_SAFE_INTEGER) return -Number.MAX_SAFE_INTEGER;
  return n;
}
