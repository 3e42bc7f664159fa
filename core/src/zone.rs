//! The shop's time zone: an IANA name such as `Europe/Berlin`, recorded with
//! the shop's settings (`SettingsChanged.time_zone`), else the system's zone.
//! What it cuts and prints: the till's calendar days (a day with a
//! daylight-saving change is 23 or 25 hours long; a day whose midnight falls
//! in a gap starts when the clock jumps). Times are printed in it by the
//! shop's language (`crate::language::Language::stamp`).
//!
//! Every day is cut by the zone in force now, the past ones too: a shop that
//! moves sees its earlier days in its new zone. A Z report keeps the day and
//! the instants it closed (`DayClose.day`), as printed.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::TillDay;
use crate::error::{Error, Result};

/// The zone named `text` (the tz database's spelling, e.g. "Europe/Berlin", "UTC").
pub fn check(text: &str) -> Result<Tz> {
    let name = text.trim();
    if name.is_empty() {
        return Err(Error::Required { field: "Time zone" });
    }
    name.parse::<Tz>().map_err(|_| Error::UnknownTimeZone(name.chars().take(64).collect()))
}

/// The zone a stored name names; UTC for a name this build does not know
/// (a newer tz database recorded it).
pub fn named(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The system's zone: `TZ` when it names one (`Europe/Berlin`, `:Europe/Berlin`
/// or a path under `zoneinfo/`), else the one the system is set to, else UTC.
pub fn system() -> Tz {
    let from_env = std::env::var("TZ").ok().and_then(|v| from_tz_variable(&v));
    from_env.or_else(|| iana_time_zone::get_timezone().ok().and_then(|n| n.parse().ok())).unwrap_or(Tz::UTC)
}

fn from_tz_variable(value: &str) -> Option<Tz> {
    let v = value.trim().trim_start_matches(':');
    let name = v.rsplit_once("zoneinfo/").map_or(v, |(_, name)| name);
    name.parse().ok()
}

/// The calendar day in `zone` that `at` falls in.
pub fn day_at(zone: Tz, at: DateTime<Utc>) -> TillDay {
    day(zone, at.with_timezone(&zone).date_naive())
}

/// The calendar day `date` in `zone`: from its first instant to the next day's.
pub fn day(zone: Tz, date: NaiveDate) -> TillDay {
    let next = date.succ_opt().unwrap_or(NaiveDate::MAX);
    TillDay { day: date, from: start(zone, date), to: start(zone, next) }
}

/// The first instant of `date` in `zone`: its midnight, the earlier one if
/// it comes twice, or the moment the clock jumps past a midnight it skips.
fn start(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    match zone.from_local_datetime(&midnight) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            // Midnight by the offset in force before the gap is the jump's instant.
            let before = zone.offset_from_utc_datetime(&(midnight - Duration::days(1))).fix();
            Utc.from_utc_datetime(&(midnight - before))
        }
    }
}

/// The local date in `zone`, "2026-10-25" (file names).
pub fn date(zone: Tz, at: DateTime<Utc>) -> String {
    at.with_timezone(&zone).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    //! given(a zone and a day).when(cut or printed).then(its instants).
    use super::*;
    use crate::language::Language;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    #[test]
    fn an_ordinary_day_in_berlin_is_24_hours_from_local_midnight() {
        let d = day(BERLIN, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
        assert_eq!((d.from, d.to), (utc("2026-12-01T23:00:00Z"), utc("2026-12-02T23:00:00Z")));
    }

    #[test]
    fn the_spring_forward_day_is_23_hours_and_holds_0159_and_0301() {
        let d = day(BERLIN, NaiveDate::from_ymd_opt(2027, 3, 28).unwrap());
        assert_eq!(d.to - d.from, Duration::hours(23));
        for at in ["2027-03-28T00:59:00Z", "2027-03-28T01:01:00Z"] {
            assert_eq!(day_at(BERLIN, utc(at)), d, "{at}");
        }
        let stamp = |at| Language::En.stamp(BERLIN, utc(at));
        assert_eq!(stamp("2027-03-28T00:59:00Z"), "2027-03-28 01:59 CET");
        assert_eq!(stamp("2027-03-28T01:01:00Z"), "2027-03-28 03:01 CEST");
    }

    #[test]
    fn the_fall_back_day_is_25_hours_and_holds_both_0230s() {
        let d = day(BERLIN, NaiveDate::from_ymd_opt(2026, 10, 25).unwrap());
        assert_eq!(d.to - d.from, Duration::hours(25));
        let (first, second) = (utc("2026-10-25T00:30:00Z"), utc("2026-10-25T01:30:00Z"));
        assert_eq!((day_at(BERLIN, first), day_at(BERLIN, second)), (d, d));
        assert_eq!(Language::En.stamp(BERLIN, first), "2026-10-25 02:30 CEST");
        assert_eq!(Language::En.stamp(BERLIN, second), "2026-10-25 02:30 CET");
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_when_the_clock_jumps() {
        // Chile springs forward at 24:00 local: 2026-09-06 has no 00:00.
        let santiago: Tz = chrono_tz::America::Santiago;
        let d = day(santiago, NaiveDate::from_ymd_opt(2026, 9, 6).unwrap());
        assert_eq!(d.from, utc("2026-09-06T04:00:00Z"));
        assert_eq!(d.from.with_timezone(&santiago).format("%H:%M").to_string(), "01:00");
        assert_eq!(d.to - d.from, Duration::hours(23));
        assert_eq!(day(santiago, NaiveDate::from_ymd_opt(2026, 9, 5).unwrap()).to, d.from);
    }

    #[test]
    fn a_zone_is_a_tz_database_name_and_anything_else_is_refused() {
        assert_eq!(check(" Europe/Berlin ").unwrap(), BERLIN);
        assert_eq!(check("UTC").unwrap(), Tz::UTC);
        let e = check("Mars/Olympus").unwrap_err();
        assert_eq!(e.code(), "unknown_time_zone");
        assert!(e.to_string().contains("Mars/Olympus"), "{e}");
        assert_eq!(check("  ").unwrap_err().code(), "required");
    }

    #[test]
    fn the_tz_variable_names_a_zone_plainly_with_a_colon_or_as_a_path() {
        for v in ["Europe/Berlin", ":Europe/Berlin", "/usr/share/zoneinfo/Europe/Berlin"] {
            assert_eq!(from_tz_variable(v), Some(BERLIN), "{v}");
        }
        assert_eq!(from_tz_variable("CET-1CEST,M3.5.0,M10.5.0/3"), None);
    }
}
