// Dates and times for people: local time in the shop's time zone (`zone.ts`),
// as the language shown writes them (English keeps the ISO-like "2025-11-23 14:31"; other languages
// are `Intl`'s for their locale, e.g. "23.11.2025, 14:31" in German).

import { localeTag } from "./i18n/locale.svelte";
import { intlTimeZone, wallTime } from "./zone";

const pad = (n: number) => n.toString().padStart(2, "0");

const DATE_PARTS = { year: "numeric", month: "2-digit", day: "2-digit" } as const;
const TIME_PARTS = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An ISO timestamp in the shop's local time, "2025-11-23 14:31". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parse(iso);
  if (!d) return iso;
  const locale = localeTag();
  if (locale !== "en") return new Intl.DateTimeFormat(locale, { ...DATE_PARTS, ...TIME_PARTS, timeZone: intlTimeZone() }).format(d);
  const w = wallTime(d);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** Just the time, "14:31". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parse(iso);
  if (!d) return iso;
  const locale = localeTag();
  if (locale !== "en") return new Intl.DateTimeFormat(locale, { ...TIME_PARTS, timeZone: intlTimeZone() }).format(d);
  const w = wallTime(d);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** Just the local date, "2025-11-23". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parse(iso);
  if (!d) return iso;
  const locale = localeTag();
  if (locale !== "en") return new Intl.DateTimeFormat(locale, { ...DATE_PARTS, timeZone: intlTimeZone() }).format(d);
  return formatDateTime(iso).slice(0, 10);
}

/** A calendar day as the core sends it ("2026-11-23") as the language shown writes it ("23.11.2026" in German); anything else as it is. */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m || localeTag() === "en") return day;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(localeTag(), { ...DATE_PARTS, timeZone: "UTC" }).format(utc);
}
