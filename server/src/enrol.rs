//! Enrolment and bearer tokens. A manager at the server makes a one-time
//! code for a till (`pos-server enrol-code`); the till trades it for a
//! random token once. Only SHA-256 hashes of codes and tokens are stored:
//! the token is 256 random bits, so a plain hash is enough; a code is short
//! but works once and expires.

use chrono::Utc;
use deadpool_postgres::Pool;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::limits::{ENROL_CODE_CHARS, ENROL_CODE_LIFETIME, ID_CHARS_MAX, TOKEN_BYTES};

/// Crockford's base 32: no I, L, O or U to misread.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters between two dashes of a printed code.
const CODE_GROUP: usize = 4;

/// Who a valid bearer token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TillAuth {
    pub shop: String,
    pub till: String,
}

fn sha256(text: &str) -> Vec<u8> {
    Sha256::digest(text.as_bytes()).to_vec()
}

/// A code as typed, made canonical: dashes and spaces dropped, upper case.
fn normalise_code(code: &str) -> String {
    code.chars().filter(|c| !matches!(c, '-' | ' ')).map(|c| c.to_ascii_uppercase()).collect()
}

/// Checks a shop or till id: letters, digits, dashes and underscores.
pub fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    let ok = !id.is_empty()
        && id.chars().count() <= ID_CHARS_MAX
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::InvalidInput(format!(
            "{what} is 1 to {ID_CHARS_MAX} letters, digits, dashes or underscores, e.g. T2"
        )))
    }
}

/// Makes a one-time code for `till` of `shop` (creating the shop's row),
/// valid for `ENROL_CODE_LIFETIME`. Answers the code, printed as
/// XXXX-XXXX-XXXX; it is not kept anywhere but in its hash.
pub async fn make_code(pool: &Pool, shop: &str, till: &str) -> Result<String, ApiError> {
    check_id("the shop", shop)?;
    check_id("the till", till)?;
    let mut rng = rand::rngs::OsRng;
    let raw: String = (0..ENROL_CODE_CHARS).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect();
    let expires = Utc::now() + chrono::Duration::from_std(ENROL_CODE_LIFETIME).unwrap_or(chrono::Duration::zero());
    let client = pool.get().await?;
    client.execute("INSERT INTO shops (shop) VALUES ($1) ON CONFLICT DO NOTHING", &[&shop]).await?;
    client
        .execute(
            "INSERT INTO enrol_codes (code_hash, shop, till, expires_at) VALUES ($1, $2, $3, $4)",
            &[&sha256(&raw), &shop, &till, &expires],
        )
        .await?;
    let groups: Vec<String> = raw.as_bytes().chunks(CODE_GROUP).map(|g| String::from_utf8_lossy(g).into_owned()).collect();
    Ok(groups.join("-"))
}

/// Trades a code for a new bearer token: the code must be unused, unexpired
/// and made for this shop and till. A till enrolled before gets a new
/// token (the old one stops working); its stored events stay.
pub async fn enrol(pool: &Pool, shop: &str, till: &str, code: &str) -> Result<String, ApiError> {
    check_id("the shop", shop)?;
    check_id("the till", till)?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let used = tx
        .execute(
            "UPDATE enrol_codes SET used_at = now()
             WHERE code_hash = $1 AND shop = $2 AND till = $3 AND used_at IS NULL AND expires_at > now()",
            &[&sha256(&normalise_code(code)), &shop, &till],
        )
        .await?;
    if used != 1 {
        return Err(ApiError::BadCode);
    }
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    tx.execute(
        "INSERT INTO tills (shop, till, token_hash) VALUES ($1, $2, $3)
         ON CONFLICT (shop, till) DO UPDATE SET token_hash = excluded.token_hash, enrolled_at = now()",
        &[&shop, &till, &sha256(&token)],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(shop, till, "till enrolled");
    Ok(token)
}

/// The till a bearer token belongs to.
pub async fn authenticate(pool: &Pool, token: &str) -> Result<TillAuth, ApiError> {
    let client = pool.get().await?;
    let row = client
        .query_opt("SELECT shop, till FROM tills WHERE token_hash = $1", &[&sha256(token.trim())])
        .await?
        .ok_or(ApiError::Unauthorised)?;
    Ok(TillAuth { shop: row.get(0), till: row.get(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_the_same_typed_in_lower_case_or_without_dashes() {
        assert_eq!(normalise_code("ab12-cd34-ef56"), "AB12CD34EF56");
        assert_eq!(normalise_code("AB12 CD34EF56"), "AB12CD34EF56");
    }

    #[test]
    fn ids_are_short_and_plain() {
        assert!(check_id("the till", "T-2_a").is_ok());
        assert_eq!(check_id("the till", "").unwrap_err().code(), "invalid_input");
        assert_eq!(check_id("the till", "T 2").unwrap_err().code(), "invalid_input");
        assert_eq!(check_id("the till", &"T".repeat(ID_CHARS_MAX + 1)).unwrap_err().code(), "invalid_input");
    }
}
