//! TLS: a shop server given a certificate serves `https` only, and a till
//! reaches it when it trusts the certificate's authority (the shop's own,
//! kept in the till's enrolment), and is refused with `tls_failed` when not.
//! The server is the built `pos-server`, started as a shop would start it.

mod common;

use std::path::Path;
use std::process::Command;

use common::process::{free_port, ServerProcess};
use common::{head, TestShop, SHOP};
use pos_core::bench;
use pos_core::sync::{self, ShopServer, SyncSetup, SyncState};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

/// A shop's own certificate authority and a server certificate it signed
/// for `localhost` and 127.0.0.1, as PEM files in `dir`; answers the CA's PEM.
fn shop_certificates(dir: &Path) -> String {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name.push(DnType::CommonName, "Test shop CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let server_pem = server.signed_by(&server_key, &issuer).unwrap().pem();
    std::fs::write(dir.join("server.pem"), server_pem).unwrap();
    std::fs::write(dir.join("server.key"), server_key.serialize_pem()).unwrap();
    std::fs::write(dir.join("ca.pem"), &ca_pem).unwrap();
    ca_pem
}

/// `pos-server serve` over TLS with the certificate in `dir`, logging to `dir/server.log`.
fn tls_server(shop: &TestShop, dir: &Path, port: u16) -> ServerProcess {
    let cert = dir.join("server.pem");
    let key = dir.join("server.key");
    let tls = ["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()];
    ServerProcess::start_logged(shop, port, &tls, &dir.join("server.log"))
}

/// The lines of the server's log that say a TLS handshake was refused.
fn refused_handshakes(dir: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    log.lines().filter(|l| l.contains("TLS handshake refused")).map(str::to_string).collect()
}

/// A test shop served over https by the built `pos-server` (stopped first
/// when dropped), its certificate from a CA made for the test.
struct HttpsShop {
    _server: ServerProcess,
    shop: TestShop,
    dir: tempfile::TempDir,
    /// The CA's PEM.
    ca: String,
    port: u16,
}

/// None when PostgreSQL is not given (skipped, as `TestShop::start`).
fn https_shop() -> Option<HttpsShop> {
    let shop = TestShop::start()?;
    let dir = tempfile::tempdir().unwrap();
    let ca = shop_certificates(dir.path());
    let port = free_port();
    let server = tls_server(&shop, dir.path(), port);
    Some(HttpsShop { _server: server, shop, dir, ca, port })
}

#[test]
fn a_till_trusting_the_shops_own_ca_enrols_and_pushes_over_https() {
    // given a shop server serving https with a certificate from the shop's own CA
    let Some(HttpsShop { shop, dir, ca, port, _server: _running }) = https_shop() else { return };
    let url = format!("https://localhost:{port}");
    let till = bench::till_with_sales(&dir.path().join("T1.db"), "T1", 3, 7).unwrap();
    // when the till enrols trusting that CA, and pushes
    let server = ShopServer::new(&url, "").trusting(&ca).unwrap();
    let token = sync::enrol_with(&server, SHOP, "T1", &shop.code(SHOP, "T1")).unwrap();
    let report = sync::push_pending(&till, &ShopServer::new(&url, &token).trusting(&ca).unwrap()).unwrap();
    // then every event of the till is stored
    assert_eq!(report.stored_through, head(&till));
    assert_eq!(shop.number("SELECT count(*) FROM events WHERE till = 'T1'"), head(&till));
}

#[test]
fn the_outbox_reaches_an_https_server_with_the_ca_kept_in_the_enrolment() {
    // given a till enrolled with an https server, the shop's CA kept in its file
    let Some(HttpsShop { shop, dir, ca, port, _server: _running }) = https_shop() else { return };
    let url = format!("https://127.0.0.1:{port}");
    let path = dir.path().join("T1.db");
    let till = bench::till_with_sales(&path, "T1", 2, 7).unwrap();
    let token = sync::enrol_with(&ShopServer::new(&url, "").trusting(&ca).unwrap(), SHOP, "T1", &shop.code(SHOP, "T1")).unwrap();
    till.set_sync_setup(&SyncSetup { server: url.clone(), shop: SHOP.into(), token, ca: Some(ca) }).unwrap();
    // when the outbox runs beside the till
    let outbox = sync::Outbox::start(path, "T1".into());
    // then it pushes the whole chain over https
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while outbox.status().state != SyncState::Synced {
        assert!(std::time::Instant::now() < until, "not synced: {:?}", outbox.status());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(shop.number("SELECT count(*) FROM events WHERE till = 'T1'"), head(&till));
}

#[test]
fn a_till_not_trusting_the_certificate_is_refused_and_sends_nothing() {
    // given an https shop server whose certificate no public authority signed
    let Some(HttpsShop { shop, dir, port, _server: _running, .. }) = https_shop() else { return };
    let till = bench::till_with_sales(&dir.path().join("T1.db"), "T1", 1, 7).unwrap();
    // when a till trusting only the public authorities enrols, or pushes
    let url = format!("https://localhost:{port}");
    let enrol = sync::enrol(&url, SHOP, "T1", &shop.code(SHOP, "T1")).unwrap_err();
    let push = sync::push_pending(&till, &ShopServer::new(&url, "x")).unwrap_err();
    // then each is refused as a TLS failure that names the server and the way out
    for refused in [enrol, push] {
        assert_eq!(refused.code(), "tls_failed", "{refused}");
        assert!(refused.to_string().contains(&url) && refused.to_string().contains("--ca"), "{refused}");
    }
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
    // and the server logs each refused handshake with the peer's address
    common::process::wait_until("two refused handshakes logged", || refused_handshakes(dir.path()).len() >= 2);
    assert!(refused_handshakes(dir.path())[0].contains("peer=127.0.0.1:"), "{:?}", refused_handshakes(dir.path()));
}

#[test]
fn plain_http_is_not_answered_on_the_https_port() {
    // given an https shop server
    let Some(HttpsShop { shop, dir, port, _server: _running, .. }) = https_shop() else { return };
    let till = bench::till_with_sales(&dir.path().join("T1.db"), "T1", 1, 7).unwrap();
    // when a till pushes to it over plain http
    let err = sync::push_pending(&till, &ShopServer::new(&format!("http://127.0.0.1:{port}"), "x")).unwrap_err();
    // then nothing is exchanged in the clear, and the server logs why
    assert_eq!(err.code(), "unreachable", "{err}");
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
    common::process::wait_until("the refused handshake logged", || !refused_handshakes(dir.path()).is_empty());
}

#[test]
fn a_ca_file_without_a_certificate_is_refused_by_name() {
    // given a PEM text holding only a private key
    let key = KeyPair::generate().unwrap().serialize_pem();
    // when a till is told to trust it
    let Err(refused) = ShopServer::new("https://localhost:1", "").trusting(&key) else { panic!("a key is not a CA") };
    // then it is refused as a bad CA, before any request
    assert_eq!(refused.code(), "bad_ca", "{refused}");
}

#[test]
fn a_server_whose_key_does_not_fit_its_certificate_does_not_start() {
    // given a certificate and the key of another one
    let dir = tempfile::tempdir().unwrap();
    shop_certificates(dir.path());
    std::fs::write(dir.path().join("other.key"), KeyPair::generate().unwrap().serialize_pem()).unwrap();
    let cert = dir.path().join("server.pem");
    let key = dir.path().join("other.key");
    // when pos-server is started with them
    let out = Command::new(env!("CARGO_BIN_EXE_pos-server"))
        .args(["--db", "host=/nonexistent dbname=pos", "serve", "--listen", "127.0.0.1:0"])
        .args(["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()])
        .output()
        .unwrap();
    // then it stops at once, saying why, before touching the database
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("cannot serve together"), "{said}");
}

#[test]
fn a_certificate_without_its_key_is_refused_at_the_command_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_pos-server")).args(["serve", "--tls-cert", "server.pem"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(said.contains("--tls-key"), "{said}");
}
