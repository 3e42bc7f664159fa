import { afterEach, describe, expect, it } from "vitest";
import {
  dayEndUtc,
  dayStartUtc,
  formatExactTime,
  localDatesRange,
  localDateTimeToUtc,
  localDayRange,
  toLocalDateTimeInput,
  todayLocal,
} from "./dates";
import { formatDate, formatDateTime, formatTime } from "./format";
import { setLanguage } from "./i18n/locale.svelte";
import { currentTimeZone, setTimeZone } from "./zone";

const savedTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = savedTz;
  setTimeZone(null);
});

describe("local dates to UTC instants", () => {
  it("makes a day local midnight to local midnight, whatever the zone", () => {
    const r = localDayRange("2025-06-02")!;
    const from = new Date(r.from);
    const to = new Date(r.to);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours(), from.getMinutes()]).toEqual([2025, 5, 2, 0, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours()]).toEqual([2025, 5, 3, 0]);
    expect(r.from.endsWith("Z")).toBe(true);
  });

  it("knows the zone's offset and daylight-saving days", () => {
    process.env.TZ = "Europe/Berlin";
    expect(localDayRange("2025-06-02")).toEqual({ from: "2025-06-01T22:00:00.000Z", to: "2025-06-02T22:00:00.000Z" });
    // Clocks go forward on 30 March 2025: a 23-hour day.
    expect(localDayRange("2025-03-30")).toEqual({ from: "2025-03-29T23:00:00.000Z", to: "2025-03-30T22:00:00.000Z" });
    expect(localDateTimeToUtc("2025-06-02T11:15")).toBe("2025-06-02T09:15:00.000Z");
    expect(localDateTimeToUtc("2025-12-24T18:00:05")).toBe("2025-12-24T17:00:05.000Z");
    expect(toLocalDateTimeInput("2025-06-02T09:15:07.000Z")).toBe("2025-06-02T11:15:07");
    expect(formatExactTime("2025-06-02T09:15:07.250Z")).toBe("2025-06-02 11:15:07.250 (UTC+02:00)");
    expect(formatExactTime("2025-01-02T09:15:07Z")).toBe("2025-01-02 10:15:07 (UTC+01:00)");
    process.env.TZ = "America/New_York";
    expect(dayStartUtc("2025-11-02")).toBe("2025-11-02T04:00:00.000Z");
    expect(dayEndUtc("2025-11-02")).toBe("2025-11-03T05:00:00.000Z");
  });

  it("refuses what is not a date", () => {
    expect(localDayRange("2025-02-30")).toBeNull();
    expect(localDayRange("2025-13-01")).toBeNull();
    expect(localDayRange("")).toBeNull();
    expect(localDateTimeToUtc("2025-06-02 11:15")).toBeNull();
    expect(localDateTimeToUtc("2025-06-02T25:00")).toBeNull();
    expect(localDateTimeToUtc("nope")).toBeNull();
    expect(toLocalDateTimeInput("nope")).toBe("");
  });

  it("leaves an empty end of a filter range open", () => {
    process.env.TZ = "UTC";
    expect(localDatesRange("", "")).toEqual({ from: null, to: null });
    expect(localDatesRange("2025-06-01", "")).toEqual({ from: "2025-06-01T00:00:00.000Z", to: null });
    expect(localDatesRange("", "2025-06-01")).toEqual({ from: null, to: "2025-06-02T00:00:00.000Z" });
    expect(todayLocal(new Date(2025, 0, 5))).toBe("2025-01-05");
  });
});

describe("dates in the language shown", () => {
  afterEach(() => setLanguage("en"));

  it("are ISO-like in English and Intl's in German", () => {
    const at = new Date(2025, 5, 2, 14, 31, 7).toISOString();
    expect([formatDateTime(at), formatDate(at), formatTime(at)]).toEqual(["2025-06-02 14:31", "2025-06-02", "14:31"]);
    setLanguage("de");
    expect([formatDateTime(at), formatDate(at), formatTime(at)]).toEqual(["02.06.2025, 14:31", "02.06.2025", "14:31"]);
    expect(formatExactTime(at)).toMatch(/^02\.06\.2025, 14:31:07 \(UTC[+−]\d\d:\d\d\)$/);
  });
});

describe("in the shop's time zone, not the machine's", () => {
  it("cuts days and reads typed times in the shop's zone across its daylight-saving changes", () => {
    process.env.TZ = "America/New_York";
    setTimeZone("Europe/Berlin");
    expect(currentTimeZone()).toBe("Europe/Berlin");
    // Spring forward, 28 March 2027: a 23-hour day.
    expect(localDayRange("2027-03-28")).toEqual({ from: "2027-03-27T23:00:00.000Z", to: "2027-03-28T22:00:00.000Z" });
    // Fall back, 25 October 2026: a 25-hour day.
    expect(localDayRange("2026-10-25")).toEqual({ from: "2026-10-24T22:00:00.000Z", to: "2026-10-25T23:00:00.000Z" });
    // The repeated 02:30 is the earlier one (still summer time).
    expect(localDateTimeToUtc("2026-10-25T02:30")).toBe("2026-10-25T00:30:00.000Z");
    expect(localDateTimeToUtc("2026-10-25T03:30")).toBe("2026-10-25T02:30:00.000Z");
    // The skipped 02:30 moves on by the jump: 03:30 summer time.
    expect(localDateTimeToUtc("2027-03-28T02:30")).toBe("2027-03-28T01:30:00.000Z");
    expect(localDateTimeToUtc("2027-03-28T01:59")).toBe("2027-03-28T00:59:00.000Z");
    expect(toLocalDateTimeInput("2026-10-25T01:30:00.000Z")).toBe("2026-10-25T02:30:00");
    expect(todayLocal(new Date("2026-10-24T22:30:00Z"))).toBe("2026-10-25");
    expect(localDateTimeToUtc("2025-02-30T10:00")).toBeNull();
  });

  it("shows times in the shop's zone with the offset in force", () => {
    process.env.TZ = "Asia/Tokyo";
    setTimeZone("Europe/Berlin");
    expect(formatDateTime("2026-10-25T00:30:00Z")).toBe("2026-10-25 02:30");
    expect(formatDateTime("2026-10-25T01:30:00Z")).toBe("2026-10-25 02:30");
    expect(formatExactTime("2026-10-25T00:30:00Z")).toBe("2026-10-25 02:30:00 (UTC+02:00)");
    expect(formatExactTime("2026-10-25T01:30:00.500Z")).toBe("2026-10-25 02:30:00.500 (UTC+01:00)");
    expect([formatDate("2026-10-24T22:30:00Z"), formatTime("2027-03-28T01:01:00Z")]).toEqual(["2026-10-25", "03:01"]);
    setLanguage("de");
    expect(formatDateTime("2026-10-25T01:30:00Z")).toBe("25.10.2026, 02:30");
    expect(formatExactTime("2026-10-25T01:30:00Z")).toBe("25.10.2026, 02:30:00 (UTC+01:00)");
    setLanguage("en");
  });

  it("keeps the zone it had when given a name the runtime does not know", () => {
    setTimeZone("America/Santiago");
    setTimeZone("Mars/Olympus");
    expect(currentTimeZone()).toBe("America/Santiago");
  });
});
