//! Two tills, one order: a cashier's till keeps adding items to an order
//! while a manager's till voids it, as two real `pos` processes on one
//! database file. Exactly one of each conflicting pair wins; the loser is
//! told plainly (the order is no longer open, or a `conflict` the manager's
//! till retries on fresh state), never with a raw "database is locked";
//! nothing is lost or duplicated. Prints its counts.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

mod common;

use common::projections_equal_a_rebuild;
use pos_core::domain::OrderId;
use pos_core::store::{self, OpenMode, Sync};
use pos_core::{bench, CommandMeta, OrderRequest, Till, TillOptions};
use rand::{Rng, SeedableRng};
use uuid::Uuid;

const ROUNDS: usize = 40;
/// The manager voids somewhere in the first this many milliseconds of a round.
const VOID_DELAY_MS_MAX: u64 = 40;

#[derive(Debug)]
enum Line {
    Ok { order: OrderId, command: Uuid, version: u32 },
    Conflict { order: OrderId },
    Refused { order: OrderId, code: String, message: String },
    Done { order: OrderId },
}

fn parse(line: &str) -> Line {
    let w: Vec<&str> = line.split_whitespace().collect();
    let order = || w[1].parse().unwrap_or_else(|_| panic!("an order in {line:?}"));
    let command = || w[2].parse().unwrap_or_else(|_| panic!("a command id in {line:?}"));
    match w.first() {
        Some(&"ok") => Line::Ok { order: order(), command: command(), version: w[3].parse().unwrap() },
        Some(&"conflict") => Line::Conflict { order: order() },
        Some(&"refused") => Line::Refused { order: order(), code: w[3].into(), message: w[4..].join(" ") },
        Some(&"done") => Line::Done { order: order() },
        _ => panic!("unexpected line from pos race: {line:?}"),
    }
}

fn race(db: &Path, side: &str, terminal: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pos"))
        .args(["--db", &db.display().to_string(), "race", "--side", side, "--terminal", terminal])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pos race")
}

/// Every line the child printed, once it has ended.
fn finish(mut child: Child, what: &str) -> Vec<Line> {
    let out = child.stdout.take().expect("piped stdout");
    let lines: Vec<Line> = BufReader::new(out).lines().map_while(Result::ok).map(|l| parse(&l)).collect();
    let output = child.wait_with_output().expect("wait for pos race");
    assert!(output.status.success(), "{what} failed: {}", String::from_utf8_lossy(&output.stderr));
    lines
}

#[derive(Default, Debug)]
struct Round {
    adds: Vec<(Uuid, u32)>,
    add_refusals: Vec<(String, String)>,
    voids: Vec<(Uuid, u32)>,
    void_conflicts: usize,
    void_refusals: Vec<(String, String)>,
}

#[test]
fn a_void_racing_a_cashier_on_one_order_has_one_winner_per_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    // The orders, each opened with one item, before either till starts.
    let orders: Vec<OrderId> = {
        let mut till = Till::open_with(&path, TillOptions { sync: Sync::Normal, ..TillOptions::default() }).unwrap();
        bench::ensure_catalog(&till).unwrap();
        let cashier = till.sign_in(pos_core::demo::CASHIER_CODE, pos_core::demo::CASHIER_PIN).unwrap().id;
        (0..ROUNDS)
            .map(|_| {
                let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
                let first = OrderRequest::AddItem { code: "SKU-0002".into(), quantity: 1 };
                till.execute(id, first, &CommandMeta::new(cashier)).unwrap();
                id
            })
            .collect()
    };
    let events_before: i64 = {
        let conn = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
        conn.query_row("SELECT count(*) FROM events WHERE stream > 0", [], |r| r.get(0)).unwrap()
    };

    let mut cashier = race(&path, "add", "T1");
    let mut manager = race(&path, "void", "T2");
    // Both get every round at once: each moves to the next order as soon as
    // the void has landed (the cashier learns it from its refused add).
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let mut script = String::new();
    for id in &orders {
        script += &format!("{id} {}\n", rng.gen_range(0..=VOID_DELAY_MS_MAX));
    }
    for child in [&mut cashier, &mut manager] {
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(script.as_bytes()).unwrap();
        // Dropped here: end of input, so each exits after the last round.
    }
    let cashier_lines = finish(cashier, "the cashier's till");
    let manager_lines = finish(manager, "the manager's till");

    let mut rounds: BTreeMap<OrderId, Round> = orders.iter().map(|o| (*o, Round::default())).collect();
    let mut done = 0;
    for (line, is_void) in cashier_lines.iter().map(|l| (l, false)).chain(manager_lines.iter().map(|l| (l, true))) {
        let order = match line {
            Line::Ok { order, .. } | Line::Conflict { order } | Line::Refused { order, .. } | Line::Done { order } => *order,
        };
        let round = rounds.get_mut(&order).unwrap_or_else(|| panic!("no round for order {order}"));
        match line {
            Line::Ok { command, version, .. } if is_void => round.voids.push((*command, *version)),
            Line::Ok { command, version, .. } => round.adds.push((*command, *version)),
            Line::Conflict { .. } => {
                assert!(is_void, "only the manager states the version it saw");
                round.void_conflicts += 1;
            }
            Line::Refused { code, message, .. } if is_void => round.void_refusals.push((code.clone(), message.clone())),
            Line::Refused { code, message, .. } => round.add_refusals.push((code.clone(), message.clone())),
            Line::Done { .. } => done += 1,
        }
    }
    assert_eq!(done, 2 * ROUNDS, "both tills finished every round");

    let conn = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
    let (mut adds, mut conflicts, mut lost, mut voided_first) = (0, 0, 0, 0);
    for (order, r) in &rounds {
        // Exactly one void wins, and it was not refused for any other reason.
        assert!(r.void_refusals.is_empty(), "order {order}: the void was refused: {:?}", r.void_refusals);
        assert_eq!(r.voids.len(), 1, "order {order}: exactly one void: {r:?}");
        let void_version = r.voids[0].1;
        // The cashier's one losing add is told the order is no longer open.
        assert_eq!(r.add_refusals.len(), 1, "order {order}: one refused add ends the round: {r:?}");
        let (code, message) = &r.add_refusals[0];
        assert_eq!(code, "order_not_open", "order {order}: {message}");
        // Every add that won came before the void: v3, v4, … up to the void.
        let versions: Vec<u32> = r.adds.iter().map(|a| a.1).collect();
        let expected: Vec<u32> = (3..void_version).collect();
        assert_eq!(versions, expected, "order {order}: the adds hold every version between the first item and the void");
        // In the store: exactly those commands at exactly those versions.
        let stored: Vec<(u32, Uuid, bool)> = store::read_stream(&conn, *order, 0, u32::MAX)
            .unwrap()
            .iter()
            .map(|e| (e.version, e.meta.command_id, matches!(e.event, pos_core::domain::Event::OrderVoided(_))))
            .collect();
        assert_eq!(stored.len() as u32, void_version, "order {order}: no event lost or duplicated");
        for (command, version) in r.adds.iter().chain(&r.voids) {
            match stored.get(*version as usize - 1) {
                Some((v, c, _)) if v == version && c == command => {}
                other => {
                    lost += 1;
                    eprintln!("order {order}: command {command} acknowledged at v{version}, stored: {other:?}");
                }
            }
        }
        assert_eq!(stored.last().map(|s| s.2), Some(true), "order {order}: the void is the last event");
        adds += r.adds.len();
        conflicts += r.void_conflicts;
        voided_first += usize::from(r.adds.is_empty());
    }
    let events_after: i64 = conn.query_row("SELECT count(*) FROM events WHERE stream > 0", [], |r| r.get(0)).unwrap();
    let duplicated: i64 = conn
        .query_row("SELECT count(*) FROM (SELECT command_hi, command_lo FROM events WHERE stream > 0 GROUP BY 1, 2 HAVING count(*) <> 1)", [], |r| r.get(0))
        .unwrap();
    let acknowledged = adds + ROUNDS;
    println!(
        "rounds={ROUNDS} adds_won={adds} adds_refused={ROUNDS} voids_won={ROUNDS} void_conflicts_retried={conflicts} \
         voided_before_any_add={voided_first} acknowledged={acknowledged} events_written={} lost={lost} duplicated={duplicated}",
        events_after - events_before
    );
    assert_eq!(lost, 0);
    assert_eq!(duplicated, 0);
    assert_eq!(events_after - events_before, acknowledged as i64, "exactly the acknowledged commands were written");
    assert!(adds > ROUNDS, "the cashier's till kept adding while the manager's voided: {adds} adds");
    let report = store::verify(&conn).unwrap();
    assert!(report.intact, "{report}");

    // The projections agree with the events.
    projections_equal_a_rebuild(&path);
    let voided: i64 = conn.query_row("SELECT count(*) FROM order_summaries WHERE status = 'voided'", [], |r| r.get(0)).unwrap();
    assert_eq!(voided, ROUNDS as i64);
}
