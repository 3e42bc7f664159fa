//! The whole shop's reads: the same reads run on this till and on its copy
//! of each other till (`sync::ShopCopies`), merged. Each till's entries keep
//! its id (`terminal`, `till`), since order numbers and staff ids are each
//! till's own.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{audit, audit_totals, day_report, orders, AuditEntry, AuditFilter, AuditTotals, DayReport, OrderFilter, OrderSummary, Reader};
use crate::domain::StaffId;
use crate::error::{Error, Result};
use crate::limits::PAGE_ROWS_MAX;

/// What each till is asked for so that the merged page is whole: the page
/// and everything before it, capped as a single till's page is.
fn leading(limit: Option<u32>, offset: Option<u32>, default: u32) -> (u32, usize, usize) {
    let limit = limit.unwrap_or(default).min(PAGE_ROWS_MAX);
    let offset = offset.unwrap_or(0);
    (offset.saturating_add(limit).min(PAGE_ROWS_MAX), offset as usize, limit as usize)
}

/// Orders of every till, newest opened first, filtered and paged as one list.
pub fn shop_orders(readers: &[Reader<'_>], f: &OrderFilter) -> Result<Vec<OrderSummary>> {
    assert!(!readers.is_empty(), "the shop has at least this till");
    let (each, offset, limit) = leading(f.limit, f.offset, 200);
    let per_till = OrderFilter { limit: Some(each), offset: Some(0), ..f.clone() };
    let mut all = Vec::new();
    for reader in readers {
        all.extend(orders(reader, &per_till)?);
    }
    all.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then_with(|| a.terminal.cmp(&b.terminal)).then(b.id.cmp(&a.id)));
    Ok(all.into_iter().skip(offset).take(limit).collect())
}

/// The audit trail of every till, newest first, each entry naming its till.
pub fn shop_audit(readers: &[Reader<'_>], f: &AuditFilter) -> Result<Vec<AuditEntry>> {
    assert!(!readers.is_empty(), "the shop has at least this till");
    let (each, offset, limit) = leading(f.limit, f.offset, PAGE_ROWS_MAX);
    let per_till = AuditFilter { limit: Some(each), offset: Some(0), ..f.clone() };
    let mut all = Vec::new();
    for reader in readers {
        all.extend(audit(reader, &per_till)?.into_iter().map(|mut e| {
            e.key = format!("{}/{}", reader.terminal, e.key);
            e.till = Some(reader.terminal.to_string());
            e
        }));
    }
    all.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.key.cmp(&a.key)));
    Ok(all.into_iter().skip(offset).take(limit).collect())
}

/// The totals of every till's filtered trail, summed. A staff member is one
/// person across tills when both the id and the name agree.
pub fn shop_audit_totals(readers: &[Reader<'_>], f: &AuditFilter) -> Result<AuditTotals> {
    let mut sum = AuditTotals::default();
    let mut staff: BTreeMap<(StaffId, String), super::AuditStaffTotal> = BTreeMap::new();
    for reader in readers {
        let t = audit_totals(reader, f)?;
        sum.count += t.count;
        sum.amount += t.amount;
        for k in t.by_kind {
            match sum.by_kind.iter_mut().find(|x| x.kind == k.kind) {
                Some(x) => {
                    x.count += k.count;
                    x.amount += k.amount;
                }
                None => sum.by_kind.push(k),
            }
        }
        for p in t.by_staff {
            let zero = rust_decimal::Decimal::ZERO;
            let kept = staff.entry((p.staff, p.name.clone())).or_insert_with(|| super::AuditStaffTotal {
                count: 0,
                amount: zero,
                authorised: 0,
                authorised_amount: zero,
                ..p.clone()
            });
            kept.count += p.count;
            kept.amount += p.amount;
            kept.authorised += p.authorised;
            kept.authorised_amount += p.authorised_amount;
        }
    }
    let order = |k| crate::projections::AuditKind::ALL.iter().position(|x| *x == k);
    sum.by_kind.sort_by_key(|k| order(k.kind));
    sum.by_staff = staff.into_values().collect();
    sum.by_staff.sort_by(|a, b| {
        b.amount.cmp(&a.amount).then(b.count.cmp(&a.count)).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(sum)
}

/// The day of every till: the figures summed, the cashiers of each till
/// (one person when id and name agree), every till's shifts. The chain
/// head is this till's, the first reader's.
pub fn shop_day_report(readers: &[Reader<'_>], from: DateTime<Utc>, to: DateTime<Utc>) -> Result<DayReport> {
    let (first, others) = readers.split_first().expect("the shop has at least this till");
    let mut shop = day_report(first, from, to, None)?;
    for reader in others {
        let till = day_report(reader, from, to, None)?;
        if till.currency != shop.currency {
            let (theirs, ours) = (till.currency.to_string(), shop.currency.to_string());
            let problem = crate::problem::Problem::TillCurrency { till: reader.terminal.to_string(), theirs, ours };
            return Err(Error::Invalid { field: "Currency", problem });
        }
        shop.totals.add(&till.totals);
        for c in till.cashiers {
            match shop.cashiers.iter_mut().find(|x| x.cashier == c.cashier && x.cashier_name == c.cashier_name) {
                Some(x) => x.figures.add(&c.figures),
                None => shop.cashiers.push(c),
            }
        }
        shop.shifts.extend(till.shifts);
    }
    shop.shifts.sort_by(|a, b| a.opened_at.cmp(&b.opened_at).then_with(|| a.terminal.cmp(&b.terminal)));
    Ok(shop)
}
