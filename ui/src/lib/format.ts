// Dates and times for people: the till's local time, as the language shown
// writes them (English keeps the ISO-like "2025-11-23 14:31"; other languages
// are `Intl`'s for their locale, e.g. "23.11.2025, 14:31" in German).

import { localeTag } from "./i18n/locale.svelte";

const pad = (n: number) => n.toString().padStart(2, "0");

const DATE_PARTS = { year: "numeric", month: "2-digit", day: "2-digit" } as const;
const TIME_PARTS = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An ISO timestamp in the till's local time, "2025-11-23 14:31". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parse(iso);
  if (!d) return iso;
  const locale = localeTag();
  if (locale !== "en") return new Intl.DateTimeFormat(locale, { ...DATE_PARTS, ...TIME_PARTS }).format(d);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Just the time, "14:31". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parse(iso);
  if (!d) return iso;
  const locale = localeTag();
  if (locale !== "en") return new Intl.DateTimeFormat(locale, TIME_PARTS).format(d);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Just the local date, "2025-11-23". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parse(iso);
  if (!d) return iso;
  const locale = localeTag();
  if (locale !== "en") return new Intl.DateTimeFormat(locale, DATE_PARTS).format(d);
  return formatDateTime(iso).slice(0, 10);
}
