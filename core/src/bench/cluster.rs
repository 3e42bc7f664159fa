//! A throwaway PostgreSQL cluster for `pos bench sync`, made the way the
//! tests make theirs (scripts/lib/postgres.sh): `initdb` into a temporary
//! directory, `pg_ctl` listening on a Unix socket in that directory only,
//! as the `postgres` user when run as root. Stopped and removed on drop.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// Where Debian puts PostgreSQL 15's programs when they are not on PATH.
const DEBIAN_BIN: &str = "/usr/lib/postgresql/15/bin";
/// The role the cluster is made with (trust authentication, socket only).
const ROLE: &str = "pos";
/// The socket's port number (no TCP listener: only names the socket).
const PORT: u16 = 5439;

pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    as_root: bool,
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Bench(format!("{what}: {e}"))
}

/// The directory holding `initdb` and `pg_ctl`: PATH's, else Debian's.
pub(super) fn binaries() -> Result<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file());
    on_path
        .or_else(|| Some(PathBuf::from(DEBIAN_BIN)).filter(|d| d.join("initdb").is_file()))
        .ok_or_else(|| Error::Bench("PostgreSQL's initdb is not installed (apt-get install postgresql-15), or pass --database".into()))
}

/// Whether this process runs as root (PostgreSQL then runs as `postgres`).
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

impl Cluster {
    /// Initialises and starts a cluster in a new temporary directory.
    pub fn start() -> Result<Cluster> {
        let bin = binaries()?;
        let dir = tempfile::Builder::new().prefix("pos-bench-pg-").tempdir().map_err(|e| failed("a temporary directory", e))?;
        let cluster = Cluster { bin, dir, as_root: is_root() };
        if cluster.as_root {
            cluster.run("chown", &["postgres", &cluster.path_str()], false)?;
        }
        let data = cluster.data();
        cluster.run(&cluster.program("initdb"), &["-D", &data, "-A", "trust", "-U", ROLE], true)?;
        let options = format!("-k {} -p {PORT} -h ''", cluster.path_str());
        let log = format!("{}/postgres.log", cluster.path_str());
        cluster.run(&cluster.program("pg_ctl"), &["-D", &data, "-o", &options, "-l", &log, "-w", "start"], true)?;
        Ok(cluster)
    }

    /// libpq settings for the cluster's `postgres` database.
    pub fn settings(&self) -> String {
        format!("host={} port={PORT} user={ROLE} dbname=postgres", self.path_str())
    }

    fn path_str(&self) -> String {
        self.dir.path().to_string_lossy().into_owned()
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn program(&self, name: &str) -> String {
        self.bin.join(name).to_string_lossy().into_owned()
    }

    /// Runs `program args…`, as the cluster's owner when `as_owner`.
    fn run(&self, program: &str, args: &[&str], as_owner: bool) -> Result<()> {
        let mut command = if as_owner && self.as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", program]);
            c
        } else {
            Command::new(program)
        };
        let out = command.args(args).stdin(Stdio::null()).output().map_err(|e| failed(program, e))?;
        if !out.status.success() {
            let name = Path::new(program).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            return Err(failed(&name, String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run(&self.program("pg_ctl"), &["-D", &self.data(), "-m", "immediate", "stop"], true);
    }
}
