//! The audit export holds every entry of the filtered trail, however many,
//! ends with the totals and the chain head, and streams: the memory it holds
//! does not grow with the trail.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;

use pos_core::demo::{CASHIER_CODE, CASHIER_PIN, MANAGER_CODE, MANAGER_PIN};
use pos_core::domain::{DiscountKind, DiscountScope};
use pos_core::projections::AuditKind;
use pos_core::read::{self, AuditFilter, HEAD_MARK, TOTAL_MARK};
use pos_core::store::Sync;
use pos_core::{bench, CommandMeta, OrderRequest, Till, TillOptions};

/// Counts the heap this thread holds, and its peak (SQLite's own memory is
/// not counted: it allocates outside Rust's allocator, within its page cache).
struct Counting;

thread_local! {
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(bytes: isize) {
    let _ = HELD.try_with(|h| {
        let now = h.get() + bytes;
        h.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        count(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and answers how far the heap this thread holds rose above where it was.
fn peak_rise<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = HELD.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let out = f();
    (out, (PEAK.with(Cell::get) - start).max(0) as usize)
}

/// Keeps nothing: counts the bytes written.
#[derive(Default)]
struct Tally(u64);

impl Write for Tally {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A till whose audit trail has `entries` quantity decreases, plus a discount
/// and a void given through the command path (one with a reason a
/// spreadsheet would run as a formula), and the cashier's sign-in: `entries`
/// + 3 entries.
fn till_with(dir: &std::path::Path, entries: usize) -> Till {
    let mut till = Till::open_with(&dir.join("pos.db"), TillOptions { sync: Sync::Normal, ..TillOptions::default() }).unwrap();
    let cashier = till.sign_in(CASHIER_CODE, CASHIER_PIN).unwrap().id;
    bench::audited_orders(&mut till, cashier, entries).unwrap();
    let manager = till.approve(MANAGER_CODE, MANAGER_PIN).unwrap();
    let approved = || CommandMeta { approval: Some(manager), ..CommandMeta::new(cashier) };
    let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
    till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 2 }, &CommandMeta::new(cashier)).unwrap();
    let discount = OrderRequest::ApplyDiscount {
        scope: DiscountScope::Order,
        kind: DiscountKind::Percent,
        value: "50".into(),
        reason: "=HYPERLINK(\"http://x\")".into(),
    };
    till.execute(id, discount, &approved()).unwrap();
    till.execute(id, OrderRequest::VoidOrder { reason: "Customer left".into() }, &approved()).unwrap();
    till
}

#[test]
fn an_export_of_100_000_entries_holds_every_one_then_the_totals_and_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let mut till = till_with(dir.path(), 100_000);
    eprintln!("100,000 audited entries written in {:?}", started.elapsed());
    let totals = read::audit_totals(&till.reader(), &AuditFilter::default()).unwrap();
    assert_eq!(totals.count, 100_003);

    let path = dir.path().join("audit.csv");
    let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let export = read::audit_export(&till.reader(), &AuditFilter::default(), file, "audit.csv").unwrap();
    assert_eq!(export.rows, u64::from(totals.count));
    assert_eq!(export.totals, totals);
    assert_eq!(export.head, till.chain_head().unwrap());

    let mut csv = csv::Reader::from_path(&path).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let (entries, trailer) = rows.split_at(rows.len() - totals.by_kind.len() - 2);
    assert_eq!(entries.len(), totals.count as usize, "one row per entry, no cap");
    assert!(entries.iter().all(|r| r[0] != *TOTAL_MARK && r[0] != *HEAD_MARK));
    // Newest first: the void, then the discount, then the decreases.
    assert_eq!((&entries[0][3], &entries[1][3], &entries[2][3]), ("orderVoid", "discount", "quantityDecrease"));
    assert_eq!(&entries[1][7], "'=HYPERLINK(\"http://x\")", "a formula typed as a reason is written as text");
    let decreases = entries.iter().filter(|r| &r[3] == "quantityDecrease").count();
    assert_eq!(decreases, 100_000);

    // One total line per kind, in the totals' order, and one for all.
    for (line, kind) in trailer.iter().zip(&totals.by_kind) {
        assert_eq!(&line[0], TOTAL_MARK);
        assert_eq!(&line[3], kind.kind.as_str());
        assert_eq!(&line[4], pos_core::money::format(kind.amount, 2));
        assert_eq!(&line[8], format!("{} entries", kind.count));
    }
    let all = &trailer[totals.by_kind.len()];
    assert_eq!((&all[0], &all[3], &all[8]), (TOTAL_MARK, "all", format!("{} entries", totals.count).as_str()));
    assert_eq!(&all[4], pos_core::money::format(totals.amount, 2));
    let head = &trailer[totals.by_kind.len() + 1];
    assert_eq!(&head[0], HEAD_MARK);
    assert_eq!(&head[8], till.chain_head().unwrap().full(), "the chain head, as `pos verify --head` takes it");
    assert!(till.verify_through(&pos_core::store::HeadRef::parse(&head[8]).unwrap()).unwrap().intact);

    // A filter narrows the rows and the totals alike.
    let voids = AuditFilter { kinds: vec![AuditKind::OrderVoid], ..AuditFilter::default() };
    let mut out = Vec::new();
    let export = read::audit_export(&till.reader(), &voids, &mut out, "memory").unwrap();
    assert_eq!((export.rows, export.totals.count), (1, 1));
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1 + 1 + 2 + 1, "header, the void, its kind's total, all, the head");
}

#[test]
fn an_export_holds_the_same_memory_for_10_000_entries_as_for_100_000() {
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for entries in [10_000, 100_000] {
        let folder = dir.path().join(entries.to_string());
        std::fs::create_dir(&folder).unwrap();
        let mut till = till_with(&folder, entries);
        let (export, rise) = peak_rise(|| {
            let mut out = Tally::default();
            let export = read::audit_export(&till.reader(), &AuditFilter::default(), &mut out, "tally").unwrap();
            (export, out.0)
        });
        let (export, bytes) = export;
        assert_eq!(export.rows, entries as u64 + 3);
        eprintln!("{entries} entries: {bytes} bytes written, the heap rose by at most {rise} bytes");
        peaks.push((bytes, rise));
    }
    let (small, large) = (peaks[0], peaks[1]);
    assert!(large.0 > 10 * 1024 * 1024, "the large export wrote {} bytes", large.0);
    // Bounded: far below what the rows take, and not growing with them.
    assert!(large.1 < 256 * 1024, "the export held {} bytes at most", large.1);
    assert!(large.1 < small.1 + 64 * 1024, "10,000 entries held {} bytes, 100,000 held {}", small.1, large.1);
}
