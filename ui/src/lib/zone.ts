// The shop's time zone (the core's `Settings.timeZone`, an IANA name such as
// "Europe/Berlin"): every date and time the UI shows, and every local date
// and time typed into it, is in that zone, whatever zone the machine runs in.
// Until the settings are read, the runtime's own zone.
//
// A local time typed in the hour a daylight-saving change repeats (02:30 on
// the fall-back day) is the earlier of the two instants; one in the hour it
// skips (02:30 on the spring-forward day) moves on by the jump (03:30), as
// the clock on the wall would.

/** The zone set from the shop's settings; undefined: the runtime's own. */
let zone: string | undefined;

/** Shows and reads times in `name` from now on (the shop's settings); a name this runtime does not know is ignored. */
export function setTimeZone(name: string | null | undefined): void {
  if (!name) {
    zone = undefined;
    return;
  }
  try {
    parts(name);
    zone = name;
  } catch {
    // Intl does not know the name: keep the zone as it was.
  }
}

/** The zone times are shown in: the shop's, else the runtime's. */
export function currentTimeZone(): string {
  if (zone) return zone;
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  } catch {
    return "UTC";
  }
}

/** The zone for `Intl.DateTimeFormat`'s `timeZone` option: undefined for the runtime's own. */
export function intlTimeZone(): string | undefined {
  return zone;
}

/** Every zone this runtime knows, for the settings' list (empty when it cannot say). */
export function knownTimeZones(): string[] {
  try {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

/** A local date and time: calendar fields as on the wall (month 1 to 12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(name: string): Intl.DateTimeFormat {
  let f = formats.get(name);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formats.set(name, f);
  }
  return f;
}

/** The instant `d` as the wall clock in the shop's zone shows it. */
export function wallTime(d: Date): WallTime {
  if (!zone) {
    return {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      second: d.getSeconds(),
      ms: d.getMilliseconds(),
    };
  }
  const w: WallTime = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: d.getUTCMilliseconds() };
  let bc = false;
  for (const p of parts(zone).formatToParts(d)) {
    if (p.type === "era") bc = p.value.startsWith("B");
    else if (p.type in w) w[p.type as keyof WallTime] = Number(p.value);
  }
  if (bc) w.year = 1 - w.year;
  return w;
}

/** The fields as if they were UTC, in milliseconds (years below 100 are not 19xx). */
export function utcMillis(w: WallTime): number {
  const d = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  return d.getTime();
}

/** The zone's offset from UTC at instant `t`, in milliseconds (Berlin in summer: +7 200 000). */
export function offsetAt(t: number): number {
  const d = new Date(t);
  if (!zone) return -d.getTimezoneOffset() * 60_000;
  return utcMillis(wallTime(d)) - t;
}

const DAY = 86_400_000;

function same(a: WallTime, b: WallTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/**
 * The instant a local date and time names in the shop's zone: the earlier
 * of two when the hour repeats, and moved on by the jump when the hour is
 * skipped. The fields must name a real date and time (checked by the caller).
 */
export function instantOf(w: WallTime): number {
  const asUtc = utcMillis(w);
  const before = offsetAt(asUtc - DAY);
  const after = offsetAt(asUtc + DAY);
  const fits = [asUtc - before, asUtc - after].filter((t) => same(wallTime(new Date(t)), w));
  if (fits.length) return Math.min(...fits);
  return asUtc - before;
}
