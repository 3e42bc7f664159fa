//! TLS for the shop server, when a certificate is configured: the
//! certificate chain and its private key, each a PEM file, read once at
//! start. Tills then reach it at `https://…`.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use axum_server::accept::Accept;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use tokio::net::TcpStream;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The certificate (chain, server's first) and its key, PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub certificate: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("the TLS certificate {path} cannot be used: {detail}")]
    Certificate { path: String, detail: String },
    #[error("the TLS private key {path} cannot be used: {detail}")]
    Key { path: String, detail: String },
    #[error("the TLS certificate and key cannot serve together: {0}")]
    Config(String),
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The certificates of the chain file, at least one.
fn chain(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let refused = |detail: String| TlsError::Certificate { path: shown(path), detail };
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|e| refused(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| refused(e.to_string()))?;
    if certificates.is_empty() {
        return Err(refused("it holds no certificate (a PEM file with BEGIN CERTIFICATE)".into()));
    }
    Ok(certificates)
}

/// The server's TLS settings from `files` (rustls, with the ring provider;
/// HTTP/2 and HTTP/1.1 offered).
pub fn server_config(files: &TlsFiles) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let certificates = chain(&files.certificate)?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| TlsError::Key { path: shown(&files.key), detail: e.to_string() })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The TLS handshake of each connection, as axum-server makes it, with every
/// failed handshake logged with the peer's address and why (a till that does
/// not trust the certificate, plain http on the https port, a stalled
/// client): axum-server drops those connections without a word.
#[derive(Clone)]
pub struct LoggedHandshakes(RustlsAcceptor);

impl LoggedHandshakes {
    pub fn new(config: Arc<rustls::ServerConfig>) -> LoggedHandshakes {
        LoggedHandshakes(RustlsAcceptor::new(RustlsConfig::from_config(config)))
    }
}

type Handshake<T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send>>;

impl<S> Accept<TcpStream, S> for LoggedHandshakes
where
    RustlsAcceptor: Accept<TcpStream, S>,
    <RustlsAcceptor as Accept<TcpStream, S>>::Future: Send + 'static,
{
    type Stream = <RustlsAcceptor as Accept<TcpStream, S>>::Stream;
    type Service = <RustlsAcceptor as Accept<TcpStream, S>>::Service;
    type Future = Handshake<(Self::Stream, Self::Service)>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let peer = stream.peer_addr().map_or_else(|_| "an unknown peer".to_string(), |a| a.to_string());
        let handshake = self.0.accept(stream, service);
        Box::pin(async move {
            let done = handshake.await;
            if let Err(e) = &done {
                tracing::warn!(%peer, "TLS handshake refused: {e}");
            }
            done
        })
    }
}
