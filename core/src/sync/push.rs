//! Pushing this till's events to the shop server (`pos sync`, the outbox).
//!
//! The server holds each till's chain; `push_pending` asks it where this
//! till's chain ends there (its head), checks that this file's chain passes
//! through that head, then sends the events after it in batches, in order.
//! A batch the server finds starting too late (`gap`) is sent again from
//! the position the server names. Pushing is idempotent on the server, so
//! a sync cut off half-way is simply run again.

use std::time::Duration;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use super::SyncSetup;
use crate::store::{self, EventRow, StoreError};
use crate::Till;

/// Events sent in one push (the server takes at most 500).
pub const PUSH_BATCH_EVENTS: usize = 200;
/// Gaps the server may report in one sync before it is given up.
const GAP_RETRIES_MAX: usize = 5;
/// How long one request may take in all.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot reach the shop server at {server}: {detail}")]
    Unreachable { server: String, detail: String },
    #[error("the shop server refused: {message}")]
    Refused { status: u16, code: String, message: String },
    #[error("the shop server's answer does not read: {0}")]
    BadAnswer(String),
    #[error("the shop server holds {server_seq} events of till {till}, but this file has only {local_seq}: is this the right database?")]
    ServerAhead { till: String, server_seq: i64, local_seq: i64 },
    #[error("this file's chain differs from the one the shop server holds for till {till} at position {position}: nothing was sent")]
    Forked { till: String, position: i64 },
    #[error("the shop server at {server} did not pass the TLS check: {detail} (a shop with its own certificate authority gives its certificate at enrolment: pos sync --enrol … --ca FILE)")]
    Tls { server: String, detail: String },
    #[error("the shop's CA file {detail}")]
    BadCa { detail: String },
    #[error("the shop server kept asking for earlier events; try again")]
    GapsPersist,
    #[error("the enrolment or the shop's copies could not be kept: {0}")]
    Kept(String),
    #[error("the copy of till {till}'s events could not be taken: {detail}")]
    Copy { till: String, detail: String },
}

impl SyncError {
    pub fn code(&self) -> &str {
        match self {
            SyncError::Store(e) => e.code(),
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Refused { code, .. } => code,
            SyncError::BadAnswer(_) => "bad_answer",
            SyncError::ServerAhead { .. } => "server_ahead",
            SyncError::Forked { .. } => "chain_mismatch",
            SyncError::Tls { .. } => "tls_failed",
            SyncError::BadCa { .. } => "bad_ca",
            SyncError::GapsPersist => "gap",
            SyncError::Kept(_) => "db_write",
            SyncError::Copy { .. } => "copy_broken",
        }
    }
}

impl SyncError {
    /// The key and parameters of this error's message (`error.<key>` in the
    /// UI's catalogs); the server's and the network's own words travel as text.
    pub fn message(&self) -> crate::message::Message {
        use crate::message::Message;
        let m = Message::new;
        match self {
            SyncError::Store(e) => e.message(),
            SyncError::Unreachable { server, detail } => m("shopServerUnreachable").text("server", server).text("detail", detail),
            SyncError::Refused { message, .. } => m("shopServerRefused").text("detail", message),
            SyncError::BadAnswer(detail) => m("shopServerBadAnswer").text("detail", detail),
            SyncError::ServerAhead { till, server_seq, local_seq } => {
                m("shopServerAhead").text("till", till).number("serverSeq", *server_seq).number("localSeq", *local_seq)
            }
            SyncError::Forked { till, position } => m("chainForked").text("till", till).number("position", *position),
            SyncError::Tls { server, detail } => m("tlsFailed").text("server", server).text("detail", detail),
            SyncError::BadCa { detail } => m("badCa").text("detail", detail),
            SyncError::GapsPersist => m("gapsPersist"),
            SyncError::Kept(detail) => m("syncNotKept").text("detail", detail),
            SyncError::Copy { till, detail } => m("copyNotTaken").text("till", till).text("detail", detail),
        }
    }
}

impl From<SyncError> for crate::error::Error {
    /// A sync error at the API's boundary: the shop server's own refusal
    /// codes that a client acts on kept, the rest under their kind.
    fn from(e: SyncError) -> crate::error::Error {
        let code = match &e {
            SyncError::Store(_) => "db_write",
            SyncError::Refused { code, .. } => match code.as_str() {
                "bad_code" => "bad_code",
                "unauthorised" => "unauthorised",
                "wrong_till" => "wrong_till",
                _ => "shop_server_refused",
            },
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Tls { .. } => "tls_failed",
            SyncError::BadCa { .. } => "bad_ca",
            SyncError::BadAnswer(_) => "bad_answer",
            _ => "sync_failed",
        };
        crate::error::Error::ShopServer { code, message: e.to_string(), said: e.message() }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Events the server stored during this sync.
    pub pushed: i64,
    /// Events of this file the server does not hold yet.
    pub waiting: i64,
    /// The last position of this till's chain the server holds.
    pub stored_through: i64,
}

impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "synced: {} events pushed, {} waiting", self.pushed, self.waiting)
    }
}

/// The server this till syncs to, with the till's bearer token.
pub struct ShopServer {
    base: String,
    token: String,
    agent: ureq::Agent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Head {
    till_seq: i64,
    hash: String,
}

#[derive(Serialize)]
struct Push<'a> {
    till: &'a str,
    events: &'a [EventRow],
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pushed {
    stored_through: i64,
}

#[derive(Deserialize)]
pub(super) struct Refusal {
    code: String,
    message: String,
    expected: Option<i64>,
}

/// One request's outcome: the answer's JSON, or the server's refusal.
pub(super) enum Answer<T> {
    Ok(T),
    Refused { status: u16, refusal: Refusal },
}

/// An agent trusting `roots` for `https` (Mozilla's roots by default).
fn agent(roots: RootCerts) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(REQUEST_TIMEOUT))
        .tls_config(TlsConfig::builder().root_certs(roots).build())
        .build()
        .into()
}

/// Whether `e` is a TLS refusal (an untrusted or unreadable certificate),
/// which no retry mends, rather than a network that is down.
fn is_tls(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => true,
        ureq::Error::Io(io) => io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>()),
        _ => false,
    }
}

/// The certificates in a PEM text (a shop's own certificate authority),
/// at least one.
pub fn ca_certificates(pem: &str) -> Result<Vec<Certificate<'static>>, SyncError> {
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(pem.as_bytes()) {
        match item {
            Ok(PemItem::Certificate(c)) => certificates.push(c),
            Ok(_) => {}
            Err(e) => return Err(SyncError::BadCa { detail: format!("does not read as PEM: {e}") }),
        }
    }
    if certificates.is_empty() {
        return Err(SyncError::BadCa { detail: "holds no certificate (it should be a PEM file with BEGIN CERTIFICATE)".into() });
    }
    Ok(certificates)
}

impl ShopServer {
    /// `base` is the server's address, e.g. `http://192.168.1.10:8470` or
    /// `https://shop.example:8470` (trusting the public certificate authorities).
    pub fn new(base: &str, token: &str) -> ShopServer {
        ShopServer { base: base.trim_end_matches('/').to_string(), token: token.trim().to_string(), agent: agent(RootCerts::WebPki) }
    }

    /// The same server, trusting only the shop's own certificate authority
    /// `ca_pem` for `https` (a certificate made for the shop, not bought).
    pub fn trusting(self, ca_pem: &str) -> Result<ShopServer, SyncError> {
        let roots = RootCerts::new_with_certs(&ca_certificates(ca_pem)?);
        Ok(ShopServer { agent: agent(roots), ..self })
    }

    /// The server this till is enrolled with, as `setup` says.
    pub fn for_setup(setup: &SyncSetup) -> Result<ShopServer, SyncError> {
        let server = ShopServer::new(&setup.server, &setup.token);
        match &setup.ca {
            Some(pem) => server.trusting(pem),
            None => Ok(server),
        }
    }

    fn unreachable(&self, e: ureq::Error) -> SyncError {
        if is_tls(&e) {
            return SyncError::Tls { server: self.base.clone(), detail: e.to_string() };
        }
        SyncError::Unreachable { server: self.base.clone(), detail: e.to_string() }
    }

    fn read<T: serde::de::DeserializeOwned>(&self, mut response: ureq::http::Response<ureq::Body>) -> Result<Answer<T>, SyncError> {
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().map_err(|e| self.unreachable(e))?;
        if (200..300).contains(&status) {
            return serde_json::from_str(&body).map(Answer::Ok).map_err(|e| SyncError::BadAnswer(format!("{e}: {body}")));
        }
        match serde_json::from_str::<Refusal>(&body) {
            Ok(refusal) => Ok(Answer::Refused { status, refusal }),
            Err(_) => Err(SyncError::Refused { status, code: format!("http_{status}"), message: body }),
        }
    }

    pub(super) fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<Answer<T>, SyncError> {
        let response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .call()
            .map_err(|e| self.unreachable(e))?;
        self.read(response)
    }

    fn post<B: Serialize, T: serde::de::DeserializeOwned>(&self, path: &str, body: &B) -> Result<Answer<T>, SyncError> {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .send_json(body)
            .map_err(|e| self.unreachable(e))?;
        self.read(response)
    }
}

pub(super) fn refusal(status: u16, r: Refusal) -> SyncError {
    SyncError::Refused { status, code: r.code, message: r.message }
}

fn refused<T>(status: u16, r: Refusal) -> Result<T, SyncError> {
    Err(refusal(status, r))
}

/// Trades a one-time enrolment code (`pos-server enrol-code`) for this
/// till's bearer token.
pub fn enrol(server: &str, shop: &str, till: &str, code: &str) -> Result<String, SyncError> {
    enrol_with(&ShopServer::new(server, ""), shop, till, code)
}

/// `enrol`, with the server as given (e.g. trusting the shop's own CA).
pub fn enrol_with(server: &ShopServer, shop: &str, till: &str, code: &str) -> Result<String, SyncError> {
    #[derive(Serialize)]
    struct Enrol<'a> {
        shop: &'a str,
        till: &'a str,
        code: &'a str,
    }
    #[derive(Deserialize)]
    struct Enrolled {
        token: String,
    }
    match server.post::<_, Enrolled>("/v1/enrol", &Enrol { shop, till, code })? {
        Answer::Ok(e) => Ok(e.token),
        Answer::Refused { status, refusal } => refused(status, refusal),
    }
}

/// Where the server's copy of this till's chain ends, checked against this
/// file: the file must hold that event, with that hash.
fn resume_point(conn: &Connection, id: &str, server: &ShopServer) -> Result<i64, SyncError> {
    let head = match server.get::<Head>(&format!("/v1/tills/{id}/head"))? {
        Answer::Ok(head) => head,
        Answer::Refused { status, refusal } => return refused(status, refusal),
    };
    if head.till_seq <= 0 {
        return Ok(0);
    }
    let local = store::chain_head(conn)?.position;
    if head.till_seq > local {
        return Err(SyncError::ServerAhead { till: id.to_string(), server_seq: head.till_seq, local_seq: local });
    }
    let row = store::rows_after(conn, head.till_seq - 1, 1)?;
    if row.first().map(|r| r.hash.as_str()) != Some(head.hash.as_str()) {
        return Err(SyncError::Forked { till: id.to_string(), position: head.till_seq });
    }
    Ok(head.till_seq)
}

/// Pushes every event the server does not hold yet, in batches, in order.
pub fn push_pending(till: &Till, server: &ShopServer) -> Result<SyncReport, SyncError> {
    push_from(till.conn(), till.terminal(), server)
}

/// Pushes the events of till `terminal` held on `conn` (a read handle is
/// enough) that the server does not hold yet.
pub fn push_from(conn: &Connection, terminal: &str, server: &ShopServer) -> Result<SyncReport, SyncError> {
    let start = resume_point(conn, terminal, server)?;
    let mut through = start;
    let mut gaps = 0;
    loop {
        let rows = store::rows_after(conn, through, PUSH_BATCH_EVENTS)?;
        if rows.is_empty() {
            break;
        }
        match server.post::<_, Pushed>("/v1/events", &Push { till: terminal, events: &rows })? {
            Answer::Ok(p) if p.stored_through > through => through = p.stored_through,
            Answer::Ok(p) => {
                return Err(SyncError::BadAnswer(format!("the server stored through {} after {through} was sent on", p.stored_through)));
            }
            Answer::Refused { refusal: Refusal { code, expected: Some(expected), .. }, .. } if code == "gap" && gaps < GAP_RETRIES_MAX => {
                gaps += 1;
                through = (expected - 1).max(0);
            }
            Answer::Refused { refusal: Refusal { code, .. }, .. } if code == "gap" => return Err(SyncError::GapsPersist),
            Answer::Refused { status, refusal } => return refused(status, refusal),
        }
    }
    let local = store::chain_head(conn)?.position;
    Ok(SyncReport { pushed: through - start, waiting: (local - through).max(0), stored_through: through })
}
