// Money crosses from the core as decimal strings ("12.50"); the UI only shows
// it. Formatting reads the string as integer minor units (cents for EUR, no
// floats) of the shop's currency; every sum, change and tax comes from the
// core. Only the decimal sign and the digit grouping follow the language
// shown (Intl's, for that locale); the digits are always the core's.

import { localeTag, t } from "./i18n/locale.svelte";

const AMOUNT = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** How many decimals the shop's currency has (the core's `Settings.minorUnit`): set when the settings are read. */
let minorUnit = 2;

/** Shows money with the shop's currency's decimals from now on (JPY 0, EUR 2, KWD 3). */
export function setMinorUnit(unit: number): void {
  if (Number.isInteger(unit) && unit >= 0 && unit <= 4) minorUnit = unit;
}

export function currentMinorUnit(): number {
  return minorUnit;
}

/** Integer minor units (cents for a two-decimal currency) of a decimal string, or null when it is not a plain amount with at most the currency's (significant) decimals. */
export function toCents(text: string): bigint | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  const [, sign, whole = "", frac = ""] = m;
  if (whole === "" && frac === "") return null;
  if (frac.length > minorUnit && /[^0]/.test(frac.slice(minorUnit))) return null;
  const scale = 10n ** BigInt(minorUnit);
  const part = minorUnit === 0 ? 0n : BigInt((frac + "0".repeat(minorUnit)).slice(0, minorUnit));
  const cents = BigInt(whole || "0") * scale + part;
  return sign === "-" ? -cents : cents;
}

/** "1234" minor units → "12.34" (EUR), "1234" (JPY), "1.234" (KWD). */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const scale = 10n ** BigInt(minorUnit);
  const whole = `${negative ? "-" : ""}${abs / scale}`;
  return minorUnit === 0 ? whole : `${whole}.${(abs % scale).toString().padStart(minorUnit, "0")}`;
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

/** An amount from the core with exactly the currency's decimals, as the language shown writes it; anything unreadable is shown as it came. */
export function formatMoney(text: string): string {
  const cents = toCents(text);
  return cents === null ? text : localiseAmount(fromCents(cents));
}

/** True when a drawer's variance (counted − expected, from the core) says it came out short. */
export function isShort(variance: string): boolean {
  return (toCents(variance) ?? 0n) < 0n;
}

/** A drawer's variance for people: "balanced", "short by 2.50", "over by 0.40"; anything unreadable as it came. */
export function varianceText(variance: string): string {
  const cents = toCents(variance);
  if (cents === null) return variance;
  if (cents === 0n) return t("variance.balanced");
  const amount = localiseAmount(fromCents(cents < 0n ? -cents : cents));
  return t(cents < 0n ? "variance.short" : "variance.over", { amount });
}

/** An amount from the core with exactly the currency's decimals as the core reads it back ("12.50"), for a field to send. */
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
