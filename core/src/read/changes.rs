//! The back office's history, read from its events: each record (a
//! product, the shop's details and policy, a staff member) as a timeline of
//! changes and as it stood at any version or instant, a product's prices,
//! and the policy in force at an instant or at an order's event.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::back_office::{self, Stream, SHOP_STREAM};
use crate::domain::refund::evolve_refund;
use crate::domain::shop::{evolve_product, evolve_shop, evolve_staff, ShopState};
use crate::domain::shift::evolve_shift;
use crate::domain::close::evolve_close;
use crate::domain::{DayClose, RefundIssued, RefundNumber, Shift, ShiftNumber, ZNumber};
use crate::domain::shop_description::shop_description;
use crate::domain::{describe::describe_shop, Description, Event, EventKind, Policy, Product, StaffId, StaffState};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::store::Recorded;

use super::{staff_name, Reader};

/// One change of a stream of the back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The stream's version right after this change.
    pub version: u32,
    pub position: i64,
    pub kind: EventKind,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub actor: StaffId,
    pub actor_name: String,
    /// What changed, in plain words.
    pub summary: String,
    /// `summary` as a message for a screen in any language, if it has one.
    #[serde(default)]
    pub description: Option<Description>,
    /// Written from the tables of an older database (what came before is unknown).
    pub imported: bool,
}

/// One price a product had: from when, set by whom; `from` is none when the
/// product was added at this price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PriceEntry {
    pub change: Change,
    #[ts(type = "string | null")]
    pub from: Option<Decimal>,
    #[ts(type = "string")]
    pub to: Decimal,
}

/// The discount policy from one change on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyEntry {
    pub change: Change,
    pub policy: Policy,
}

/// A record of the back office with a timeline of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum RecordKey {
    Product { sku: String },
    /// The shop's details and its discount policy (one stream).
    Shop,
    Staff { id: StaffId },
    /// A refund, the document (one version: as issued).
    Refund { number: RefundNumber },
    /// A shift of a till's drawer: opened, its cash moves, closed.
    Shift { number: ShiftNumber },
    /// A till's day closed (the Z report), and reopened if it was.
    Close { number: ZNumber },
}

/// What the record is called in a message.
impl std::fmt::Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordKey::Product { sku } => write!(f, "Product \"{}\"", sku.trim()),
            RecordKey::Shop => f.write_str("The shop's settings"),
            RecordKey::Staff { id } => write!(f, "Staff member #{id}"),
            RecordKey::Refund { number } => write!(f, "Refund R-{number}"),
            RecordKey::Shift { number } => write!(f, "Shift S-{number}"),
            RecordKey::Close { number } => write!(f, "Z report Z-{number}"),
        }
    }
}

impl RecordKey {
    fn stream(&self) -> Stream<'_> {
        match self {
            RecordKey::Product { sku } => Stream::Product(sku.trim()),
            RecordKey::Shop => Stream::Shop,
            RecordKey::Staff { id } => Stream::Staff(*id),
            RecordKey::Refund { number } => Stream::Refund(*number),
            RecordKey::Shift { number } => Stream::Shift(*number),
            RecordKey::Close { number } => Stream::Close(*number),
        }
    }

    /// "`self` has no version `version`", as a message: the product and
    /// the shop have keys of their own, any other record is named by a term
    /// and its number.
    pub fn without_version(&self, version: u32, latest: u32) -> Message {
        let numbers = |m: Message| m.number("version", version).number("latest", latest);
        match self {
            RecordKey::Product { sku } => numbers(Message::new("noSuchProductVersion").text("sku", sku.trim())),
            RecordKey::Shop => numbers(Message::new("noSuchShopVersion")),
            other => numbers(other.named("noSuchRecordVersion")),
        }
    }

    /// "`self` did not exist yet at that time", as a message, keyed as [`RecordKey::without_version`].
    pub fn not_yet_recorded(&self) -> Message {
        match self {
            RecordKey::Product { sku } => Message::new("productNotYetRecorded").text("sku", sku.trim()),
            RecordKey::Shop => Message::new("shopNotYetRecorded"),
            other => other.named("notYetRecorded"),
        }
    }

    /// `key` with the kind of record (`what`, a term) and its number as the till writes it.
    fn named(&self, key: &'static str) -> Message {
        let (what, number) = match self {
            RecordKey::Product { sku } => ("Product", format!("\"{}\"", sku.trim())),
            RecordKey::Shop => ("Shop settings", String::new()),
            RecordKey::Staff { id } => ("Staff member", format!("#{id}")),
            RecordKey::Refund { number } => ("Refund", format!("R-{number}")),
            RecordKey::Shift { number } => ("Shift", format!("S-{number}")),
            RecordKey::Close { number } => ("Z report", format!("Z-{number}")),
        };
        Message::new(key).label("what", what).text("number", number)
    }

    /// One record of every kind, for the tests that every message is in the catalogs.
    pub fn examples() -> Vec<RecordKey> {
        vec![
            RecordKey::Product { sku: "COFFEE".into() },
            RecordKey::Shop,
            RecordKey::Staff { id: 3 },
            RecordKey::Refund { number: 7 },
            RecordKey::Shift { number: 5 },
            RecordKey::Close { number: 4 },
        ]
    }

    fn not_found(&self) -> Error {
        match self {
            RecordKey::Product { sku } => Error::NotFound { what: "Product", key: sku.trim().to_string() },
            RecordKey::Shop => Error::NotFound { what: "Shop settings", key: "shop".to_string() },
            RecordKey::Staff { id } => Error::NotFound { what: "Staff member", key: id.to_string() },
            RecordKey::Refund { number } => Error::NotFound { what: "Refund", key: format!("R-{number}") },
            RecordKey::Shift { number } => Error::NotFound { what: "Shift", key: format!("S-{number}") },
            RecordKey::Close { number } => Error::NotFound { what: "Z report", key: format!("Z-{number}") },
        }
    }
}

/// A record as it stood at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", content = "data", rename_all = "camelCase")]
pub enum RecordState {
    Product(Product),
    Shop(ShopState),
    Staff(StaffState),
    Refund(RefundIssued),
    Shift(Shift),
    Close(DayClose),
}

/// One version of a record: the change recorded there, and the record
/// right after it and right before it (none before the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordStep {
    pub change: Change,
    pub state: RecordState,
    pub before: Option<RecordState>,
}

/// The record's events folded: none while it does not exist yet.
fn fold(record: &RecordKey, events: &[Recorded]) -> Option<RecordState> {
    match record {
        RecordKey::Product { .. } => events.iter().fold(None, |s, r| evolve_product(s, &r.event)).map(RecordState::Product),
        RecordKey::Shop => Some(RecordState::Shop(events.iter().fold(ShopState::default(), |s, r| evolve_shop(s, &r.event)))),
        RecordKey::Staff { .. } => events.iter().fold(None, |s, r| evolve_staff(s, &r.event)).map(RecordState::Staff),
        RecordKey::Refund { .. } => events.iter().fold(None, |s, r| evolve_refund(s, &r.event)).map(RecordState::Refund),
        RecordKey::Shift { .. } => events.iter().fold(None, |s, r| evolve_shift(s, &r.event)).map(RecordState::Shift),
        RecordKey::Close { .. } => events.iter().fold(None, |s, r| evolve_close(s, &r.event)).map(RecordState::Close),
    }
}

fn record_events(reader: &Reader<'_>, record: &RecordKey) -> Result<Vec<Recorded>> {
    let events = back_office::read(reader.conn, record.stream())?;
    if events.is_empty() {
        return Err(record.not_found());
    }
    Ok(events)
}

/// Every change of a record, oldest first: the marks of its timeline.
pub fn record_timeline(reader: &Reader<'_>, record: &RecordKey) -> Result<Vec<Change>> {
    record_events(reader, record)?.iter().map(|r| change(reader, r)).collect()
}

/// The record at `version` (1 … its latest), with the change recorded there.
pub fn record_at(reader: &Reader<'_>, record: &RecordKey, version: u32) -> Result<RecordStep> {
    let events = record_events(reader, record)?;
    let latest = events.len() as u32;
    if version == 0 || version > latest {
        return Err(Error::NoSuchRecordVersion { record: record.clone(), version, latest });
    }
    let upto = version as usize;
    let recorded = &events[upto - 1];
    debug_assert_eq!(recorded.version, version, "a stream's versions count from 1 without gaps");
    let state = fold(record, &events[..upto]).ok_or_else(|| record.not_found())?;
    let before = fold(record, &events[..upto - 1]);
    Ok(RecordStep { change: change(reader, recorded)?, state, before })
}

/// The record's version in force at `at`: the last recorded up to then.
pub fn record_version_at(reader: &Reader<'_>, record: &RecordKey, at: DateTime<Utc>) -> Result<u32> {
    let events = record_events(reader, record)?;
    let n = events.iter().take_while(|r| r.meta.recorded_at <= at).count();
    if n == 0 {
        return Err(Error::NotYetRecorded(record.clone()));
    }
    Ok(n as u32)
}

fn is_imported(event: &Event) -> bool {
    match event {
        Event::ProductAdded(e) => e.imported,
        Event::ProductArchived(e) => e.imported,
        Event::StaffAdded(e) => e.imported,
        Event::StaffDeactivated(e) => e.imported,
        Event::SettingsChanged(e) => e.imported,
        Event::PolicyChanged(e) => e.imported,
        _ => false,
    }
}

fn change(reader: &Reader<'_>, r: &Recorded) -> Result<Change> {
    let actor_name = match r.meta.actor {
        back_office::SYSTEM_ACTOR => "The till".to_string(),
        id => staff_name(reader.conn, Some(id))?.unwrap_or_else(|| format!("#{id}")),
    };
    Ok(Change {
        version: r.version,
        position: r.position,
        kind: r.event.kind(),
        at: r.meta.recorded_at,
        actor: r.meta.actor,
        actor_name,
        summary: describe_shop(&r.event),
        description: shop_description(&r.event).map(Description::from),
        imported: is_imported(&r.event),
    })
}

fn product_events(reader: &Reader<'_>, sku: &str) -> Result<Vec<Recorded>> {
    record_events(reader, &RecordKey::Product { sku: sku.to_string() })
}

/// Every change of a product, oldest first.
pub fn product_history(reader: &Reader<'_>, sku: &str) -> Result<Vec<Change>> {
    record_timeline(reader, &RecordKey::Product { sku: sku.to_string() })
}

/// Every price a product had, oldest first.
pub fn price_history(reader: &Reader<'_>, sku: &str) -> Result<Vec<PriceEntry>> {
    let mut out = Vec::new();
    for r in product_events(reader, sku)? {
        let (from, to) = match &r.event {
            Event::ProductAdded(e) => (None, e.price),
            Event::PriceChanged(e) => (Some(e.from), e.to),
            _ => continue,
        };
        out.push(PriceEntry { change: change(reader, &r)?, from, to });
    }
    Ok(out)
}

/// The product as it stood at `at` (its events recorded up to then
/// folded); none if it was not in the catalog yet.
pub fn product_at(reader: &Reader<'_>, sku: &str, at: DateTime<Utc>) -> Result<Option<Product>> {
    Ok(product_events(reader, sku)?
        .iter()
        .take_while(|r| r.meta.recorded_at <= at)
        .fold(None, |s, r| evolve_product(s, &r.event)))
}

/// Every change of the shop's details and policy, oldest first.
pub fn shop_history(reader: &Reader<'_>) -> Result<Vec<Change>> {
    back_office::read(reader.conn, Stream::Shop)?.iter().map(|r| change(reader, r)).collect()
}

/// Every change of a staff member (signing in and out included), oldest first.
pub fn staff_history(reader: &Reader<'_>, id: StaffId) -> Result<Vec<Change>> {
    record_timeline(reader, &RecordKey::Staff { id })
}

/// Every discount policy the shop had, oldest first.
pub fn policy_history(reader: &Reader<'_>) -> Result<Vec<PolicyEntry>> {
    let mut out = Vec::new();
    for r in back_office::read(reader.conn, Stream::Shop)? {
        if let Event::PolicyChanged(e) = &r.event {
            out.push(PolicyEntry { change: change(reader, &r)?, policy: e.policy.clone() });
        }
    }
    Ok(out)
}

/// The policy in force at `at`: the last one recorded up to then; none
/// before the first.
pub fn policy_at(reader: &Reader<'_>, at: DateTime<Utc>) -> Result<Option<PolicyEntry>> {
    Ok(policy_history(reader)?.into_iter().take_while(|p| p.change.at <= at).last())
}

/// The shop stream's version of the policy in force when the event at
/// `position` was recorded (the last `PolicyChanged` before it).
pub(crate) fn policy_version_before(conn: &rusqlite::Connection, position: i64) -> Result<Option<u32>> {
    Ok(conn
        .prepare_cached("SELECT max(version) FROM events WHERE stream = ?1 AND kind = ?2 AND position < ?3")?
        .query_row(rusqlite::params![SHOP_STREAM, EventKind::PolicyChanged.code(), position], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Param;

    #[test]
    fn a_record_is_named_in_english_as_before_and_by_a_term_and_its_number() {
        // Given a staff member asked at a version it does not have
        let e = Error::NoSuchRecordVersion { record: RecordKey::Staff { id: 3 }, version: 9, latest: 7 };
        // Then the English is unchanged
        assert_eq!(e.to_string(), "Staff member #3 has no version 9 (it has 7)");
        // And the screen gets the kind of record as a term and its number as written
        let said = e.message();
        assert_eq!(said.key, "noSuchRecordVersion");
        assert_eq!(said.params_by_name()["what"], Param::Term("field.staffMember".into()));
        assert_eq!(said.params_by_name()["number"], Param::Text("#3".into()));
    }

    #[test]
    fn the_product_and_the_shop_have_keys_of_their_own() {
        // Given a product and the shop's settings, not yet recorded at a time
        let product = Error::NotYetRecorded(RecordKey::Product { sku: " COFFEE ".into() });
        let shop = Error::NotYetRecorded(RecordKey::Shop);
        // Then each is worded as before
        assert_eq!(product.to_string(), "Product \"COFFEE\" did not exist yet at that time");
        assert_eq!(shop.to_string(), "The shop's settings did not exist yet at that time");
        // And keyed by what it is, the product's SKU trimmed
        assert_eq!((product.message().key, shop.message().key), ("productNotYetRecorded", "shopNotYetRecorded"));
        assert_eq!(product.message().params_by_name()["sku"], Param::Text("COFFEE".into()));
    }
}
