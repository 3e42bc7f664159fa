//! `pos serve`: the API over HTTP on 127.0.0.1, for the UI's tests (and any
//! tool that wants the real core without the desktop shell).
//!
//! With `--scratch` every client makes its own fresh tills, each on a
//! temporary database with the demo shop and a clock of its own:
//! - `POST /tills` `{ start?, step?, savePath?, openPath?, demo? }` → `{ till }`
//! - `POST /tills/<id>/call/<command>` with the arguments → the reply, or a
//!   4xx with `{ code, message }` (exactly what the desktop shell answers)
//! - `POST /tills/<id>/advance` `{ seconds }` moves the till's clock on
//! - `POST /tills/<id>/tamper` `{ position }` changes that event on disk
//!   behind the store's back, as an attacker would, so verify can find it
//! - `DELETE /tills/<id>`
//!
//! Without `--scratch`, `POST /call/<command>` serves the one database given.
//! The first line on standard output is `listening on http://127.0.0.1:PORT`;
//! the server stops when standard input closes (so a test runner that dies
//! never leaves it behind), removing its temporary databases.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{Api, Host};
use crate::error::{Error, ErrorBody, Result};
use crate::till::{Till, TillOptions};

/// Largest request body read, in bytes.
const BODY_BYTES_MAX: u64 = 16 * 1024 * 1024;
/// Requests served at once.
const WORKERS: usize = 4;
/// Most scratch tills alive at once.
const SCRATCH_TILLS_MAX: usize = 512;

/// What `pos serve` serves.
pub enum Serving {
    /// Fresh tills on request, on temporary databases.
    Scratch,
    /// One till on this database.
    Database(PathBuf),
}

/// What the dialogs of a scratch till answer.
struct Answers {
    /// `None`: cancelled; else the path to save to (a folder: the suggested name in it).
    save: Option<PathBuf>,
    open: Option<PathBuf>,
}

impl Host for Answers {
    fn save_path(&self, name: &str) -> Option<PathBuf> {
        let path = self.save.as_ref()?;
        Some(if path.is_dir() { path.join(name) } else { path.clone() })
    }
    fn open_path(&self, _kind: &str, _extensions: &[&str]) -> Option<PathBuf> {
        self.open.clone()
    }
}

struct ScratchTill {
    api: Api,
    clock: Arc<Mutex<DateTime<Utc>>>,
    step: TimeDelta,
    db: PathBuf,
}

struct Server {
    serving: Serving,
    root: tempfile::TempDir,
    tills: Mutex<HashMap<String, Arc<ScratchTill>>>,
    one: Option<Api>,
}

/// Serves until standard input closes. `port` 0 picks a free one.
pub fn serve(serving: Serving, port: u16) -> Result<()> {
    let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| Error::Serve(e.to_string()))?;
    let addr = http.server_addr().to_ip().ok_or_else(|| Error::Serve("no IP address".into()))?;
    let one = match &serving {
        Serving::Database(path) => Some(Api::new(Till::open(path)?, Box::new(crate::api::NoDialogs))),
        Serving::Scratch => None,
    };
    let root = tempfile::Builder::new().prefix("pos-serve-").tempdir().map_err(|e| Error::Serve(e.to_string()))?;
    let server = Arc::new(Server { serving, root, tills: Mutex::new(HashMap::new()), one });
    let http = Arc::new(http);
    println!("listening on http://{addr}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    for _ in 0..WORKERS {
        let (http, server) = (http.clone(), server.clone());
        std::thread::spawn(move || {
            while let Ok(request) = http.recv() {
                server.answer(request);
            }
        });
    }
    // Standard input closing (the parent gone) ends the server.
    let mut sink = [0u8; 256];
    let mut stdin = std::io::stdin();
    while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    let _ = std::fs::remove_dir_all(server.root.path());
    Ok(())
}

/// An answer: status and JSON body.
type Answer = (u16, Value);

fn refusal(status: u16, e: &Error) -> Answer {
    (status, json!(ErrorBody::from(e)))
}

impl Server {
    fn answer(&self, mut request: tiny_http::Request) {
        let (status, body) = match read_body(&mut request) {
            Ok(body) => self.route(request.method(), request.url(), body),
            Err(e) => refusal(400, &e),
        };
        let header = tiny_http::Header::from_bytes("Content-Type", "application/json").expect("a valid header");
        let response = tiny_http::Response::from_string(body.to_string()).with_status_code(status).with_header(header);
        let _ = request.respond(response);
    }

    fn route(&self, method: &tiny_http::Method, url: &str, body: Value) -> Answer {
        use tiny_http::Method::{Delete, Post};
        let parts: Vec<&str> = url.trim_matches('/').split('/').collect();
        match (method, parts.as_slice(), &self.serving) {
            (Post, ["call", command], Serving::Database(_)) => match &self.one {
                Some(api) => reply(api.call(command, body)),
                None => refusal(500, &Error::Serve("no database".into())),
            },
            (Post, ["tills"], Serving::Scratch) => match self.new_till(body) {
                Ok(id) => (200, json!({ "till": id })),
                Err(e) => refusal(400, &e),
            },
            (Post, ["tills", id, "call", command], Serving::Scratch) => self.with_till(id, |t| {
                {
                    let mut now = t.clock.lock().map_err(|_| Error::TillUnavailable)?;
                    *now += t.step;
                }
                Ok(reply(t.api.call(command, body)))
            }),
            (Post, ["tills", id, "advance"], Serving::Scratch) => self.with_till(id, |t| {
                let seconds = body.get("seconds").and_then(Value::as_i64).ok_or(Error::Required { field: "seconds" })?;
                *t.clock.lock().map_err(|_| Error::TillUnavailable)? += TimeDelta::seconds(seconds);
                Ok((200, Value::Null))
            }),
            (Post, ["tills", id, "tamper"], Serving::Scratch) => self.with_till(id, |t| {
                let position = body.get("position").and_then(Value::as_i64).ok_or(Error::Required { field: "position" })?;
                tamper(&t.db, position)?;
                Ok((200, Value::Null))
            }),
            (Delete, ["tills", id], Serving::Scratch) => {
                let gone = self.tills.lock().ok().and_then(|mut t| t.remove(*id));
                if let Some(t) = gone {
                    let _ = std::fs::remove_dir_all(t.db.parent().unwrap_or(&t.db));
                }
                (200, Value::Null)
            }
            _ => refusal(404, &Error::NotFound { what: "Route", key: format!("{method} {url}") }),
        }
    }

    fn with_till(&self, id: &str, f: impl FnOnce(&ScratchTill) -> Result<Answer>) -> Answer {
        let till = self.tills.lock().ok().and_then(|t| t.get(id).cloned());
        match till {
            Some(t) => f(&t).unwrap_or_else(|e| refusal(400, &e)),
            None => refusal(404, &Error::NotFound { what: "Till", key: id.to_string() }),
        }
    }

    fn new_till(&self, body: Value) -> Result<String> {
        let body = if body.is_null() { json!({}) } else { body };
        let options: NewTillOptions = serde_json::from_value(body).map_err(|e| Error::BadArguments { message: e.to_string() })?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = self.root.path().join(&id);
        std::fs::create_dir_all(&dir).map_err(|e| Error::Serve(e.to_string()))?;
        let db = dir.join("pos.db");
        let mut till = Till::open_with(&db, TillOptions { seed_demo: options.demo, ..TillOptions::default() })?;
        let start = options.start.unwrap_or_else(default_start);
        let clock = Arc::new(Mutex::new(start));
        let read = clock.clone();
        till.set_clock(move || read.lock().map(|t| *t).unwrap_or(start));
        let save = match options.save_path {
            SavePath::Default => Some(dir.clone()),
            SavePath::Cancel => None,
            SavePath::To(p) => Some(p),
        };
        let api = Api::new(till, Box::new(Answers { save, open: options.open_path }));
        let step = TimeDelta::seconds(options.step.unwrap_or(DEFAULT_STEP_SECS));
        let mut tills = self.tills.lock().map_err(|_| Error::TillUnavailable)?;
        if tills.len() >= SCRATCH_TILLS_MAX {
            return Err(Error::Serve(format!("at most {SCRATCH_TILLS_MAX} tills at once: delete some")));
        }
        tills.insert(id.clone(), Arc::new(ScratchTill { api, clock, step, db }));
        Ok(id)
    }
}

/// Where a scratch till's clock starts, unless told.
fn default_start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_748_854_800, 0).unwrap_or_default() // 2025-06-02T09:00:00Z
}

/// How far a scratch till's clock moves on per call, unless told.
const DEFAULT_STEP_SECS: i64 = 17;

/// What a new scratch till's save dialogs answer.
enum SavePath {
    /// The suggested name in the till's own temporary folder.
    Default,
    /// Cancelled.
    Cancel,
    To(PathBuf),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewTillOptions {
    start: Option<DateTime<Utc>>,
    step: Option<i64>,
    #[serde(default = "save_default", deserialize_with = "save_path")]
    save_path: SavePath,
    open_path: Option<PathBuf>,
    /// The demo shop (default), or a new shop that asks for its setup.
    #[serde(default = "demo_default")]
    demo: bool,
}

fn demo_default() -> bool {
    true
}

fn save_default() -> SavePath {
    SavePath::Default
}

fn save_path<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<SavePath, D::Error> {
    Ok(match Option::<PathBuf>::deserialize(d)? {
        None => SavePath::Cancel,
        Some(p) => SavePath::To(p),
    })
}

fn reply(result: std::result::Result<Value, ErrorBody>) -> Answer {
    match result {
        Ok(v) => (200, v),
        Err(e) => (400, json!(e)),
    }
}

fn read_body(request: &mut tiny_http::Request) -> Result<Value> {
    let mut text = String::new();
    request
        .as_reader()
        .take(BODY_BYTES_MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| Error::BadArguments { message: format!("unreadable body: {e}") })?;
    if text.len() as u64 > BODY_BYTES_MAX {
        return Err(Error::BadArguments { message: format!("the body is over {BODY_BYTES_MAX} bytes") });
    }
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&text).map_err(|e| Error::BadArguments { message: format!("the body is not JSON: {e}") })
}

/// Changes the event at `position` the way someone editing the file would:
/// past the append-only triggers, without fixing the hash chain.
fn tamper(db: &Path, position: i64) -> Result<()> {
    let conn = rusqlite::Connection::open(db)?;
    conn.execute_batch(
        "BEGIN; DROP TRIGGER events_no_update;",
    )?;
    let changed = conn.execute("UPDATE events SET terminal = terminal || '?' WHERE position = ?1", [position])?;
    conn.execute_batch(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events
             BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
         COMMIT;",
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "Event at position", key: position.to_string() });
    }
    Ok(())
}
