//! The shop-wide audit trail: every till's events that pos-core's audit
//! trail lists (money moved, a rule or a record changed, who signed in),
//! newest first, each with pos-core's own one line for it.
//!
//! A push marks each event it stores with its audit kind
//! (`events.audit_kind`, from `pos_core::projections::audit_kind`), so a
//! page is read from the partial index `events_audit` alone. An order's
//! change is told against the order's state just before it: the page's
//! orders are read back (index `events_order`) and folded with pos-core.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use pos_core::domain::{evolve, Description, Order};
use pos_core::projections;
use pos_core::store::{upcast, Metadata, Recorded};
use serde::{Deserialize, Serialize};
use tokio_postgres::Row;

use crate::error::ApiError;
use crate::limits::{AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX};

/// One entry of the shop's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub shop_position: i64,
    pub till: String,
    /// The event's place in its till's chain.
    pub till_seq: i64,
    /// The till's business time.
    pub recorded_at: DateTime<Utc>,
    /// pos-core's audit kind, e.g. `discount`, `orderVoid`, `priceChange`.
    pub kind: String,
    /// The staff member who did it.
    pub actor: i64,
    /// The manager who authorised it, if one did.
    pub authorised_by: Option<i64>,
    /// The event's stream on its till (an order's id when positive).
    pub stream: i64,
    /// The order changed, for an order's change.
    pub order_id: Option<i64>,
    pub description: String,
    /// `description` as a message for a screen in any language (pos-core's
    /// `Description`, `{ key, params }`); none where the English line is
    /// all there is, or from a server before it.
    #[serde(default)]
    pub described: Option<Description>,
}

/// `GET /v1/audit`: newest first; `next` is the `before` of the next page
/// (none when this page is the last).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<i64>,
}

/// An event row of the shop, decoded.
struct ShopRecorded {
    shop_position: i64,
    till: String,
    till_seq: i64,
    kind: String,
    recorded: Recorded,
}

const COLUMNS: &str = "shop_position, till, till_seq, stream, version, kind, schema_version, payload, actor, authorised_by,
     terminal, command_id, recorded_at, audit_kind";

fn decoded(r: &Row) -> Result<ShopRecorded, ApiError> {
    let (till_seq, kind, schema_version): (i64, i64, i64) = (r.get("till_seq"), r.get("kind"), r.get("schema_version"));
    let payload: &str = r.get("payload");
    let event = upcast::decode(kind, schema_version, payload.as_bytes())
        .map_err(|detail| ApiError::Database(format!("an event of till {} at {till_seq} does not decode: {detail}", r.get::<_, String>("till"))))?;
    let version: i64 = r.get("version");
    let recorded = Recorded {
        position: till_seq,
        stream: r.get("stream"),
        version: u32::try_from(version).map_err(|_| ApiError::Database(format!("version {version} out of range")))?,
        event,
        meta: Metadata {
            actor: r.get("actor"),
            authorised_by: r.get("authorised_by"),
            terminal: r.get("terminal"),
            command_id: r.get("command_id"),
            recorded_at: r.get("recorded_at"),
        },
        app_version: String::new(),
    };
    let audit_kind: Option<String> = r.get("audit_kind");
    Ok(ShopRecorded { shop_position: r.get("shop_position"), till: r.get("till"), till_seq, kind: audit_kind.unwrap_or_default(), recorded })
}

/// The `limit` asked, checked (the default when none).
fn page_size(limit: Option<i64>) -> Result<i64, ApiError> {
    let limit = limit.unwrap_or(AUDIT_PAGE_DEFAULT);
    if (1..=AUDIT_PAGE_MAX).contains(&limit) {
        Ok(limit)
    } else {
        Err(ApiError::InvalidInput(format!("limit is 1 to {AUDIT_PAGE_MAX}")))
    }
}

/// Up to `limit` entries of `shop` before shop position `before` (the newest when none), newest first.
pub async fn page(pool: &Pool, shop: &str, before: Option<i64>, limit: Option<i64>) -> Result<AuditPage, ApiError> {
    let limit = page_size(limit)?;
    let before = before.unwrap_or(i64::MAX);
    let client = pool.get().await?;
    let rows = client
        .query(
            &format!(
                "SELECT {COLUMNS} FROM events WHERE shop = $1 AND audit_kind IS NOT NULL AND shop_position < $2
                 ORDER BY shop_position DESC LIMIT $3"
            ),
            &[&shop, &before, &limit],
        )
        .await?;
    let found = rows.iter().map(decoded).collect::<Result<Vec<_>, _>>()?;
    let history = order_history(&client, shop, &found).await?;
    let entries: Vec<AuditEntry> = found.iter().map(|e| entry(e, &history)).collect();
    let next = if entries.len() as i64 == limit { entries.last().map(|e| e.shop_position) } else { None };
    Ok(AuditPage { entries, next })
}

/// Each order of the page (by till and stream): its events up to the page's
/// last change of it, in order.
type History = HashMap<(String, i64), Vec<ShopRecorded>>;

async fn order_history(client: &deadpool_postgres::Client, shop: &str, found: &[ShopRecorded]) -> Result<History, ApiError> {
    let mut upto: HashMap<(String, i64), i64> = HashMap::new();
    for e in found.iter().filter(|e| e.recorded.event.is_order_event()) {
        let seq = upto.entry((e.till.clone(), e.recorded.stream)).or_insert(0);
        *seq = (*seq).max(e.till_seq);
    }
    let mut history = History::new();
    if upto.is_empty() {
        return Ok(history);
    }
    let (mut tills, mut streams, mut seqs) = (Vec::new(), Vec::new(), Vec::new());
    for ((till, stream), seq) in &upto {
        tills.push(till.clone());
        streams.push(*stream);
        seqs.push(*seq);
    }
    let rows = client
        .query(
            &format!(
                "SELECT h.* FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS o (o_till, o_stream, o_upto)
                 CROSS JOIN LATERAL (SELECT {COLUMNS} FROM events WHERE shop = $1 AND till = o.o_till AND stream = o.o_stream
                     AND stream > 0 AND till_seq < o.o_upto) h"
            ),
            &[&shop, &tills, &streams, &seqs],
        )
        .await?;
    for row in &rows {
        let e = decoded(row)?;
        history.entry((e.till.clone(), e.recorded.stream)).or_default().push(e);
    }
    for events in history.values_mut() {
        events.sort_by_key(|e| e.till_seq);
    }
    Ok(history)
}

/// An entry told with pos-core's words (an order's change against the
/// order's state just before it).
fn entry(e: &ShopRecorded, history: &History) -> AuditEntry {
    let r = &e.recorded;
    let order = r.event.is_order_event();
    let before = match history.get(&(e.till.clone(), r.stream)) {
        Some(earlier) if order => {
            earlier.iter().take_while(|h| h.till_seq < e.till_seq).fold(Order::default(), |o, h| evolve(o, &h.recorded.event))
        }
        _ => Order::default(),
    };
    AuditEntry {
        shop_position: e.shop_position,
        till: e.till.clone(),
        till_seq: e.till_seq,
        recorded_at: r.meta.recorded_at,
        kind: e.kind.clone(),
        actor: r.meta.actor,
        authorised_by: r.event.authorised_by().or(r.meta.authorised_by),
        stream: r.stream,
        order_id: order.then_some(r.stream),
        description: projections::audit_detail(&before, r),
        described: projections::audit_description(&before, r),
    }
}
