//! The first run of a real shop: who the first manager is, what the shop is
//! called and which till this database is. A database with no staff cannot
//! be used, so until this is done the app shows its setup screen; demo data
//! comes only when asked for (`--demo`).
//!
//! The till's id lives in `till_identity`, one row, written once by setup or
//! by the demo seed: it is this file's own identity, not a shop setting.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::limits::TILL_ID_CHARS_MAX;

/// The till id a database had before ids were chosen at setup.
pub const TILL_ID_BEFORE_SETUP: &str = "T1";

/// Everything the setup screen asks, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetupInput {
    pub shop_name: String,
    /// ISO 4217 code, e.g. "EUR".
    pub currency: String,
    /// This till's id, e.g. "T1": on every event and report.
    pub till_id: String,
    pub manager_name: String,
    pub manager_code: String,
    pub manager_pin: String,
    /// The PIN typed a second time.
    pub manager_pin_again: String,
    /// The smallest coin for cash (e.g. "0.05"); empty or absent for none.
    #[serde(default)]
    pub cash_coin: String,
    /// The shop's time zone (e.g. "Europe/Berlin"); empty or absent: the
    /// system's, recorded by name.
    #[serde(default)]
    pub time_zone: String,
    /// The language receipts and reports are printed in ("en", "de");
    /// empty or absent: English.
    #[serde(default)]
    pub language: String,
}

/// Whether this database still needs its setup, and which till it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TillIdentity {
    /// No staff yet: the setup screen comes first.
    pub needs_setup: bool,
    /// This till's id; the suggestion for setup while it has none.
    pub till_id: String,
}

/// Upper case letters, digits and dashes, at most `TILL_ID_CHARS_MAX`;
/// typed lower case is taken as upper case.
pub(crate) fn check_till_id(text: &str) -> Result<String> {
    let id = text.trim().to_uppercase();
    if id.is_empty() {
        return Err(Error::Required { field: "Till id" });
    }
    if id.chars().count() > TILL_ID_CHARS_MAX {
        return Err(Error::TooLong { field: "Till id", max: TILL_ID_CHARS_MAX });
    }
    if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::Invalid { field: "Till id", problem: crate::problem::Problem::TillId });
    }
    Ok(id)
}

/// The stored till id, if this file has one.
pub(crate) fn stored_till_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT till_id FROM till_identity WHERE singleton = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}

/// Records this file's till id (setup may be run again if it was cut short
/// before the first manager was saved, so this replaces).
pub(crate) fn store_till_id(conn: &Connection, till_id: &str) -> Result<()> {
    debug_assert_eq!(check_till_id(till_id).ok().as_deref(), Some(till_id), "only checked ids are stored");
    conn.prepare_cached("INSERT OR REPLACE INTO till_identity (singleton, till_id) VALUES (1, ?1)")?
        .execute([till_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_till_id_is_short_upper_case_letters_digits_and_dashes() {
        assert_eq!(check_till_id(" t2 ").unwrap(), "T2");
        assert_eq!(check_till_id("BAR-1").unwrap(), "BAR-1");
        assert_eq!(check_till_id("").unwrap_err().code(), "required");
        assert_eq!(check_till_id("TILL-0001").unwrap_err().code(), "too_long");
        assert_eq!(check_till_id("T 2").unwrap_err().code(), "invalid_input");
        assert_eq!(check_till_id("T2;").unwrap_err().code(), "invalid_input");
    }
}
