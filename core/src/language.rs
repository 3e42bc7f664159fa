//! The shop's language: what its printed receipts, refund slips and X and Z
//! reports say, and how they write amounts, percents, days and times. It is
//! recorded with the shop's settings (`SettingsChanged.language`, absent:
//! English, as every slip was before). The screen's language is each till's
//! own display preference, kept by the UI; this one is the shop's paper.
//!
//! CSV exports are data, not slips: their columns, amounts (`1234.50`) and
//! times stay the same in every shop, so a spreadsheet or an import reads
//! them alike.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::money;
use crate::problem::Problem;
pub use words::SlipWords;
use words::{ENGLISH, GERMAN};

mod words;

/// A language receipts and reports are printed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, as every slip was printed before the shop chose.
    #[default]
    En,
    De,
}

impl Language {
    /// Every language a slip can be printed in.
    pub const ALL: [Language; 2] = [Language::En, Language::De];

    /// Its tag as recorded and as the UI names it ("en", "de").
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// The language `tag` names, if this build prints in it.
    fn of_tag(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The language a recorded tag names: English when none is recorded, or
    /// for a tag this build does not know (a newer build recorded it).
    pub fn of_stored(tag: Option<&str>) -> Language {
        tag.and_then(Language::of_tag).unwrap_or_default()
    }

    /// The tag recorded for it: none for English, as before a shop could choose.
    pub fn recorded(self) -> Option<String> {
        (self != Language::En).then(|| self.tag().to_string())
    }

    /// The language as chosen in the settings, as recorded: empty for
    /// English, else a tag of [`Language::ALL`] (any case).
    pub fn check(text: &str) -> Result<Option<String>> {
        let tag = text.trim().to_lowercase();
        if tag.is_empty() {
            return Ok(None);
        }
        let language = Language::of_tag(&tag).ok_or(Error::Invalid { field: "Language", problem: Problem::PrintLanguage })?;
        Ok(language.recorded())
    }

    /// The words its slips print.
    pub fn words(self) -> &'static SlipWords {
        match self {
            Language::En => &ENGLISH,
            Language::De => &GERMAN,
        }
    }

    /// An amount with the currency's `minor_unit` decimals, as the language
    /// writes it on paper: "1234.50" in English (as every slip was), "1.234,50" in German.
    pub fn amount(self, amount: Decimal, minor_unit: u32) -> String {
        let plain = money::format(amount, minor_unit);
        match self {
            Language::En => plain,
            Language::De => with_comma_and_points(&plain),
        }
    }

    /// A percentage such as a tax rate: "7.5%" in English, "7,5 %" in German.
    pub fn percent(self, rate: Decimal) -> String {
        let plain = rate.normalize().to_string();
        match self {
            Language::En => format!("{plain}%"),
            Language::De => format!("{} %", with_comma_and_points(&plain)),
        }
    }

    /// A calendar day: "2026-12-04" in English, "04.12.2026" in German.
    pub fn day(self, day: NaiveDate) -> String {
        day.format(self.day_pattern()).to_string()
    }

    /// An instant in `zone`, to the minute, with the zone's abbreviation,
    /// which tells the offset ("2026-10-25 02:30 CEST"; "25.10.2026 02:30 CEST").
    pub fn stamp(self, zone: Tz, at: DateTime<Utc>) -> String {
        at.with_timezone(&zone).format(&format!("{} %H:%M %Z", self.day_pattern())).to_string()
    }

    /// As [`Language::stamp`], to the second.
    pub fn stamp_seconds(self, zone: Tz, at: DateTime<Utc>) -> String {
        at.with_timezone(&zone).format(&format!("{} %H:%M:%S %Z", self.day_pattern())).to_string()
    }

    fn day_pattern(self) -> &'static str {
        match self {
            Language::En => "%Y-%m-%d",
            Language::De => "%d.%m.%Y",
        }
    }
}

/// A decimal written with a point ("-1234.50") as German writes it: a
/// decimal comma and the thousands grouped by points ("-1.234,50").
fn with_comma_and_points(plain: &str) -> String {
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    assert!(whole.chars().all(|c| c.is_ascii_digit()), "a plain decimal: {plain}");
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    //! given(a language).when(it writes a figure).then(as that language does).
    use super::*;
    use chrono::TimeZone;
    use rust_decimal_macros::dec;

    #[test]
    fn english_writes_amounts_as_every_slip_did() {
        assert_eq!(Language::En.amount(dec!(1234.5), 2), "1234.50");
        assert_eq!(Language::En.amount(dec!(-2), 3), "-2.000");
        assert_eq!(Language::En.percent(dec!(19.00)), "19%");
    }

    #[test]
    fn german_writes_a_decimal_comma_and_groups_thousands_with_points() {
        assert_eq!(Language::De.amount(dec!(1234.5), 2), "1.234,50");
        assert_eq!(Language::De.amount(dec!(-1234567.891), 3), "-1.234.567,891");
        assert_eq!(Language::De.amount(dec!(999), 2), "999,00");
        assert_eq!(Language::De.amount(dec!(1500), 0), "1.500");
        assert_eq!(Language::De.amount(dec!(0.05), 2), "0,05");
        assert_eq!(Language::De.percent(dec!(7.50)), "7,5 %");
    }

    #[test]
    fn days_and_times_follow_the_language_and_keep_the_zone() {
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 13, 5, 9).unwrap();
        assert_eq!(Language::En.stamp(zone, at), "2026-12-04 14:05 CET");
        assert_eq!(Language::De.stamp(zone, at), "04.12.2026 14:05 CET");
        assert_eq!(Language::De.stamp_seconds(zone, at), "04.12.2026 14:05:09 CET");
        assert_eq!(Language::De.day(at.date_naive()), "04.12.2026");
    }

    #[test]
    fn a_shop_chooses_a_language_by_its_tag_and_english_is_recorded_as_none() {
        assert_eq!(Language::check("").unwrap(), None);
        assert_eq!(Language::check("en").unwrap(), None);
        assert_eq!(Language::check(" DE ").unwrap(), Some("de".to_string()));
        assert_eq!(Language::check("fr").unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn a_tag_this_build_does_not_know_prints_in_english() {
        assert_eq!(Language::of_stored(None), Language::En);
        assert_eq!(Language::of_stored(Some("de")), Language::De);
        assert_eq!(Language::of_stored(Some("xx")), Language::En);
    }
}
