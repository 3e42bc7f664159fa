//! `pos bench sync`'s audit figures: a shop filled with `--audit-events`
//! events across `--audit-tills` tills, then a signed-in manager asking for
//! the first page of the shop's audit trail over HTTP, again and again.
//!
//! The fill copies rows in bulk (PostgreSQL `COPY` through `psql`): the
//! events are real ones the core made (the first bench till's day, its
//! orders renumbered on each pass so every order stays one order), each
//! marked with `projections::audit_kind` as a push marks it, in batches of
//! `PUSH_BATCH_EVENTS` taken by the tills in turn. Pushing a million events
//! through the server would time the push again, for minutes; the page read
//! is the same either way. The copies keep their till's hashes, which this
//! read does not check.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::error::{Error, Result};
use crate::projections;
use crate::store::{self, EventRow, Metadata, OpenMode, Recorded};
use crate::sync::PUSH_BATCH_EVENTS;

/// First-page requests timed (after `AUDIT_WARMUP` untimed ones).
pub const AUDIT_REQUESTS: usize = 300;
const AUDIT_WARMUP: usize = 20;
/// The bench's manager and passphrase (a throwaway shop's).
const MANAGER: &str = "bench";
const PASSPHRASE: &str = "bench-passphrase";

pub struct AuditFigures {
    pub fill_ms: f64,
    pub first_page_entries: usize,
    pub requests: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Bench(format!("{what}: {e}"))
}

/// `psql`: beside `initdb` (PATH's or Debian's), else on PATH.
fn psql() -> PathBuf {
    super::cluster::binaries().map(|dir| dir.join("psql")).ok().filter(|p| p.is_file()).unwrap_or_else(|| PathBuf::from("psql"))
}

/// Runs `sql` (statements, then any `COPY … FROM STDIN`) with `input` on stdin.
fn run_psql(settings: &str, sql: &[String], input: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut command = Command::new(psql());
    command.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", settings]);
    for s in sql {
        command.args(["-c", s]);
    }
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().map_err(|e| failed("psql", e))?;
    let written = match child.stdin.take() {
        Some(stdin) => {
            let mut out = BufWriter::with_capacity(1 << 20, stdin);
            input(&mut out).and_then(|()| out.flush())
        }
        None => Ok(()),
    };
    // psql's own words first: a write fails when psql stopped on an error.
    let done = child.wait_with_output().map_err(|e| failed("psql", e))?;
    if !done.status.success() {
        return Err(failed("psql", String::from_utf8_lossy(&done.stderr).trim()));
    }
    written.map_err(|e| failed("writing to psql", e))
}

fn csv_text(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The template's rows with their audit kinds, as a push would mark them.
fn template(path: &Path) -> Result<Vec<(EventRow, Option<&'static str>)>> {
    let conn = store::open(path, OpenMode::MustExist, store::Sync::Normal)?;
    let rows = store::rows_after(&conn, 0, usize::MAX)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let kind = store::upcast::decode(row.kind, row.schema_version, row.payload.as_bytes()).ok().and_then(|event| {
                let meta = Metadata {
                    actor: row.actor,
                    authorised_by: row.authorised_by,
                    terminal: row.terminal.clone(),
                    command_id: row.command_id,
                    recorded_at: row.recorded_at,
                };
                let r = Recorded { position: row.position, stream: row.stream, version: row.version, event, meta, app_version: String::new() };
                projections::audit_kind(&r).map(projections::AuditKind::as_str)
            });
            (row, kind)
        })
        .collect())
}

/// Where a copied event goes: its till, till position, shop position and stream.
struct Placed<'a> {
    till: &'a str,
    till_seq: i64,
    position: i64,
    stream: i64,
}

/// One event as a CSV line of `COPY events`.
fn csv_line(out: &mut dyn Write, shop: &str, at: &Placed<'_>, row: &EventRow, kind: Option<&str>) -> std::io::Result<()> {
    let Placed { till, till_seq, position, stream } = at;
    let authorised = row.authorised_by.map(|a| a.to_string()).unwrap_or_default();
    writeln!(
        out,
        "{shop},{till},{till_seq},{position},\\x{},\\x{},{stream},{},{},{},{},{},{authorised},{},{},{},{},{}",
        row.prev_hash,
        row.hash,
        row.version,
        row.kind,
        row.schema_version,
        csv_text(&row.payload),
        row.actor,
        csv_text(&row.terminal),
        row.command_id,
        row.app_version,
        row.recorded_at.to_rfc3339(),
        kind.unwrap_or_default(),
    )
}

/// Fills `shop` with `events` events across `tills` tills (see the module's comment).
fn fill(settings: &str, shop: &str, tills: usize, events: usize, rows: &[(EventRow, Option<&'static str>)]) -> Result<()> {
    let streams = rows.iter().map(|(r, _)| r.stream).max().unwrap_or(0).max(1);
    let setup = vec![
        format!("INSERT INTO shops (shop, last_position) VALUES ('{shop}', {events})"),
        format!(
            "INSERT INTO tills (shop, till, token_hash) SELECT '{shop}', 'A' || g, sha256(('{shop}' || g || random())::bytea)
             FROM generate_series(1, {tills}) g"
        ),
        "COPY events (shop, till, till_seq, shop_position, prev_hash, hash, stream, version, kind, schema_version, payload,
             actor, authorised_by, terminal, command_id, app_version, recorded_at, audit_kind) FROM STDIN WITH (FORMAT csv)"
            .into(),
        "ANALYZE events".into(),
    ];
    run_psql(settings, &setup, |out| {
        let names: Vec<String> = (1..=tills).map(|n| format!("A{n}")).collect();
        let mut next = vec![0usize; tills];
        let mut position = 0i64;
        while (position as usize) < events {
            let till = (position as usize / PUSH_BATCH_EVENTS) % tills;
            for _ in 0..PUSH_BATCH_EVENTS.min(events - position as usize) {
                let n = next[till];
                let (row, kind) = &rows[n % rows.len()];
                let pass = (n / rows.len()) as i64;
                let stream = if row.stream > 0 { row.stream + pass * streams } else { row.stream };
                position += 1;
                next[till] += 1;
                let at = Placed { till: &names[till], till_seq: n as i64 + 1, position, stream };
                csv_line(out, shop, &at, row, *kind)?;
            }
        }
        Ok(())
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    (sorted.get(i).copied().unwrap_or(0.0) * 10.0).round() / 10.0
}

/// Signs the bench's manager in to `shop`; answers the session token.
fn sign_in(server: &str, settings: &str, shop: &str, program: &Path) -> Result<String> {
    let out = Command::new(program)
        .args(["--db", settings, "manager-add", "--shop", shop, "--name", MANAGER])
        .env("POS_SERVER_PASSPHRASE", PASSPHRASE)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| failed("pos-server manager-add", e))?;
    if !out.status.success() {
        return Err(failed("pos-server manager-add", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let body = serde_json::json!({"shop": shop, "name": MANAGER, "passphrase": PASSPHRASE});
    let mut reply = ureq::post(&format!("{server}/v1/managers/sign-in")).send_json(body).map_err(|e| failed("signing in", e))?;
    let answer: serde_json::Value = reply.body_mut().read_json().map_err(|e| failed("signing in", e))?;
    answer["token"].as_str().map(str::to_string).ok_or_else(|| failed("signing in", answer))
}

/// Fills a new shop, signs a manager in and times the first audit page.
pub fn audit_bench(server: &str, settings: &str, program: &Path, template_till: &Path, events: usize, tills: usize) -> Result<AuditFigures> {
    let shop = format!("audit-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let rows = template(template_till)?;
    let t = Instant::now();
    fill(settings, &shop, tills, events, &rows)?;
    let fill_ms = super::shop_sync::ms_since(t);
    let token = sign_in(server, settings, &shop, program)?;
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let url = format!("{server}/v1/audit");
    let mut times = Vec::with_capacity(AUDIT_REQUESTS);
    let mut first_page_entries = 0;
    for i in 0..AUDIT_WARMUP + AUDIT_REQUESTS {
        let t = Instant::now();
        let mut reply = agent.get(&url).header("Authorization", &format!("Bearer {token}")).call().map_err(|e| failed("the audit page", e))?;
        let page: serde_json::Value = reply.body_mut().read_json().map_err(|e| failed("the audit page", e))?;
        if i >= AUDIT_WARMUP {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        first_page_entries = page["entries"].as_array().map_or(0, Vec::len);
    }
    times.sort_by(f64::total_cmp);
    Ok(AuditFigures { fill_ms, first_page_entries, requests: times.len(), p50_ms: percentile(&times, 0.5), p99_ms: percentile(&times, 0.99) })
}
