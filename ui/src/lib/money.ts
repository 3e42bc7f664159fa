// Money crosses from the core as decimal strings ("12.50"); the UI only shows
// it. Formatting reads the string as integer cents (no floats); every sum,
// change and tax comes from the core. Only the decimal sign and the digit
// grouping follow the language shown (Intl's, for that locale); the digits are
// always the core's.

import { localeTag } from "./i18n/locale.svelte";

const AMOUNT = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** Integer cents of a decimal string, or null when it is not a plain amount with at most two (significant) decimals. */
export function toCents(text: string): bigint | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const [, sign, whole = "", frac = ""] = m;
  if (whole === "" && frac === "") return null;
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return null;
  const cents = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
  return sign === "-" ? -cents : cents;
}

/** "1234" cents → "12.34". */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** The decimal sign and group separator `Intl` writes for a locale ("." and "," in English, "," and "." in German). */
export function separators(locale: string): { decimal: string; group: string } {
  let found = SEPARATORS.get(locale);
  if (!found) {
    // A constant's parts, only to learn the two signs: no amount is ever read as a number.
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    found = { decimal: parts.find((p) => p.type === "decimal")?.value ?? ".", group: parts.find((p) => p.type === "group")?.value ?? "" };
    SEPARATORS.set(locale, found);
  }
  return found;
}

const SEPARATORS = new Map<string, { decimal: string; group: string }>();

/** "1234.50" as the locale writes it ("1.234,50" in German), digit for digit; the plain form ("1234.50") in English. */
export function localiseAmount(plain: string, locale: string = localeTag()): string {
  if (locale === "en") return plain;
  const { decimal, group } = separators(locale);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!m) return plain;
  const whole = m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${m[1]}${whole}${m[3] !== undefined ? decimal + m[3] : ""}`;
}

/** An amount from the core with exactly two decimals, as the language shown writes it; anything unreadable is shown as it came. */
export function formatMoney(text: string): string {
  const cents = toCents(text);
  return cents === null ? text : localiseAmount(fromCents(cents));
}

/** An amount from the core with exactly two decimals as the core reads it back ("12.50"), for a field to send. */
export function plainMoney(text: string): string {
  const cents = toCents(text);
  return cents === null ? text : fromCents(cents);
}

/** True when the amount is zero (or unreadable, which shows nothing to take off). */
export function isZero(text: string): boolean {
  const cents = toCents(text);
  return cents === null || cents === 0n;
}

/** A tax or discount rate for people: "20.00" → "20%", "5.5" → "5.5%". */
export function formatRate(text: string): string {
  const m = /^\s*(\d+)(?:\.(\d*?)0*)?\s*$/.exec(text);
  if (!m) return `${text}%`;
  return `${localiseAmount(m[2] ? `${m[1]}.${m[2]}` : m[1]!)}${localeTag() === "en" ? "" : "\u00a0"}%`;
}
