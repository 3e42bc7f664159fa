//! Managers' sign-in. A manager is added at the server (`pos-server
//! manager-add`) with a passphrase, of which only an Argon2 hash is kept;
//! signing in trades name and passphrase for a random session token that
//! lasts `MANAGER_SESSION_LIFETIME` (only its SHA-256 is stored, as for a
//! till's token). Manager views take only a session token; a till's token
//! is refused there, and a session token is refused where a till's is asked.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::enrol::check_id;
use crate::error::ApiError;
use crate::limits::{
    MANAGER_SESSION_LIFETIME, MANAGER_TOKEN_BYTES, PASSPHRASE_CHARS_MAX, PASSPHRASE_CHARS_MIN, SIGN_IN_FAILURES_MAX, SIGN_IN_LOCKOUT,
};

/// Starts every manager's session token, so that neither kind of token is
/// mistaken for the other.
pub const MANAGER_TOKEN_PREFIX: &str = "mgr_";

/// Who a valid session token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerAuth {
    pub shop: String,
    pub name: String,
}

/// A new sign-in: the token to send as `Authorization: Bearer`, and when it stops working.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

fn sha256(text: &str) -> Vec<u8> {
    Sha256::digest(text.as_bytes()).to_vec()
}

/// Checks a passphrase's length (in characters).
pub fn check_passphrase(passphrase: &str) -> Result<(), ApiError> {
    let chars = passphrase.chars().count();
    if (PASSPHRASE_CHARS_MIN..=PASSPHRASE_CHARS_MAX).contains(&chars) {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(format!(
            "a passphrase is {PASSPHRASE_CHARS_MIN} to {PASSPHRASE_CHARS_MAX} characters; this one has {chars}"
        )))
    }
}

/// Argon2 (its defaults) over the passphrase with a new random salt, as a PHC string.
fn hash_passphrase(passphrase: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(passphrase.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Database(format!("cannot hash the passphrase: {e}")))
}

fn passphrase_matches(passphrase: &str, stored: &str) -> bool {
    PasswordHash::new(stored).map(|h| Argon2::default().verify_password(passphrase.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// The slow hashing off the async workers.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::Database(format!("the passphrase check stopped: {e}")))
}

/// Adds a manager to `shop` (creating the shop's row), or gives an existing
/// one a new passphrase. Answers whether the manager is new.
pub async fn add(pool: &Pool, shop: &str, name: &str, passphrase: &str) -> Result<bool, ApiError> {
    check_id("the shop", shop)?;
    check_id("the manager's name", name)?;
    check_passphrase(passphrase)?;
    let owned = passphrase.to_string();
    let hash = blocking(move || hash_passphrase(&owned)).await??;
    let client = pool.get().await?;
    client.execute("INSERT INTO shops (shop) VALUES ($1) ON CONFLICT DO NOTHING", &[&shop]).await?;
    let added: bool = client
        .query_one(
            "INSERT INTO managers (shop, name, passphrase_hash) VALUES ($1, $2, $3)
             ON CONFLICT (shop, name) DO UPDATE
                 SET passphrase_hash = excluded.passphrase_hash, failed_sign_ins = 0, locked_until = NULL
             RETURNING xmax = 0",
            &[&shop, &name, &hash],
        )
        .await?
        .get(0);
    if !added {
        // A new passphrase ends the sign-ins made with the old one.
        client.execute("DELETE FROM manager_sessions WHERE shop = $1 AND name = $2", &[&shop, &name]).await?;
    }
    tracing::info!(shop, name, added, "manager's passphrase set");
    Ok(added)
}

/// Signs a manager in. An unknown name and a wrong passphrase are refused
/// alike, after the same slow work. After `SIGN_IN_FAILURES_MAX` wrong
/// passphrases in a row, the manager's sign-ins are refused for
/// `SIGN_IN_LOCKOUT`, before any work.
pub async fn sign_in(pool: &Pool, shop: &str, name: &str, passphrase: &str) -> Result<Session, ApiError> {
    let client = pool.get().await?;
    let stored = client
        .query_opt("SELECT passphrase_hash, locked_until FROM managers WHERE shop = $1 AND name = $2", &[&shop, &name])
        .await?
        .map(|r| (r.get::<_, String>(0), r.get::<_, Option<DateTime<Utc>>>(1)));
    if let Some((_, Some(until))) = &stored {
        if *until > Utc::now() {
            tracing::warn!(shop, name, %until, "manager sign-in refused: locked");
            return Err(ApiError::SignInLocked { until: *until });
        }
    }
    let known = stored.is_some();
    let (given, passphrase) = (stored.map(|(hash, _)| hash), passphrase.to_string());
    let matches = check_passphrase(&passphrase).is_ok() && blocking(move || match given {
        Some(hash) => passphrase_matches(&passphrase, &hash),
        None => hash_passphrase(&passphrase).is_err(),
    })
    .await?;
    if !(known && matches) {
        if known {
            count_failure(&client, shop, name).await?;
        }
        tracing::warn!(shop, name, known, "manager sign-in refused");
        return Err(ApiError::SignInRefused);
    }
    client.execute("UPDATE managers SET failed_sign_ins = 0, locked_until = NULL WHERE shop = $1 AND name = $2", &[&shop, &name]).await?;
    let mut bytes = [0u8; MANAGER_TOKEN_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("{MANAGER_TOKEN_PREFIX}{}", hex::encode(bytes));
    let lifetime = chrono::Duration::from_std(MANAGER_SESSION_LIFETIME).unwrap_or(chrono::Duration::zero());
    let expires_at = Utc::now() + lifetime;
    client
        .execute(
            "INSERT INTO manager_sessions (token_hash, shop, name, expires_at) VALUES ($1, $2, $3, $4)",
            &[&sha256(&token), &shop, &name, &expires_at],
        )
        .await?;
    tracing::info!(shop, name, "manager signed in");
    Ok(Session { token, expires_at })
}

/// One more wrong passphrase for a known manager; the one that makes
/// `SIGN_IN_FAILURES_MAX` locks the sign-ins. A lock that has run out
/// starts the count again.
async fn count_failure(client: &deadpool_postgres::Client, shop: &str, name: &str) -> Result<(), ApiError> {
    let lockout = chrono::Duration::from_std(SIGN_IN_LOCKOUT).unwrap_or(chrono::Duration::zero());
    let locked_until = Utc::now() + lockout;
    let row = client
        .query_one(
            "UPDATE managers SET
                 failed_sign_ins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END,
                 locked_until = CASE WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_sign_ins + 1 END) >= $3
                                     THEN $4::timestamptz ELSE NULL END
             WHERE shop = $1 AND name = $2
             RETURNING failed_sign_ins",
            &[&shop, &name, &SIGN_IN_FAILURES_MAX, &locked_until],
        )
        .await?;
    let failures: i32 = row.get(0);
    if failures >= SIGN_IN_FAILURES_MAX {
        tracing::warn!(shop, name, failures, %locked_until, "manager's sign-ins locked");
    }
    Ok(())
}

/// The manager a session token belongs to, while it lasts.
pub async fn authenticate(pool: &Pool, token: &str) -> Result<ManagerAuth, ApiError> {
    let token = token.trim();
    if !token.starts_with(MANAGER_TOKEN_PREFIX) {
        return Err(if crate::enrol::authenticate(pool, token).await.is_ok() {
            ApiError::TillTokenRefused
        } else {
            ApiError::SignInRequired
        });
    }
    let client = pool.get().await?;
    let row = client
        .query_opt("SELECT shop, name FROM manager_sessions WHERE token_hash = $1 AND expires_at > now()", &[&sha256(token)])
        .await?
        .ok_or(ApiError::SignInRequired)?;
    Ok(ManagerAuth { shop: row.get(0), name: row.get(1) })
}

/// Whether `token` is shaped as a manager's session token (refused where a
/// till's token is asked).
pub fn is_manager_token(token: &str) -> bool {
    token.trim().starts_with(MANAGER_TOKEN_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_is_at_least_eight_characters() {
        assert_eq!(check_passphrase("seven77").unwrap_err().code(), "invalid_input");
        assert!(check_passphrase("eight888").is_ok());
        assert!(check_passphrase("ünïcödé!").is_ok());
        assert_eq!(check_passphrase(&"x".repeat(PASSPHRASE_CHARS_MAX + 1)).unwrap_err().code(), "invalid_input");
    }

    #[test]
    fn only_the_passphrase_hashed_matches_its_hash() {
        let hash = hash_passphrase("correct horse").unwrap();
        assert!(hash.starts_with("$argon2"));
        assert!(!hash.contains("correct horse"));
        assert!(passphrase_matches("correct horse", &hash));
        assert!(!passphrase_matches("correct horsE", &hash));
        assert!(!passphrase_matches("correct horse", "not a hash"));
    }
}
