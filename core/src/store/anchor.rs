//! The chain anchored outside the file: the chain head (the newest event's
//! position and hash) is printed on paper, and later checked against the
//! chain. A chain rewritten with recomputed hashes, or cut short, still
//! verifies on its own; it no longer passes through a head written down
//! before the change.

use std::fmt::Write as _;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::events::chain_head as newest;
use super::verify::{verify, VerifyReport};
use super::StoreError;
use crate::domain::Description;
use crate::message::Message;

/// Hex digits of the hash in a head's short form, and the fewest a head typed
/// in may give.
pub const HEAD_HEX_SHORT: usize = 12;
/// Hex digits of a whole SHA-256 hash.
const HEAD_HEX_FULL: usize = 64;

/// Where the chain ends: the newest event's position and hash (position 0 and
/// the genesis hash, all zeros, for an empty chain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChainHead {
    pub position: i64,
    /// The whole hash, 64 lowercase hex digits.
    pub hash: String,
    /// For paper: `POSITION:` and the hash's first 12 hex digits, e.g. `4711:3f9a0c12be55`.
    pub short: String,
}

impl ChainHead {
    fn new(position: i64, hash: &[u8]) -> ChainHead {
        let hash = hex(hash);
        let short = format!("{position}:{}", &hash[..HEAD_HEX_SHORT.min(hash.len())]);
        ChainHead { position, hash, short }
    }

    /// `POSITION:HASH` with the whole hash, as `pos verify --head` takes it.
    pub fn full(&self) -> String {
        format!("{}:{}", self.position, self.hash)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The chain head now.
pub fn chain_head(conn: &Connection) -> Result<ChainHead, StoreError> {
    let (position, hash) = newest(conn)?;
    Ok(ChainHead::new(position, &hash))
}

/// A head as written down: a position and the first hex digits of the hash
/// there (at least [`HEAD_HEX_SHORT`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadRef {
    pub position: i64,
    /// Lowercase hex.
    pub hash_prefix: String,
}

impl HeadRef {
    /// Reads `POSITION:HASH` (spaces around either part are ignored, the hash
    /// in either case). Anything else is `bad_head`, saying what is expected.
    pub fn parse(text: &str) -> Result<HeadRef, StoreError> {
        let bad = StoreError::BadHead;
        let text = text.trim();
        if text.is_empty() {
            return Err(bad(HeadProblem::Empty));
        }
        let Some((position, hash)) = text.split_once(':') else {
            return Err(bad(HeadProblem::NoColon));
        };
        let position: i64 = position.trim().parse().map_err(|_| bad(HeadProblem::Position))?;
        if position < 0 {
            return Err(bad(HeadProblem::Position));
        }
        let hash = hash.trim().to_ascii_lowercase();
        if !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad(HeadProblem::HashDigits));
        }
        if hash.len() < HEAD_HEX_SHORT || hash.len() > HEAD_HEX_FULL {
            return Err(bad(HeadProblem::HashLength { min: HEAD_HEX_SHORT, max: HEAD_HEX_FULL, has: hash.len() }));
        }
        Ok(HeadRef { position, hash_prefix: hash })
    }
}

/// What is wrong with a head as typed (`StoreError::BadHead`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadProblem {
    Empty,
    NoColon,
    /// The position is not a whole number of zero or more.
    Position,
    /// The hash has other characters than hex digits.
    HashDigits,
    /// The hash has `has` hex digits, not `min` to `max`.
    HashLength { min: usize, max: usize, has: usize },
}

impl std::fmt::Display for HeadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeadProblem::Empty => f.write_str("type the head printed on a report"),
            HeadProblem::NoColon => f.write_str("the position and the hash are separated by a colon"),
            HeadProblem::Position => f.write_str("the position is a whole number"),
            HeadProblem::HashDigits => f.write_str("the hash has only the digits 0-9 and the letters a-f"),
            HeadProblem::HashLength { min, max, has } => write!(f, "the hash has {min} to {max} hex digits; this one has {has}"),
        }
    }
}

impl HeadProblem {
    /// The refusal as a message: a key per problem, the hash's lengths as numbers.
    pub fn message(&self) -> Message {
        let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
        match self {
            HeadProblem::Empty => Message::new("badHeadEmpty"),
            HeadProblem::NoColon => Message::new("badHeadNoColon"),
            HeadProblem::Position => Message::new("badHeadPosition"),
            HeadProblem::HashDigits => Message::new("badHeadHashDigits"),
            HeadProblem::HashLength { min, max, has } => Message::new("badHeadHashLength").number("min", n(*min)).number("max", n(*max)).number("has", n(*has)),
        }
    }

    /// One of every problem, for the tests that every message is in the catalogs.
    pub fn examples() -> Vec<HeadProblem> {
        use HeadProblem::*;
        vec![Empty, NoColon, Position, HashDigits, HashLength { min: HEAD_HEX_SHORT, max: HEAD_HEX_FULL, has: 11 }]
    }
}

impl std::fmt::Display for HeadRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.position, self.hash_prefix)
    }
}

/// What checking the chain against a head found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HeadFinding {
    /// The chain passes through the head and verifies.
    Passes,
    /// The event at the head's position is gone: the chain was cut short.
    Truncated,
    /// The event at the head's position has another hash: the chain was rewritten.
    Rewritten,
    /// The chain passes through the head but is broken somewhere.
    ChainBroken,
}

/// The chain checked against a head written down earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeadReport {
    /// The head as typed, normalised (`POSITION:hex`).
    pub head: String,
    pub finding: HeadFinding,
    /// Passes through the head, and the whole chain verifies.
    pub intact: bool,
    /// In plain words, for the panel and `pos verify --head`.
    pub message: String,
    /// The same as a message for a screen in any language (`error.<key>`).
    pub said: Description,
    /// The hash now stored at the head's position, if an event is there.
    pub found_hash: Option<String>,
    /// Where the chain ends now.
    pub now: ChainHead,
    /// The whole chain's own check.
    pub chain: VerifyReport,
}

impl std::fmt::Display for HeadReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks that the chain still passes through `head`: the event at its
/// position exists and its hash starts with the digits written down, and the
/// whole chain verifies. Read in one transaction, so both checks see the
/// same chain.
pub fn verify_through(conn: &Connection, head: &HeadRef) -> Result<HeadReport, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let found = hash_at(&tx, head.position)?;
    let now = chain_head(&tx)?;
    let chain = verify(&tx)?;
    tx.finish()?;
    let (finding, message, said) = judge(head, found.as_deref(), &now, &chain);
    Ok(HeadReport {
        head: head.to_string(),
        intact: finding == HeadFinding::Passes,
        finding,
        message,
        said: said.into(),
        found_hash: found,
        now,
        chain,
    })
}

/// The hash at `position` as hex; position 0 is the genesis hash.
fn hash_at(conn: &Connection, position: i64) -> Result<Option<String>, StoreError> {
    if position == 0 {
        return Ok(Some(hex(&super::stored::GENESIS)));
    }
    let hash: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM events WHERE position = ?1")?
        .query_row([position], |r| r.get(0))
        .optional()?;
    Ok(hash.map(|h| hex(&h)))
}

/// What the check found, in English and as a message (`error.<key>` in the
/// UI's catalogs): a key per finding, `…AndBroken` when the whole chain is
/// also broken (where, and its problem in the verifier's words, as params).
fn judge(head: &HeadRef, found: Option<&str>, now: &ChainHead, chain: &VerifyReport) -> (HeadFinding, String, Message) {
    let broken = chain.breach.as_ref().map(|b| format!(" The chain is also broken at position {}: {}.", b.position, b.problem));
    let also = broken.clone().unwrap_or_default();
    let keyed = |plain: &'static str, and_broken: &'static str| match &chain.breach {
        None => Message::new(plain),
        Some(b) => Message::new(and_broken).number("brokenAt", b.position).text("problem", &b.problem),
    };
    match found {
        None => (
            HeadFinding::Truncated,
            format!(
                "Events were deleted: the head {head} written down is at position {}, but the chain now ends at position {}.{also}",
                head.position, now.position
            ),
            keyed("headTruncated", "headTruncatedAndBroken").text("head", head).number("position", head.position).number("end", now.position),
        ),
        Some(hash) if !hash.starts_with(&head.hash_prefix) => {
            let now_hash = &hash[..HEAD_HEX_SHORT.min(hash.len())];
            (
                HeadFinding::Rewritten,
                format!(
                    "The chain was rewritten: the event at position {} now has hash {now_hash}, not {} as written down.{also}",
                    head.position, head.hash_prefix
                ),
                keyed("headRewritten", "headRewrittenAndBroken").number("position", head.position).text("found", now_hash).text("written", &head.hash_prefix),
            )
        }
        Some(_) => match broken {
            Some(b) => (HeadFinding::ChainBroken, format!("The chain passes through {head}, but it is not intact.{b}"), keyed("headPasses", "headPassesBroken").text("head", head)),
            None => (
                HeadFinding::Passes,
                format!("The chain passes through {head}, and all {} events are intact.", chain.events),
                Message::new("headPasses").text("head", head).number("events", chain.events),
            ),
        },
    }
}

/// One report of every finding (with and without a broken chain besides),
/// for the tests that every message is in the catalogs and says what the English says.
pub(crate) fn example_reports() -> Vec<(String, Message)> {
    use super::verify::Breach;
    let head = HeadRef { position: 4711, hash_prefix: "3f9a0c12be55".into() };
    let now = ChainHead { position: 4700, hash: "0".repeat(HEAD_HEX_FULL), short: String::new() };
    let intact = VerifyReport { events: 4711, intact: true, breach: None, from: 1 };
    let breach = Breach { position: 17, problem: "its content or place in the chain was changed".into() };
    let broken = VerifyReport { events: 4711, intact: false, breach: Some(breach), from: 1 };
    let rewritten = format!("abcdef012345{}", "0".repeat(52));
    let mut all = Vec::new();
    for chain in [&intact, &broken] {
        for found in [None, Some(rewritten.as_str()), Some("3f9a0c12be55ff00")] {
            let (_, english, said) = judge(&head, found, &now, chain);
            all.push((english, said));
        }
    }
    all
}

/// What someone with the file and this code could do: recompute every hash
/// from `position` on with the store's own hashing, so the changed chain
/// verifies on its own. For the tests that show a head written down still
/// names it. (The append-only triggers must be dropped first.)
#[cfg(test)]
pub(crate) fn rehash_from(conn: &Connection, position: i64) -> Result<(), StoreError> {
    use super::stored::{select_events, StoredEvent};
    let mut prev: Vec<u8> = match position {
        1 => super::stored::GENESIS.to_vec(),
        p => conn.query_row("SELECT hash FROM events WHERE position = ?1", [p - 1], |r| r.get(0))?,
    };
    let last: i64 = conn.query_row("SELECT coalesce(max(position), 0) FROM events", [], |r| r.get(0))?;
    for p in position..=last {
        let hash = conn.query_row(select_events!("WHERE position = ?1"), [p], |r| {
            Ok(StoredEvent::read(r).map(|row| row.chain_hash(&prev)))
        })??;
        conn.execute("UPDATE events SET hash = ?1 WHERE position = ?2", rusqlite::params![&hash[..], p])?;
        prev = hash.to_vec();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Param;

    #[test]
    fn a_head_is_read_from_paper_or_refused_saying_why() {
        let h = HeadRef::parse(" 4711 : 3F9A0C12BE55 ").unwrap();
        assert_eq!(h, HeadRef { position: 4711, hash_prefix: "3f9a0c12be55".into() });
        assert_eq!(h.to_string(), "4711:3f9a0c12be55");
        let full = "0".repeat(64);
        assert_eq!(HeadRef::parse(&format!("0:{full}")).unwrap().hash_prefix, full);
        for (text, says) in [
            ("", "type the head"),
            ("4711", "colon"),
            ("x:3f9a0c12be55", "whole number"),
            ("-1:3f9a0c12be55", "whole number"),
            ("4711:3f9a0c12be5", "this one has 11"),
            ("4711:3f9a0c12be5g", "0-9"),
            (&format!("1:{full}0"), "this one has 65"),
        ] {
            let e = HeadRef::parse(text).unwrap_err();
            assert_eq!(e.code(), "bad_head", "{text:?}");
            assert!(e.to_string().contains(says), "{text:?}: {e}");
        }
    }

    #[test]
    fn a_finding_is_keyed_for_the_screen_and_says_where_the_chain_is_also_broken() {
        // Given a head past the end of a chain that is also broken at position 17
        let head = HeadRef { position: 50, hash_prefix: "3f9a0c12be55".into() };
        let now = ChainHead::new(40, &[0; 32]);
        let breach = super::super::verify::Breach { position: 17, problem: "its content or place in the chain was changed".into() };
        let chain = VerifyReport { events: 40, intact: false, breach: Some(breach), from: 1 };
        // When the check judges it
        let (finding, english, said) = judge(&head, None, &now, &chain);
        // Then the English is as before, and the message has a key of its own with the positions as numbers
        assert_eq!(finding, HeadFinding::Truncated);
        assert!(english.ends_with("The chain is also broken at position 17: its content or place in the chain was changed."), "{english}");
        assert_eq!(said.key, "headTruncatedAndBroken");
        let params = said.params_by_name();
        assert_eq!((params["brokenAt"].clone(), params["end"].clone()), (Param::Number(17), Param::Number(40)));
        assert_eq!(params["head"], Param::Text("50:3f9a0c12be55".into()));
    }

    #[test]
    fn a_head_refused_names_its_problem_by_a_key_of_its_own() {
        // Given a head without a colon, and one with a hash too short
        let (no_colon, short) = (HeadRef::parse("4711").unwrap_err(), HeadRef::parse("4711:3f9a").unwrap_err());
        // Then each is keyed by its problem, the lengths as numbers
        assert_eq!((no_colon.message().key, short.message().key), ("badHeadNoColon", "badHeadHashLength"));
        assert_eq!(short.message().params_by_name()["has"], Param::Number(4));
        assert_eq!(short.to_string(), "A chain head is written POSITION:HASH, e.g. 4711:3f9a0c12be55: the hash has 12 to 64 hex digits; this one has 4");
    }

    #[test]
    fn the_short_form_is_the_position_and_twelve_hex_digits() {
        let head = ChainHead::new(4711, &[0x3f, 0x9a, 0x0c, 0x12, 0xbe, 0x55, 0xff, 0x00]);
        assert_eq!(head.short, "4711:3f9a0c12be55");
        assert_eq!(head.full(), "4711:3f9a0c12be55ff00");
    }
}
