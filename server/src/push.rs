//! Storing a till's pushed events: exactly once per (shop, till, till_seq),
//! only when they link to what the server holds for that till, each with a
//! shop-wide position.
//!
//! **Shop-wide positions, gap-free in commit order.** A push that stores
//! events takes its positions last, just before inserting them, from the
//! shop's counter row (`UPDATE shops SET last_position = last_position + n
//! … RETURNING`), inside its own transaction. The row lock that UPDATE takes
//! is held until the push commits or rolls back, so pushers of one shop pass
//! that point one at a time: a push with higher positions cannot commit
//! before the push with the lower ones has, and a push that rolls back
//! gives its positions back with the counter (the next one gets the same
//! numbers). A reader polling "events after P" therefore never skips an
//! event that commits late: when it sees P+1 it already sees P. The cost is
//! that pushes of one shop commit one after the other (only the inserts of
//! a batch are inside the lock: checking hashes and links happens before);
//! for a shop's handful of tills that is plenty. The alternatives were a
//! sequence with a reader-side high-water mark (Marten's approach: readers
//! wait out or skip gaps left by rollbacks and slow commits, and must decide
//! how long to wait) or reading by transaction id (`pg_snapshot_xmin`
//! checkpoints, which tie readers to PostgreSQL's internals); both move the
//! difficulty to every reader.

use chrono::{DateTime, TimeZone, Utc};
use deadpool_postgres::{GenericClient, Pool, Transaction};
use pos_core::projections::{self, AuditKind};
use pos_core::store::{upcast, EventRow, Metadata, Recorded, GENESIS_HASH};
use serde::{Deserialize, Serialize};

use crate::enrol::TillAuth;
use crate::error::ApiError;
use crate::limits::PUSH_EVENTS_MAX;

/// `POST /v1/events`: a till's events, in its chain's order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PushBody {
    pub till: String,
    pub events: Vec<EventRow>,
}

/// What the server holds for the till after a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pushed {
    /// The till's last position stored (0: none yet).
    pub stored_through: i64,
    /// That event's shop-wide position (0: none yet).
    pub shop_position: i64,
}

/// A pushed event whose hash was recomputed and found right.
#[derive(Debug, Clone)]
pub struct Checked {
    pub row: EventRow,
    pub prev: Vec<u8>,
    pub hash: Vec<u8>,
    /// pos-core's audit kind of the event, if its audit trail lists it.
    pub audit_kind: Option<&'static str>,
}

/// The newest event the server holds for a till.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub till_seq: i64,
    pub hash: Vec<u8>,
    pub shop_position: i64,
}

impl Head {
    fn empty() -> Head {
        Head { till_seq: 0, hash: GENESIS_HASH.to_vec(), shop_position: 0 }
    }
}

fn hash_bytes(position: i64, what: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    match hex::decode(text) {
        Ok(bytes) if bytes.len() == GENESIS_HASH.len() => Ok(bytes),
        _ => Err(ApiError::BadBatch(format!("the event at till position {position}: {what} is not 64 hex digits"))),
    }
}

/// The time as the chain hashes it: to the millisecond.
fn to_millis(at: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(at.timestamp_millis()).single().unwrap_or(at)
}

/// Checks a batch on its own: not too long, positions one after the other,
/// each event linked to the one before it in the batch and hashing to the
/// hash it carries (recomputed as the till's chain does).
pub fn check_batch(events: &[EventRow]) -> Result<Vec<Checked>, ApiError> {
    if events.len() > PUSH_EVENTS_MAX {
        return Err(ApiError::BadBatch(format!("a push carries at most {PUSH_EVENTS_MAX} events; this one has {}", events.len())));
    }
    let mut out: Vec<Checked> = Vec::with_capacity(events.len());
    for row in events {
        let position = row.position;
        let follows = out.last().map_or(position >= 1, |last| position == last.row.position + 1);
        if !follows {
            return Err(ApiError::BadBatch(format!("till position {position} does not follow the event before it in the batch")));
        }
        if row.payload.contains('\0') || row.terminal.contains('\0') {
            return Err(ApiError::BadBatch(format!("the event at till position {position} holds a NUL character")));
        }
        let prev = hash_bytes(position, "prevHash", &row.prev_hash)?;
        let hash = hash_bytes(position, "hash", &row.hash)?;
        if out.last().is_some_and(|last| last.hash != prev) {
            return Err(ApiError::BadBatch(format!("the event at till position {position} does not link to the one before it")));
        }
        if row.chain_hash(&prev)[..] != hash[..] {
            return Err(ApiError::BadHash { position });
        }
        let row = EventRow { recorded_at: to_millis(row.recorded_at), ..row.clone() };
        let audit_kind = audit_kind(&row);
        out.push(Checked { row, prev, hash, audit_kind });
    }
    Ok(out)
}

/// The audit trail's kind of an event, as pos-core tells it; none for an
/// event this server's pos-core cannot read (a newer till's), which is
/// stored all the same.
fn audit_kind(row: &EventRow) -> Option<&'static str> {
    let event = upcast::decode(row.kind, row.schema_version, row.payload.as_bytes()).ok()?;
    let recorded = Recorded {
        position: row.position,
        stream: row.stream,
        version: row.version,
        event,
        meta: Metadata {
            actor: row.actor,
            authorised_by: row.authorised_by,
            terminal: row.terminal.clone(),
            command_id: row.command_id,
            recorded_at: row.recorded_at,
        },
        app_version: String::new(),
    };
    projections::audit_kind(&recorded).map(AuditKind::as_str)
}

/// Why a checked batch cannot be stored after `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlinked {
    /// It starts after the next position the server expects.
    Gap { expected: i64 },
    /// It disagrees with the stored chain at `at`.
    Mismatch { at: i64, expected: Vec<u8>, received: Vec<u8>, detail: String },
}

/// Where a batch joins the stored chain: the index of its first new event
/// (`batch.len()` when all are stored already). `stored` holds the stored
/// hashes of the batch's positions up to the head, in order.
pub fn link(head: &Head, stored: &[(i64, Vec<u8>)], batch: &[Checked]) -> Result<usize, Unlinked> {
    let Some(first) = batch.first() else { return Ok(0) };
    if first.row.position > head.till_seq + 1 {
        return Err(Unlinked::Gap { expected: head.till_seq + 1 });
    }
    let mut new_from = 0;
    for event in batch.iter().take_while(|e| e.row.position <= head.till_seq) {
        let held = stored.iter().find(|(seq, _)| *seq == event.row.position).map(|(_, h)| h.clone());
        if held.as_deref() != Some(&event.hash[..]) {
            let detail = "the server holds another event at this position".to_string();
            return Err(Unlinked::Mismatch { at: event.row.position, expected: held.unwrap_or_default(), received: event.hash.clone(), detail });
        }
        new_from += 1;
    }
    if let Some(next) = batch.get(new_from) {
        if next.prev != head.hash {
            let detail = "its previous hash is not the hash of the last event stored".to_string();
            return Err(Unlinked::Mismatch { at: next.row.position, expected: head.hash.clone(), received: next.prev.clone(), detail });
        }
    }
    Ok(new_from)
}

/// The newest stored event of a till.
pub async fn head(client: &impl GenericClient, shop: &str, till: &str) -> Result<Head, ApiError> {
    let row = client
        .query_opt(
            "SELECT till_seq, hash, shop_position FROM events WHERE shop = $1 AND till = $2 ORDER BY till_seq DESC LIMIT 1",
            &[&shop, &till],
        )
        .await?;
    Ok(row.map_or_else(Head::empty, |r| Head { till_seq: r.get(0), hash: r.get(1), shop_position: r.get(2) }))
}

/// Stores a till's batch (see the module's comment for the positions).
pub async fn push(pool: &Pool, auth: &TillAuth, body: &PushBody) -> Result<Pushed, ApiError> {
    if body.till != auth.till {
        return Err(ApiError::WrongTill { token_till: auth.till.clone(), asked: body.till.clone() });
    }
    let batch = check_batch(&body.events)?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // One push of a till at a time (a retry racing its first attempt).
    tx.query_one("SELECT 1 FROM tills WHERE shop = $1 AND till = $2 FOR UPDATE", &[&auth.shop, &auth.till]).await?;
    let head = head(&tx, &auth.shop, &auth.till).await?;
    let stored = stored_hashes(&tx, auth, &head, &batch).await?;
    let new_from = match link(&head, &stored, &batch) {
        Ok(i) => i,
        Err(Unlinked::Gap { expected }) => return Err(ApiError::Gap { expected }),
        Err(Unlinked::Mismatch { at, expected, received, detail }) => {
            quarantine(&tx, auth, body, at, &expected, &received, &detail).await?;
            tx.commit().await?;
            return Err(ApiError::ChainMismatch { till: auth.till.clone(), at, detail });
        }
    };
    let new = &batch[new_from..];
    if new.is_empty() {
        return Ok(Pushed { stored_through: head.till_seq, shop_position: head.shop_position });
    }
    let last_position = insert(&tx, auth, new).await?;
    tx.commit().await?;
    let stored_through = new.last().map_or(head.till_seq, |e| e.row.position);
    tracing::info!(shop = %auth.shop, till = %auth.till, events = new.len(), stored_through, last_position, "stored");
    Ok(Pushed { stored_through, shop_position: last_position })
}

/// The stored hashes at the batch's positions that the server already holds.
async fn stored_hashes(tx: &Transaction<'_>, auth: &TillAuth, head: &Head, batch: &[Checked]) -> Result<Vec<(i64, Vec<u8>)>, ApiError> {
    let (Some(first), Some(last)) = (batch.first(), batch.last()) else { return Ok(Vec::new()) };
    if first.row.position > head.till_seq {
        return Ok(Vec::new());
    }
    let upto = last.row.position.min(head.till_seq);
    let rows = tx
        .query(
            "SELECT till_seq, hash FROM events WHERE shop = $1 AND till = $2 AND till_seq BETWEEN $3 AND $4 ORDER BY till_seq",
            &[&auth.shop, &auth.till, &first.row.position, &upto],
        )
        .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Takes the batch's shop-wide positions from the shop's counter (locking
/// it until commit) and inserts the events in one statement (one array per
/// column, `unnest`ed into rows); answers the last position.
async fn insert(tx: &Transaction<'_>, auth: &TillAuth, new: &[Checked]) -> Result<i64, ApiError> {
    let n = i64::try_from(new.len()).map_err(|_| ApiError::BadBatch("too many events".into()))?;
    let last: i64 = tx
        .query_one("UPDATE shops SET last_position = last_position + $2 WHERE shop = $1 RETURNING last_position", &[&auth.shop, &n])
        .await?
        .get(0);
    let rows: Vec<&EventRow> = new.iter().map(|e| &e.row).collect();
    let positions: Vec<i64> = (last - n + 1..=last).collect();
    let till_seqs: Vec<i64> = rows.iter().map(|r| r.position).collect();
    let prevs: Vec<&[u8]> = new.iter().map(|e| &e.prev[..]).collect();
    let hashes: Vec<&[u8]> = new.iter().map(|e| &e.hash[..]).collect();
    let streams: Vec<i64> = rows.iter().map(|r| r.stream).collect();
    let versions: Vec<i64> = rows.iter().map(|r| i64::from(r.version)).collect();
    let kinds: Vec<i64> = rows.iter().map(|r| r.kind).collect();
    let schemas: Vec<i64> = rows.iter().map(|r| r.schema_version).collect();
    let payloads: Vec<&str> = rows.iter().map(|r| r.payload.as_str()).collect();
    let actors: Vec<i64> = rows.iter().map(|r| r.actor).collect();
    let approvers: Vec<Option<i64>> = rows.iter().map(|r| r.authorised_by).collect();
    let terminals: Vec<&str> = rows.iter().map(|r| r.terminal.as_str()).collect();
    let commands: Vec<uuid::Uuid> = rows.iter().map(|r| r.command_id).collect();
    let apps: Vec<i64> = rows.iter().map(|r| r.app_version).collect();
    let times: Vec<DateTime<Utc>> = rows.iter().map(|r| r.recorded_at).collect();
    let audit_kinds: Vec<Option<&str>> = new.iter().map(|e| e.audit_kind).collect();
    tx.execute(
        "INSERT INTO events (shop, till, till_seq, shop_position, prev_hash, hash, stream, version, kind, schema_version,
             payload, actor, authorised_by, terminal, command_id, app_version, recorded_at, audit_kind)
         SELECT $1::text, $2::text, * FROM unnest($3::bigint[], $4::bigint[], $5::bytea[], $6::bytea[], $7::bigint[],
             $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::bigint[], $13::bigint[], $14::text[], $15::uuid[],
             $16::bigint[], $17::timestamptz[], $18::text[])",
        &[
            &auth.shop, &auth.till, &till_seqs, &positions, &prevs, &hashes, &streams, &versions, &kinds, &schemas, &payloads,
            &actors, &approvers, &terminals, &commands, &apps, &times, &audit_kinds,
        ],
    )
    .await?;
    Ok(last)
}

/// Records a batch that did not link (in the push's transaction).
async fn quarantine(
    tx: &Transaction<'_>,
    auth: &TillAuth,
    body: &PushBody,
    at: i64,
    expected: &[u8],
    received: &[u8],
    detail: &str,
) -> Result<(), ApiError> {
    let first = body.events.first().map_or(0, |e| e.position);
    let last = body.events.last().map_or(0, |e| e.position);
    let events = serde_json::to_string(&body.events).map_err(|e| ApiError::Database(e.to_string()))?;
    tx.execute(
        "INSERT INTO quarantine (shop, till, reason, first_seq, last_seq, at_seq, expected_hash, received_hash, events)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[&auth.shop, &auth.till, &detail, &first, &last, &at, &expected, &received, &events],
    )
    .await?;
    tracing::warn!(shop = %auth.shop, till = %auth.till, at, first, last, "batch quarantined: {detail}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` events of a made-up chain from position `first`, after `prev`.
    fn rows(first: i64, n: i64, prev: &[u8], tag: &str) -> Vec<EventRow> {
        let mut prev = prev.to_vec();
        (first..first + n)
            .map(|position| {
                let mut row = EventRow {
                    position,
                    stream: 1,
                    version: 1,
                    kind: 2,
                    schema_version: 1,
                    payload: format!(r#"{{"tag":"{tag}"}}"#),
                    actor: 1,
                    authorised_by: None,
                    terminal: "T1".into(),
                    command_id: uuid::Uuid::nil(),
                    app_version: 1,
                    recorded_at: Utc.timestamp_millis_opt(position).unwrap(),
                    prev_hash: hex::encode(&prev),
                    hash: String::new(),
                };
                let hash = row.chain_hash(&prev);
                row.hash = hex::encode(hash);
                prev = hash.to_vec();
                row
            })
            .collect()
    }

    fn head_of(batch: &[Checked]) -> Head {
        let last = batch.last().unwrap();
        Head { till_seq: last.row.position, hash: last.hash.clone(), shop_position: 9 }
    }

    fn stored(batch: &[Checked]) -> Vec<(i64, Vec<u8>)> {
        batch.iter().map(|c| (c.row.position, c.hash.clone())).collect()
    }

    #[test]
    fn a_batch_that_does_not_follow_on_or_link_inside_is_refused_before_any_database_work() {
        let chain = rows(1, 4, &GENESIS_HASH, "a");
        let skipping = [chain[0].clone(), chain[2].clone()];
        let mut relinked = chain.clone();
        relinked[2].prev_hash = chain[0].hash.clone();
        let mut rewritten = chain.clone();
        rewritten[3].actor = 2;
        assert_eq!(check_batch(&skipping).unwrap_err().code(), "bad_batch");
        assert_eq!(check_batch(&relinked).unwrap_err().code(), "bad_batch");
        assert!(matches!(check_batch(&rewritten), Err(ApiError::BadHash { position: 4 })));
        assert_eq!(check_batch(&chain).unwrap().len(), 4);
    }

    #[test]
    fn a_batch_joins_after_what_is_stored_or_says_why_not() {
        // given events 1..3 stored
        let all = check_batch(&rows(1, 6, &GENESIS_HASH, "a")).unwrap();
        let head = head_of(&all[..3]);
        let held = stored(&all[..3]);
        // then: 4.. joins at once; 2.. joins after the two it repeats; 1..3 is all stored;
        // 5.. is a gap from 4; a fork at 3 or a 4 not after 3 is a mismatch there
        assert_eq!(link(&head, &[], &all[3..]), Ok(0));
        assert_eq!(link(&head, &held[1..], &all[1..]), Ok(2));
        assert_eq!(link(&head, &held, &all[..3]), Ok(3));
        assert_eq!(link(&head, &[], &all[4..]), Err(Unlinked::Gap { expected: 4 }));
        let fork = check_batch(&rows(3, 2, &all[1].hash, "b")).unwrap();
        assert!(matches!(link(&head, &held[2..], &fork), Err(Unlinked::Mismatch { at: 3, .. })));
        let stray = check_batch(&rows(4, 1, &all[0].hash, "c")).unwrap();
        assert!(matches!(link(&head, &[], &stray), Err(Unlinked::Mismatch { at: 4, .. })));
        // and a first event must link to the genesis hash
        let empty = Head::empty();
        assert_eq!(link(&empty, &[], &all[..1]), Ok(0));
        let not_first = check_batch(&rows(1, 1, &all[0].hash, "d")).unwrap();
        assert!(matches!(link(&empty, &[], &not_first), Err(Unlinked::Mismatch { at: 1, .. })));
    }
}
