//! Faults: a till killed at any moment, and two tills on one file. Each test
//! prints its counts. They drive the real `pos` binary as child processes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

mod common;

use common::projections_equal_a_rebuild;
use pos_core::store::{self, OpenMode, Sync};
use pos_core::Till;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

const KILLS: usize = 100;

struct Ack {
    command: Uuid,
    order: i64,
    version: u32,
}

fn drive(db: &Path, seed: u64, terminal: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pos"))
        .args(["--db", &db.display().to_string(), "drive", "--seed", &seed.to_string(), "--terminal", terminal])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start pos drive")
}

/// Reads `ack` lines until the child's stdout closes.
fn collect(child: &mut Child) -> mpsc::Receiver<Ack> {
    let out = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            if let ["ack", id, order, version] = parts[..] {
                let ack = Ack { command: id.parse().unwrap(), order: order.parse().unwrap(), version: version.parse().unwrap() };
                if tx.send(ack).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// Every acknowledged command is in the store at the acknowledged version,
/// with exactly one event; returns how many were lost.
fn lost(path: &Path, acks: &[Ack]) -> usize {
    let conn = store::open(path, OpenMode::MustExist, Sync::Full).unwrap();
    acks.iter()
        .filter(|a| match store::command_outcome(&conn, a.order, a.command).unwrap() {
            Some(o) => !(o.stream == a.order && o.first_version == a.version && o.last_version == a.version),
            None => true,
        })
        .count()
}

#[test]
fn killed_at_random_moments_nothing_acknowledged_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    // The demo shop and the workload's catalog first (500 products' events,
    // longer to write than most kills wait), so the children get to sell.
    let till = pos_core::Till::open(&path).unwrap();
    pos_core::bench::ensure_catalog(&till).unwrap();
    drop(till);
    let mut acks = Vec::new();
    for kill in 0..KILLS {
        let mut child = drive(&path, kill as u64, "T1");
        let rx = collect(&mut child);
        // Anywhere from during start-up to well into the day.
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..250)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acks.extend(rx.iter());
    }
    let lost = lost(&path, &acks);
    println!("kills={KILLS} acknowledged={} lost={lost}", acks.len());
    assert!(acks.len() > KILLS, "the children barely ran: {} acks", acks.len());
    assert_eq!(lost, 0);
    let conn = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
    let report = store::verify(&conn).unwrap();
    assert!(report.intact, "{report}");
    // No command half there: every command id has all its events (one each here) and no more.
    let split: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT command_hi, command_lo FROM events WHERE stream > 0 GROUP BY 1, 2 HAVING count(*) <> 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(split, 0);
    drop(conn);
    projections_equal_a_rebuild(&path);
}

#[test]
fn two_tills_on_one_file_lose_and_duplicate_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pos.db");
    // Create the database first, so both tills open an existing file.
    drop(Till::open(&path).unwrap());
    let mut a = drive(&path, 1, "T1");
    let mut b = drive(&path, 2, "T2");
    let (ra, rb) = (collect(&mut a), collect(&mut b));
    std::thread::sleep(Duration::from_millis(1500));
    a.kill().unwrap();
    b.kill().unwrap();
    let status = (a.wait().unwrap(), b.wait().unwrap());
    let acks: Vec<Ack> = ra.iter().chain(rb.iter()).collect();
    let per_terminal = |t: &str| -> i64 {
        let conn = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
        conn.query_row("SELECT count(*) FROM events WHERE terminal = ?1 AND stream > 0", [t], |r| r.get(0)).unwrap()
    };
    let (t1, t2) = (per_terminal("T1"), per_terminal("T2"));
    let lost = lost(&path, &acks);
    println!("till_a_events={t1} till_b_events={t2} acknowledged={} lost={lost} exits={status:?}", acks.len());
    assert!(t1 > 10 && t2 > 10, "both tills must have worked: {t1} {t2}");
    assert_eq!(lost, 0);
    // Nothing duplicated: each acknowledged command id is one event, and the
    // store holds at most one unacknowledged command per till (in flight at the kill).
    let total = t1 + t2;
    assert!(total >= acks.len() as i64 && total <= acks.len() as i64 + 2, "events {total} vs acks {}", acks.len());
    let mut per_order: HashMap<i64, i64> = HashMap::new();
    for a in &acks {
        *per_order.entry(a.order).or_default() += 1;
    }
    let conn = store::open(&path, OpenMode::MustExist, Sync::Full).unwrap();
    assert!(store::verify(&conn).unwrap().intact);
    // Order numbers stayed unique across the two tills: each order belongs to one terminal.
    let shared: i64 = conn
        .query_row("SELECT count(*) FROM (SELECT stream FROM events WHERE stream > 0 GROUP BY stream HAVING count(DISTINCT terminal) > 1)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(shared, 0);
    drop(conn);
    projections_equal_a_rebuild(&path);
}
