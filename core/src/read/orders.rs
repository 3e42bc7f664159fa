//! The orders list: order summaries (a projection) filtered and paged,
//! newest first, and this till's open orders.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rusqlite::{params_from_iter, types::Value};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{OrderId, OrderStatus, StaffId};
use crate::error::{Error, Result};
use crate::limits::{AMOUNT_MAX, PAGE_ROWS_MAX};
use crate::money::{parse_amount, to_minor, MINOR_UNIT_MAX};

use super::{dec, from_micros, parsed, Reader};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: i64,
    /// The number unique across the shop: `T1-42`.
    pub reference: String,
    pub status: OrderStatus,
    pub cashier: StaffId,
    pub cashier_name: String,
    pub terminal: String,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub closed_at: Option<DateTime<Utc>>,
    pub version: u32,
    pub line_count: u32,
    pub item_count: u64,
    #[ts(type = "string")]
    pub discount_total: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderFilter {
    /// An order's number as typed: `42`, or `T1-42` for till T1's.
    pub number: Option<String>,
    pub status: Option<OrderStatus>,
    pub cashier: Option<StaffId>,
    pub terminal: Option<String>,
    #[ts(type = "string | null")]
    pub from: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub to: Option<DateTime<Utc>>,
    /// Minimum total, as typed.
    pub min_total: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// Orders, newest first.
pub fn orders(reader: &Reader<'_>, f: &OrderFilter) -> Result<Vec<OrderSummary>> {
    let mut sql = String::from(
        "SELECT o.order_id, o.status, o.cashier, coalesce(s.name, ''), o.terminal, o.opened_at, o.updated_at, o.closed_at,
                o.version, o.line_count, o.item_count, o.discount_total, o.total
         FROM order_summaries o LEFT JOIN staff s ON s.id = o.cashier WHERE 1 = 1",
    );
    let mut args: Vec<Value> = Vec::new();
    let mut cond = |clause: &str, v: Value| {
        sql.push_str(&format!(" AND {clause} ?{}", args.len() + 1));
        args.push(v);
    };
    if let Some(text) = f.number.as_deref().filter(|n| !n.trim().is_empty()) {
        let sale = crate::domain::SaleReference::parse(text)
            .ok_or_else(|| Error::Invalid { field: "Order number", problem: crate::problem::Problem::OrderNumber { typed: text.trim().to_string() } })?;
        cond("o.order_id =", Value::Integer(sale.number));
        if let Some(till) = sale.till {
            cond("o.terminal =", Value::Text(till));
        }
    }
    if let Some(s) = f.status {
        cond("o.status =", Value::Text(s.as_str().into()));
    }
    if let Some(c) = f.cashier {
        cond("o.cashier =", Value::Integer(c));
    }
    if let Some(t) = &f.terminal {
        cond("o.terminal =", Value::Text(t.clone()));
    }
    if let Some(from) = f.from {
        cond("o.opened_at >=", Value::Integer(from.timestamp_micros()));
    }
    if let Some(to) = f.to {
        cond("o.opened_at <", Value::Integer(to.timestamp_micros()));
    }
    if let Some(m) = f.min_total.as_deref().filter(|m| !m.trim().is_empty()) {
        let min = parse_amount(m, "Minimum total", AMOUNT_MAX, MINOR_UNIT_MAX)?;
        cond("o.total_minor >=", Value::Integer(to_minor(min)));
    }
    let limit = f.limit.unwrap_or(200).min(PAGE_ROWS_MAX);
    sql.push_str(&format!(" ORDER BY o.order_id DESC LIMIT {limit} OFFSET {}", f.offset.unwrap_or(0)));
    let mut stmt = reader.conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        let (number, terminal): (i64, String) = (r.get(0)?, r.get(4)?);
        Ok(OrderSummary {
            id: number,
            number,
            reference: crate::domain::sale_reference(&terminal, number),
            status: parsed(r.get(1)?, OrderStatus::parse, "an order status")?,
            cashier: r.get(2)?,
            cashier_name: r.get(3)?,
            terminal,
            opened_at: from_micros(r.get(5)?)?,
            updated_at: from_micros(r.get(6)?)?,
            closed_at: r.get::<_, Option<i64>>(7)?.map(from_micros).transpose()?,
            version: r.get(8)?,
            line_count: r.get(9)?,
            item_count: r.get::<_, i64>(10)? as u64,
            discount_total: dec(r.get(11)?)?,
            total: dec(r.get(12)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// This till's open orders, newest first.
pub fn open_orders(reader: &Reader<'_>) -> Result<Vec<OrderSummary>> {
    let filter = OrderFilter { status: Some(OrderStatus::Open), terminal: Some(reader.terminal.to_string()), ..OrderFilter::default() };
    orders(reader, &filter)
}
