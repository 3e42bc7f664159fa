//! Staff: the `staff` table, a projection of each staff member's events
//! (`back_office`). PINs are stored only as salted Argon2id hashes, in
//! `staff_pins` (no event carries a PIN or its hash, so it is no projection
//! and a rebuild leaves it alone); five wrong PINs in a row lock that PIN
//! for a few minutes, and the lockout is logged.
//! Outside the core, staff are reached through `Till`'s methods
//! (`till/back_office.rs`, `till/auth.rs`).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Role, StaffId};
use crate::error::{check_text, Error, Result};
use crate::limits::{CODE_CHARS_MAX, NAME_CHARS_MAX, PIN_ATTEMPTS_MAX, PIN_DIGITS_MAX, PIN_LOCKOUT_SECS};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub id: StaffId,
    pub code: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffInput {
    pub code: String,
    pub name: String,
    pub role: Role,
    pub pin: String,
}

pub(crate) use crate::pin::check_format as check_pin;

pub(crate) fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Invalid { field: "PIN", problem: crate::problem::Problem::Said(e.to_string()) })
}

const COLUMNS: &str = "id, code, name, role, active";

/// The security log's kind for a PIN locked after too many wrong tries (the
/// audit trail lists these rows as `pinLockout` entries).
pub(crate) const PIN_LOCKED: &str = "pinLocked";

/// What the security log says of a lockout, in English: the tries and the minutes.
pub(crate) fn lockout_detail(tries: u32, minutes: i64) -> String {
    format!("{tries} wrong PINs in a row; locked for {minutes} minutes")
}

/// A lockout's log entry as a message for a screen in any language: its
/// figures read back from [`lockout_detail`]'s words; none for other words.
pub(crate) fn lockout_message(detail: &str) -> Option<crate::message::Message> {
    let (tries, rest) = detail.split_once(" wrong PINs in a row; locked for ")?;
    let minutes = rest.strip_suffix(" minutes")?;
    let (tries, minutes) = (tries.parse::<u32>().ok()?, minutes.parse::<i64>().ok()?);
    Some(crate::message::Message::new("pinLockedOut").number("tries", tries).number("minutes", minutes))
}

fn row_to_staff(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffMember> {
    let role: String = r.get(3)?;
    Ok(StaffMember {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Cashier),
        active: r.get(4)?,
    })
}

/// Checks a new staff member as typed: their code and name, trimmed.
pub(crate) fn check_input(input: &StaffInput) -> Result<(String, String)> {
    let code = check_text(&input.code, "Staff code", CODE_CHARS_MAX, true)?;
    let name = check_text(&input.name, "Name", NAME_CHARS_MAX, true)?;
    check_pin(&input.pin)?;
    Ok((code, name))
}

/// Stores a new PIN hash (and clears any lockout).
pub(crate) fn set_pin_hash(conn: &Connection, id: StaffId, hash: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO staff_pins (staff, pin_hash) VALUES (?1, ?2)
         ON CONFLICT(staff) DO UPDATE SET pin_hash = excluded.pin_hash, failed_pins = 0, locked_until = NULL",
    )?
    .execute(params![id, hash])?;
    Ok(())
}

pub(crate) fn by_code(conn: &Connection, code: &str) -> Result<Option<StaffMember>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM staff WHERE code = ?1"))?
        .query_row([code.trim()], row_to_staff)
        .optional()?)
}

pub(crate) fn find(conn: &Connection, id: StaffId) -> Result<Option<StaffMember>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM staff WHERE id = ?1"))?
        .query_row([id], row_to_staff)
        .optional()?)
}

pub(crate) fn get(conn: &Connection, id: StaffId) -> Result<StaffMember> {
    find(conn, id)?.ok_or_else(|| Error::NotFound { what: "Staff member", key: id.to_string() })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<StaffMember>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM staff ORDER BY name COLLATE NOCASE"))?;
    let rows = stmt.query_map([], row_to_staff)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks a staff code and PIN. Wrong PINs count towards a lockout, which is
/// written to the security log.
pub(crate) fn verify_pin(conn: &Connection, code: &str, pin: &str, now: DateTime<Utc>) -> Result<StaffMember> {
    let code = code.trim();
    if code.is_empty() || code.chars().count() > CODE_CHARS_MAX || pin.chars().count() > PIN_DIGITS_MAX * 4 {
        return Err(Error::WrongPin);
    }
    let row: Option<(StaffMember, String, u32, Option<i64>)> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, pin_hash, failed_pins, locked_until FROM staff JOIN staff_pins ON staff_pins.staff = staff.id
             WHERE code = ?1"
        ))?
        .query_row([code], |r| Ok((row_to_staff(r)?, r.get(5)?, r.get(6)?, r.get(7)?)))
        .optional()?;
    // An unknown code costs the same hashing time as a known one, so timing
    // does not tell which codes exist.
    let Some((member, hash, failed, locked_until)) = row else {
        let _ = hash_pin("0000");
        return Err(Error::WrongPin);
    };
    let now_us = now.timestamp_micros();
    if let Some(until) = locked_until.filter(|u| *u > now_us) {
        let minutes = ((until - now_us) as f64 / 60_000_000.0).ceil() as i64;
        return Err(Error::PinLocked(member.name, minutes.max(1)));
    }
    let ok = PasswordHash::new(&hash).map(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok()).unwrap_or(false);
    if !ok {
        let failed = if locked_until.is_some() { 1 } else { failed + 1 };
        if failed >= PIN_ATTEMPTS_MAX {
            let until = now_us + PIN_LOCKOUT_SECS * 1_000_000;
            let tx = crate::store::write_tx(conn)?;
            tx.prepare_cached("UPDATE staff_pins SET failed_pins = 0, locked_until = ?2 WHERE staff = ?1")?.execute(params![member.id, until])?;
            tx.prepare_cached("INSERT INTO security_log (at, staff, kind, detail) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![now_us, member.id, PIN_LOCKED, lockout_detail(PIN_ATTEMPTS_MAX, PIN_LOCKOUT_SECS / 60)])?;
            tx.commit()?;
            return Err(Error::PinLocked(member.name, PIN_LOCKOUT_SECS / 60));
        }
        conn.prepare_cached("UPDATE staff_pins SET failed_pins = ?2, locked_until = NULL WHERE staff = ?1")?.execute(params![member.id, failed])?;
        return Err(Error::WrongPin);
    }
    if !member.active {
        return Err(Error::StaffInactive(member.name));
    }
    if failed > 0 || locked_until.is_some() {
        conn.prepare_cached("UPDATE staff_pins SET failed_pins = 0, locked_until = NULL WHERE staff = ?1")?.execute([member.id])?;
    }
    Ok(member)
}

pub(crate) fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM staff WHERE active = 1", [], |r| r.get(0))?)
}
