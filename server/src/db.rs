//! The connection to PostgreSQL: a pool for the requests, and the schema's
//! migrations (embedded from `server/migrations`, run by refinery).

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::limits::POOL_SIZE_MAX;

mod embedded {
    refinery::embed_migrations!("migrations");
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database settings do not read: {0} (e.g. host=/tmp/pos-pg port=5433 user=pos dbname=pos)")]
    Config(String),
    #[error("cannot reach PostgreSQL: {0}")]
    Connect(#[from] tokio_postgres::Error),
    #[error("cannot open a connection pool: {0}")]
    Pool(String),
    #[error("the migrations failed: {0}")]
    Migrate(String),
}

/// Reads libpq-style settings (`host=… port=… user=… dbname=…`).
pub fn config(settings: &str) -> Result<tokio_postgres::Config, DbError> {
    settings.parse().map_err(|e: tokio_postgres::Error| DbError::Config(e.to_string()))
}

/// A pool of connections (opened on first use).
pub fn pool(config: tokio_postgres::Config) -> Result<Pool, DbError> {
    let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
    Pool::builder(manager).max_size(POOL_SIZE_MAX).build().map_err(|e| DbError::Pool(e.to_string()))
}

/// Creates the database `config` names if PostgreSQL has none of that
/// name (connecting to the `postgres` database to do so); answers whether
/// it did.
pub async fn ensure_database(config: &tokio_postgres::Config) -> Result<bool, DbError> {
    match config.connect(NoTls).await {
        Ok(_) => return Ok(false),
        Err(e) if e.code() != Some(&tokio_postgres::error::SqlState::INVALID_CATALOG_NAME) => return Err(e.into()),
        Err(_) => {}
    }
    let name = config.get_dbname().unwrap_or_default().to_string();
    let mut admin = config.clone();
    admin.dbname("postgres");
    let (client, connection) = admin.connect(NoTls).await?;
    let driver = tokio::spawn(connection);
    let quoted = format!("\"{}\"", name.replace('"', "\"\""));
    client.batch_execute(&format!("CREATE DATABASE {quoted}")).await?;
    drop(client);
    let _ = driver.await;
    Ok(true)
}

/// Brings the schema up to date (refinery keeps its own history table);
/// answers how many migrations it applied.
pub async fn migrate(config: &tokio_postgres::Config) -> Result<usize, DbError> {
    if ensure_database(config).await? {
        tracing::info!(database = config.get_dbname().unwrap_or_default(), "database created");
    }
    let (mut client, connection) = config.connect(NoTls).await?;
    let driver = tokio::spawn(connection);
    let report = embedded::migrations::runner().run_async(&mut client).await;
    drop(client);
    let _ = driver.await;
    let report = report.map_err(|e| DbError::Migrate(e.to_string()))?;
    Ok(report.applied_migrations().len())
}
