//! The built `pos-server` as a process of its own, for tests that kill it
//! or start it as a shop would (e.g. with TLS).

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::TestShop;

/// The longest wait for a process to listen, or for the server to store something.
pub const WAIT_MAX: Duration = Duration::from_secs(30);

/// The built `pos-server`, serving the test's database on `port`, killed when dropped.
pub struct ServerProcess(Child);

impl ServerProcess {
    pub fn start(shop: &TestShop, port: u16) -> ServerProcess {
        ServerProcess::start_with(shop, port, &[])
    }

    /// With more arguments to `serve` (e.g. `--tls-cert`).
    pub fn start_with(shop: &TestShop, port: u16, more: &[&str]) -> ServerProcess {
        ServerProcess::spawn(shop, port, more, Stdio::inherit())
    }

    /// As `start_with`, its log (warnings and worse) written to `log`.
    pub fn start_logged(shop: &TestShop, port: u16, more: &[&str], log: &std::path::Path) -> ServerProcess {
        let file = std::fs::File::create(log).expect("the server's log file");
        ServerProcess::spawn(shop, port, more, Stdio::from(file))
    }

    fn spawn(shop: &TestShop, port: u16, more: &[&str], log: Stdio) -> ServerProcess {
        let child = Command::new(env!("CARGO_BIN_EXE_pos-server"))
            .args(["--db", &shop.settings, "serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(more)
            .env("RUST_LOG", "warn")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("pos-server starts");
        let server = ServerProcess(child);
        wait_until("the server listens", || TcpStream::connect(("127.0.0.1", port)).is_ok());
        server
    }

    /// SIGKILL, and wait until it is gone.
    pub fn kill(mut self) {
        self.0.kill().expect("SIGKILL the server");
        self.0.wait().expect("the killed server is reaped");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn wait_until(what: &str, done: impl Fn() -> bool) {
    let until = Instant::now() + WAIT_MAX;
    while !done() {
        assert!(Instant::now() < until, "waited {WAIT_MAX:?} in vain: {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
