//! `pos-server`: the shop server's command line.
//!
//! ```text
//! pos-server --db "host=/path/to/socket-dir port=5433 user=pos dbname=pos" migrate
//! pos-server --db … serve --listen 127.0.0.1:8470
//! pos-server --db … serve --listen 0.0.0.0:8470 --tls-cert shop.pem --tls-key shop.key   # https
//! pos-server --db … enrol-code --shop S --till T
//! pos-server --db … manager-add --shop S --name NAME   # the passphrase on stdin (or POS_SERVER_PASSPHRASE)
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pos_server::{db, enrol, manager, tls};

#[derive(Parser)]
#[command(name = "pos-server", version, about = "The shop server tills sync their events to")]
struct Cli {
    /// PostgreSQL settings, libpq style: host=DIR-OR-HOST port=PORT user=USER dbname=DB.
    #[arg(long, env = "POS_SERVER_DB", global = true, default_value = "host=localhost user=pos dbname=pos")]
    db: String,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Bring the database's schema up to date.
    Migrate,
    /// Migrate, then answer tills over HTTP until interrupted (Ctrl+C or SIGTERM).
    Serve {
        #[arg(long, env = "POS_SERVER_LISTEN", default_value = "127.0.0.1:8470")]
        listen: SocketAddr,
        /// Serve https with this certificate (PEM; the server's first, then its chain).
        #[arg(long, env = "POS_SERVER_TLS_CERT", value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, env = "POS_SERVER_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Make a one-time enrolment code for a till (printed once; valid 24 hours).
    EnrolCode {
        #[arg(long)]
        shop: String,
        #[arg(long)]
        till: String,
    },
    /// Add a manager to a shop (or give one a new passphrase): the passphrase,
    /// at least 8 characters, is POS_SERVER_PASSPHRASE or else stdin's first line.
    ManagerAdd {
        #[arg(long)]
        shop: String,
        #[arg(long)]
        name: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = db::config(&cli.db).map_err(|e| e.to_string())?;
    match cli.command {
        Cmd::Migrate => {
            let applied = db::migrate(&config).await.map_err(|e| e.to_string())?;
            println!("schema up to date ({applied} migrations applied now)");
        }
        Cmd::Serve { listen, tls_cert, tls_key } => {
            let files = tls_cert.zip(tls_key).map(|(certificate, key)| tls::TlsFiles { certificate, key });
            let tls = files.as_ref().map(tls::server_config).transpose().map_err(|e| e.to_string())?;
            db::migrate(&config).await.map_err(|e| e.to_string())?;
            let pool = db::pool(config).map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
            let local = listener.local_addr().map_err(|e| e.to_string())?;
            let served = match tls {
                Some(tls) => {
                    println!("listening on https://{local}");
                    pos_server::serve_tls(listener, pool, tls, stopped()).await
                }
                None => {
                    println!("listening on http://{local}");
                    pos_server::serve(listener, pool, stopped()).await
                }
            };
            served.map_err(|e| e.to_string())?;
        }
        Cmd::EnrolCode { shop, till } => {
            db::migrate(&config).await.map_err(|e| e.to_string())?;
            let pool = db::pool(config).map_err(|e| e.to_string())?;
            let code = enrol::make_code(&pool, &shop, &till).await.map_err(|e| e.to_string())?;
            println!("{code}");
            eprintln!("enrolment code for till {till} of shop {shop}; it works once, for 24 hours:");
            eprintln!("  pos sync --enrol {code} --shop {shop} --server http://THIS-SERVER:PORT");
        }
        Cmd::ManagerAdd { shop, name } => {
            let passphrase = match std::env::var(PASSPHRASE_ENV) {
                Ok(p) => p,
                Err(_) => read_passphrase()?,
            };
            db::migrate(&config).await.map_err(|e| e.to_string())?;
            let pool = db::pool(config).map_err(|e| e.to_string())?;
            let added = manager::add(&pool, &shop, &name, &passphrase).await.map_err(|e| e.to_string())?;
            let done = if added { "added" } else { "given a new passphrase (its sign-ins ended)" };
            println!("manager {name} of shop {shop} {done}");
        }
    }
    Ok(())
}

/// Where `manager-add` takes the passphrase from, before stdin.
const PASSPHRASE_ENV: &str = "POS_SERVER_PASSPHRASE";

/// The passphrase: asked twice at a terminal, without echo; otherwise
/// stdin's first line, without its line ending.
fn read_passphrase() -> Result<String, String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let asked = |prompt: &str| rpassword::prompt_password(prompt).map_err(|e| format!("cannot read the passphrase: {e}"));
        let first = asked("Passphrase (at least 8 characters): ")?;
        if asked("The same again: ")? != first {
            return Err("the two passphrases differ; nothing was changed".into());
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| format!("cannot read the passphrase from stdin: {e}"))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Resolves on Ctrl+C or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return interrupt.await.unwrap_or(()),
        };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await.unwrap_or(());
}
