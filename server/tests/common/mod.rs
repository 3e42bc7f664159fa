//! The shop server's test harness: a real PostgreSQL (never a mock). Each
//! test gets a database of its own (`CREATE DATABASE` with a unique name)
//! and a server on a random port, run in-process on a runtime of its own,
//! so tests run in parallel and are written as plain blocking code.
//!
//! PostgreSQL comes from `POS_TEST_PG` (libpq settings without dbname,
//! e.g. `host=/tmp/pos-pg-x port=5433 user=pos`; `scripts/test` and
//! `scripts/test-server` start a throwaway cluster and set it). Without it a
//! test fails when `CI` is set, and otherwise passes with a loud SKIPPED.
#![allow(dead_code)]

pub mod process;

use chrono::{TimeZone, Utc};
use deadpool_postgres::Pool;
use pos_core::store::{EventRow, GENESIS_HASH};
use pos_server::{db, enrol};
use serde_json::{json, Value};
use tokio_postgres::NoTls;

pub const SHOP: &str = "S1";

/// PostgreSQL's settings for tests, or None (after saying so) to skip.
fn pg_settings() -> Option<String> {
    match std::env::var("POS_TEST_PG") {
        Ok(s) if !s.trim().is_empty() => Some(s),
        _ if std::env::var_os("CI").is_some() => {
            panic!("POS_TEST_PG is not set and CI is: the shop server's tests need PostgreSQL (scripts/test starts one)")
        }
        _ => {
            // Straight to stderr: the test harness would swallow eprintln! of a passing test.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: POS_TEST_PG is not set, so this shop-server test did not run. Run scripts/test-server. ***\n"
            );
            None
        }
    }
}

/// A shop server on a database of its own.
pub struct TestShop {
    pub rt: tokio::runtime::Runtime,
    pub url: String,
    pub pool: Pool,
    pub settings: String,
    /// POS_TEST_PG as given, and the test's database in it.
    server: String,
    database: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Runs one statement on the cluster's `postgres` database.
async fn on_cluster(server: &str, sql: &str) -> Result<(), tokio_postgres::Error> {
    let admin = db::config(&format!("{server} dbname=postgres")).expect("POS_TEST_PG reads");
    let (client, connection) = admin.connect(NoTls).await?;
    tokio::spawn(connection);
    client.batch_execute(sql).await
}

impl Drop for TestShop {
    /// Stops the server and drops the test's database (so a developer's
    /// long-lived cluster does not fill up; a throwaway one goes anyway).
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.database);
        let _ = self.rt.block_on(on_cluster(&self.server, &sql));
    }
}

impl TestShop {
    /// None when PostgreSQL is not given and this is not CI (skipped).
    pub fn start() -> Option<TestShop> {
        let server = pg_settings()?;
        let database = format!("pos_test_{}", uuid::Uuid::new_v4().simple());
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
        let (pool, url, settings, stop) = rt.block_on(async {
            on_cluster(&server, &format!("CREATE DATABASE {database}")).await.expect("a test database on POS_TEST_PG");
            let settings = format!("{server} dbname={database}");
            let config = db::config(&settings).unwrap();
            db::migrate(&config).await.expect("migrations run");
            let pool = db::pool(config).unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url = format!("http://{}", listener.local_addr().unwrap());
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(pos_server::serve(listener, pool.clone(), async {
                let _ = stopped.await;
            }));
            (pool, url, settings, stop)
        });
        Some(TestShop { rt, url, pool, settings, server, database, stop: Some(stop) })
    }

    pub fn code(&self, shop: &str, till: &str) -> String {
        self.rt.block_on(enrol::make_code(&self.pool, shop, till)).expect("an enrolment code")
    }

    /// Enrols `till` of `SHOP` through the API; answers its token.
    pub fn enrolled(&self, till: &str) -> String {
        let code = self.code(SHOP, till);
        let reply = self.call("POST", "/v1/enrol", None, Some(json!({"shop": SHOP, "till": till, "code": code})));
        assert_eq!(reply.status, 200, "{reply:?}");
        reply.body["token"].as_str().expect("a token").to_string()
    }

    /// One number from SQL (e.g. a count).
    pub fn number(&self, sql: &str) -> i64 {
        self.rt.block_on(async {
            let client = self.pool.get().await.unwrap();
            client.query_one(sql, &[]).await.unwrap().get(0)
        })
    }

    pub fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        call(&format!("{}{path}", self.url), method, token, body)
    }

    pub fn push(&self, token: &str, till: &str, events: &[EventRow]) -> Reply {
        self.call("POST", "/v1/events", Some(token), Some(json!({"till": till, "events": events})))
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

pub fn call(url: &str, method: &str, token: Option<&str>, body: Option<Value>) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let auth = token.map(|t| format!("Bearer {t}"));
    let response = match (method, body) {
        ("GET", _) => {
            let mut r = agent.get(url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        (_, body) => {
            let mut r = agent.post(url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.send_json(body.unwrap_or(Value::Null))
        }
    };
    let mut response = response.expect("the server answers");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)) }
}

/// `n` events of a made-up chain after `prev` (hex), from `first`; the
/// payloads carry `tag` so two chains differ.
pub fn chain(first: i64, n: usize, prev: &str, tag: &str) -> Vec<EventRow> {
    let mut prev = prev.to_string();
    (0..n as i64)
        .map(|i| {
            let position = first + i;
            let mut row = EventRow {
                position,
                stream: 1,
                version: position as u32,
                kind: 2,
                schema_version: 1,
                payload: format!(r#"{{"tag":"{tag}","n":{position}}}"#),
                actor: 1,
                authorised_by: None,
                terminal: "T1".into(),
                command_id: uuid::Uuid::new_v4(),
                app_version: 1_000,
                recorded_at: Utc.timestamp_millis_opt(1_795_428_000_000 + position).unwrap(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            row.hash = hex::encode(row.chain_hash(&hex::decode(&prev).unwrap()));
            prev = row.hash.clone();
            row
        })
        .collect()
}

pub fn genesis() -> String {
    hex::encode(GENESIS_HASH)
}

/// Where `till`'s own chain ends: its newest event's position.
pub fn head(till: &pos_core::Till) -> i64 {
    pos_core::store::chain_head(till.conn()).unwrap().position
}
