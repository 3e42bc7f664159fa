// Local dates and times as people type them, and the UTC instants (RFC 3339)
// the core takes. "Local" is the shop's time zone (`zone.ts`), not the
// machine's. A day is local midnight to the next local midnight, so a day
// with a daylight-saving change is 23 or 25 hours long. A typed time in the
// hour a change repeats is the earlier instant; one in the hour it skips
// moves on by the jump (`zone.ts`).

import { localeTag } from "./i18n/locale.svelte";
import { currentTimeZone, instantOf, intlTimeZone, offsetAt, utcMillis, wallTime } from "./zone";

const pad = (n: number, w = 2) => n.toString().padStart(w, "0");

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** A Date for local calendar fields in the shop's zone, or null when they name no real date ("2025-02-30"). */
function local(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const fields = { year: y, month: mo, day: d, hour: h, minute: mi, second: s, ms };
  const calendar = new Date(utcMillis(fields));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d) return null;
  return new Date(instantOf(fields));
}

/** The local date of `at` in the shop's zone, "2025-06-02" (the value of an input type=date). */
export function todayLocal(now: Date = new Date()): string {
  const w = wallTime(now);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Local midnight starting a "YYYY-MM-DD" day, as a UTC instant; null when it is not a date. */
export function dayStartUtc(date: string): string | null {
  const m = DATE.exec(date.trim());
  if (!m) return null;
  return local(Number(m[1]), Number(m[2]), Number(m[3]))?.toISOString() ?? null;
}

/** Local midnight ending a "YYYY-MM-DD" day (the next day's start), as a UTC instant. */
export function dayEndUtc(date: string): string | null {
  const m = DATE.exec(date.trim());
  if (!m) return null;
  if (!local(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  const next = new Date(utcMillis({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 0, minute: 0, second: 0, ms: 0 }) + 86_400_000);
  return local(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate())?.toISOString() ?? null;
}

/** One local day as the half-open UTC range [from, to) the core's reports take. */
export function localDayRange(date: string): { from: string; to: string } | null {
  const from = dayStartUtc(date);
  const to = dayEndUtc(date);
  return from && to ? { from, to } : null;
}

/**
 * A filter's date range: from the start of the first day to the end of the
 * last (both optional, "" for none). Either is null when empty or not a date.
 */
export function localDatesRange(fromDate: string, toDate: string): { from: string | null; to: string | null } {
  return { from: fromDate.trim() ? dayStartUtc(fromDate) : null, to: toDate.trim() ? dayEndUtc(toDate) : null };
}

/** An input type=datetime-local value ("2025-06-02T14:31" or with seconds) as a UTC instant; null when invalid. */
export function localDateTimeToUtc(value: string): string | null {
  const m = DATETIME.exec(value.trim());
  if (!m) return null;
  const ms = m[7] ? Number(m[7].padEnd(3, "0")) : 0;
  const d = local(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms);
  return d?.toISOString() ?? null;
}

/** An instant as an input type=datetime-local value with seconds, in local time ("" when unreadable). */
export function toLocalDateTimeInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const w = wallTime(d);
  return `${todayLocal(d)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** "UTC+02:00" for the shop's zone's offset at `d`. */
export function utcOffset(d: Date): string {
  const off = Math.round(offsetAt(d.getTime()) / 60_000);
  const sign = off < 0 ? "−" : "+";
  const abs = Math.abs(off);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** An instant exactly, in local time: "2025-06-02 11:00:17.250 (UTC+02:00)". */
export function formatExactTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = localeTag();
  if (locale !== "en") {
    const exact = new Intl.DateTimeFormat(locale, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZone: intlTimeZone(),
      ...(d.getMilliseconds() ? { fractionalSecondDigits: 3 as const } : {}),
    });
    return `${exact.format(d)} (${utcOffset(d)})`;
  }
  const w = wallTime(d);
  const ms = w.ms ? `.${pad(w.ms, 3)}` : "";
  return `${todayLocal(d)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${ms} (${utcOffset(d)})`;
}

/** The shop's time zone's name, e.g. "Europe/Berlin". */
export function localZoneName(): string {
  return currentTimeZone();
}
