//! The manager's audit trail: PIN lockouts listed beside the order changes,
//! and totals counted by the database over the whole filtered range.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use pos_core::demo::{CASHIER_CODE, CASHIER_PIN, MANAGER_CODE, MANAGER_PIN};
use pos_core::domain::{Role, StaffId};
use pos_core::limits::PIN_ATTEMPTS_MAX;
use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditEntry, AuditFilter, AuditTotals, Reader};
use pos_core::staff::StaffInput;
use pos_core::store::Sync;
use pos_core::{bench, Till, TillOptions};
use rand::SeedableRng;
use rust_decimal::Decimal;

const SECOND_CASHIER: (&str, &str) = ("1002", "2468");

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap()
}

fn at(till: &mut Till, t: DateTime<Utc>) {
    till.set_clock(move || t);
}

/// Types wrong PINs for `code` until its PIN locks.
fn lock_out(till: &mut Till, code: &str) {
    for i in 1..=PIN_ATTEMPTS_MAX {
        let e = till.sign_in(code, "0000").unwrap_err();
        let expected = if i == PIN_ATTEMPTS_MAX { "pin_locked" } else { "wrong_pin" };
        assert_eq!(e.code(), expected, "wrong PIN number {i} for {code}");
    }
}

/// A till with a day of orders by two cashiers (discounts approved by the
/// manager, removed lines, voids) on 1 and 2 March, and PIN lockouts.
fn busy_till(dir: &std::path::Path, orders_per_cashier: usize) -> Till {
    let mut till = Till::open_with(&dir.join("pos.db"), TillOptions { sync: Sync::Normal, ..TillOptions::default() }).unwrap();
    bench::ensure_catalog(&till).unwrap();
    till.add_staff(
        &StaffInput { code: SECOND_CASHIER.0.into(), name: "Sam Second".into(), role: Role::Cashier, pin: SECOND_CASHIER.1.into() },
    )
    .unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    for (d, (code, pin)) in [(1, (CASHIER_CODE, CASHIER_PIN)), (2, (SECOND_CASHIER.0, SECOND_CASHIER.1))] {
        at(&mut till, day(d));
        let cashier = till.sign_in(code, pin).unwrap().id;
        let manager = till.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
        bench::run_orders(&mut till, cashier, manager, 1..=orders_per_cashier, &mut rng, |_, _, _| {}).unwrap();
    }
    till
}

fn everything(reader: &Reader<'_>, f: &AuditFilter) -> Vec<AuditEntry> {
    // Small pages, so the totals cannot be a page's sums.
    let page = 7;
    let mut all = Vec::new();
    loop {
        let rows = read::audit(reader, &AuditFilter { limit: Some(page), offset: Some(all.len() as u32), ..f.clone() }).unwrap();
        let n = rows.len();
        all.extend(rows);
        if n < page as usize {
            return all;
        }
    }
}

/// The totals, summed here in Rust over every entry the trail lists.
fn summed(entries: &[AuditEntry]) -> AuditTotals {
    let mut kinds: BTreeMap<usize, (u32, Decimal)> = BTreeMap::new();
    let mut staff: BTreeMap<StaffId, (String, u32, Decimal, u32, Decimal)> = BTreeMap::new();
    for e in entries {
        let k = kinds.entry(AuditKind::ALL.iter().position(|k| *k == e.kind).unwrap()).or_default();
        k.0 += 1;
        k.1 += e.amount;
        let actor = staff.entry(e.actor).or_insert_with(|| (e.actor_name.clone(), 0, Decimal::ZERO, 0, Decimal::ZERO));
        actor.1 += 1;
        actor.2 += e.amount;
        if let Some(m) = e.authorised_by {
            let name = e.authorised_by_name.clone().unwrap_or_default();
            let manager = staff.entry(m).or_insert_with(|| (name, 0, Decimal::ZERO, 0, Decimal::ZERO));
            manager.3 += 1;
            manager.4 += e.amount;
        }
    }
    let mut by_staff: Vec<read::AuditStaffTotal> = staff
        .into_iter()
        .map(|(id, (name, count, amount, authorised, authorised_amount))| read::AuditStaffTotal {
            staff: id,
            name,
            count,
            amount,
            authorised,
            authorised_amount,
        })
        .collect();
    by_staff.sort_by(|a, b| b.amount.cmp(&a.amount).then(b.count.cmp(&a.count)).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    AuditTotals {
        count: entries.len() as u32,
        amount: entries.iter().map(|e| e.amount).sum(),
        by_kind: kinds
            .into_iter()
            .map(|(i, (count, amount))| read::AuditKindTotal { kind: AuditKind::ALL[i], count, amount })
            .collect(),
        by_staff,
    }
}

#[test]
fn pin_lockouts_are_in_the_audit_trail_and_its_filters() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = busy_till(dir.path(), 20);
    let cashier = till.staff_by_code(CASHIER_CODE).unwrap().unwrap();
    let manager = till.staff_by_code(MANAGER_CODE).unwrap().unwrap();
    let lockout_at = day(3);
    at(&mut till, lockout_at);
    lock_out(&mut till, CASHIER_CODE);

    let reader = till.reader();
    let all = read::audit(&reader, &AuditFilter::default()).unwrap();
    let lockouts: Vec<&AuditEntry> = all.iter().filter(|e| e.kind == AuditKind::PinLockout).collect();
    println!("entries={} lockouts={}", all.len(), lockouts.len());
    assert_eq!(lockouts.len(), 1, "one lockout listed");
    let l = lockouts[0];
    assert_eq!((l.position, l.order_id, l.version), (None, None, None), "a lockout belongs to no order: {l:?}");
    assert_eq!((l.actor, l.actor_name.as_str()), (cashier.id, cashier.name.as_str()), "the staff member locked");
    assert_eq!((l.authorised_by, l.reason.as_deref()), (None, None));
    assert_eq!(l.amount, Decimal::ZERO);
    assert_eq!(l.at, lockout_at);
    assert!(l.detail.starts_with(&format!("{PIN_ATTEMPTS_MAX} wrong PINs")), "detail: {}", l.detail);
    assert!(l.key.starts_with("lockout-"), "key: {}", l.key);
    // Newest first: the lockout (3 March) before every order change.
    assert_eq!(all[0].kind, AuditKind::PinLockout, "newest first: {:?}", &all[..2]);
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at), "the trail is newest first");
    let keys: std::collections::HashSet<&str> = all.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), all.len(), "keys are unique");

    let only = |f: AuditFilter| read::audit(&reader, &f).unwrap().iter().filter(|e| e.kind == AuditKind::PinLockout).count();
    let kinds = |k: Vec<AuditKind>| AuditFilter { kinds: k, ..AuditFilter::default() };
    // Kind.
    assert_eq!(read::audit(&reader, &kinds(vec![AuditKind::PinLockout])).unwrap().len(), 1);
    assert_eq!(only(kinds(vec![AuditKind::OrderVoid, AuditKind::Discount])), 0);
    // Staff: the person locked, not anyone else.
    assert_eq!(only(AuditFilter { staff: Some(cashier.id), ..AuditFilter::default() }), 1);
    assert_eq!(only(AuditFilter { staff: Some(manager.id), ..AuditFilter::default() }), 0);
    // Date range: [from, to).
    let range = |from: DateTime<Utc>, to: DateTime<Utc>| AuditFilter { from: Some(from), to: Some(to), ..AuditFilter::default() };
    assert_eq!(only(range(lockout_at, lockout_at + Duration::seconds(1))), 1);
    assert_eq!(only(range(day(1), lockout_at)), 0);
    // Minimum amount: a lockout counts as 0.
    let min = |m: &str| AuditFilter { min_amount: Some(m.into()), ..AuditFilter::default() };
    assert_eq!(only(min("0")), 1);
    assert_eq!(only(min("0.01")), 0);

    // CSV: the order and version cells stay empty.
    let csv = read::audit_csv(&all[..1], chrono_tz::Tz::UTC).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",,,pinLockout,0.00,Alex Cashier,,,5 wrong PINs"), "CSV row: {row}");

    // The security log is not an event projection: a rebuild keeps the lockout.
    pos_core::projections::rebuild(till.conn_mut()).unwrap();
    assert_eq!(read::audit(&till.reader(), &kinds(vec![AuditKind::PinLockout])).unwrap().len(), 1);
}

#[test]
fn audit_totals_equal_sums_over_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut till = busy_till(dir.path(), 60);
    at(&mut till, day(2) + Duration::hours(3));
    lock_out(&mut till, SECOND_CASHIER.0);
    at(&mut till, day(3));
    lock_out(&mut till, CASHIER_CODE);
    let ids = |code: &str| till.staff_by_code(code).unwrap().unwrap().id;
    let (alex, sam, morgan) = (ids(CASHIER_CODE), ids(SECOND_CASHIER.0), ids(MANAGER_CODE));

    let filters = [
        ("all", AuditFilter::default()),
        // limit and offset are a page of the list; the totals ignore them.
        ("all, a page asked", AuditFilter { limit: Some(3), offset: Some(5), ..AuditFilter::default() }),
        ("voids and lockouts", AuditFilter { kinds: vec![AuditKind::OrderVoid, AuditKind::PinLockout], ..AuditFilter::default() }),
        ("discounts", AuditFilter { kinds: vec![AuditKind::Discount], ..AuditFilter::default() }),
        ("Alex", AuditFilter { staff: Some(alex), ..AuditFilter::default() }),
        ("Sam", AuditFilter { staff: Some(sam), ..AuditFilter::default() }),
        ("Morgan", AuditFilter { staff: Some(morgan), ..AuditFilter::default() }),
        ("2 March", AuditFilter { from: Some(day(2)), to: Some(day(3)), ..AuditFilter::default() }),
        ("at least 5.00", AuditFilter { min_amount: Some("5".into()), ..AuditFilter::default() }),
        ("nothing", AuditFilter { from: Some(day(20)), ..AuditFilter::default() }),
    ];
    for (name, f) in filters {
        let reader = till.reader();
        let totals = read::audit_totals(&reader, &f).unwrap();
        let entries = everything(&reader, &AuditFilter { limit: None, offset: None, ..f.clone() });
        let expected = summed(&entries);
        println!(
            "{name}: count={} amount={} kinds={} staff={}",
            totals.count,
            totals.amount,
            totals.by_kind.len(),
            totals.by_staff.len()
        );
        assert_eq!(totals, expected, "totals of {name}");
    }
    // The figures are not trivially equal: the whole trail spans every kind and all three people.
    let reader = till.reader();
    let all = read::audit_totals(&reader, &AuditFilter::default()).unwrap();
    let kinds: Vec<AuditKind> = all.by_kind.iter().map(|k| k.kind).collect();
    assert_eq!(kinds, [AuditKind::OrderVoid, AuditKind::LineVoid, AuditKind::Discount, AuditKind::PinLockout, AuditKind::SignIn], "the workload's kinds");
    assert!(all.count > read::audit(&reader, &AuditFilter { limit: Some(10), ..AuditFilter::default() }).unwrap().len() as u32, "more than a page");
    let morgan_total = all.by_staff.iter().find(|s| s.staff == morgan).expect("the manager authorised discounts and voids");
    assert!(morgan_total.authorised > 0 && morgan_total.authorised_amount > Decimal::ZERO);
    let lockouts = all.by_kind.iter().find(|k| k.kind == AuditKind::PinLockout).unwrap();
    assert_eq!((lockouts.count, lockouts.amount), (2, Decimal::ZERO));
    // A typed minimum that is not an amount is refused as such.
    let bad = read::audit_totals(&reader, &AuditFilter { min_amount: Some("1e400".into()), ..AuditFilter::default() }).unwrap_err();
    assert_eq!(bad.code(), "invalid_amount");
}
