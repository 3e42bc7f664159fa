//! pos-server: the shop server. Tills push their hash-chained events to it
//! (`pos sync`); it checks that each till's chain links, stores every event
//! exactly once per (shop, till, till position) on PostgreSQL, and gives
//! each a gap-free shop-wide position for readers. See ARCHITECTURE.md.

pub mod audit;
pub mod db;
pub mod enrol;
pub mod error;
pub mod http;
pub mod limits;
pub mod manager;
pub mod push;
pub mod read;
pub mod tls;

pub use error::ApiError;

/// Serves the API on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    pool: deadpool_postgres::Pool,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, http::router(pool)).with_graceful_shutdown(shutdown).await
}

/// Serves the API over TLS (`https`) on `listener` until `shutdown`
/// resolves; requests in flight then get `limits::SHUTDOWN_GRACE` to finish.
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    pool: deadpool_postgres::Pool,
    tls: std::sync::Arc<rustls::ServerConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(Some(limits::SHUTDOWN_GRACE));
    });
    axum_server::from_tcp(listener.into_std()?)
        .acceptor(tls::LoggedHandshakes::new(tls))
        .handle(handle)
        .serve(http::router(pool).into_make_service())
        .await
}
