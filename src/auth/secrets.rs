//! Random tokens and their stored hashes, and password hashing.
//!
//! Session cookies, API tokens and reset links are long random values: we
//! store only their SHA-256, so a database leak does not open accounts.
//! Passwords are hashed with argon2id (default parameters: 19 MiB, t=2).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Bytes as lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random token (256 bits, hex) with an optional readable prefix.
pub fn new_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex(&bytes))
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hashes a password with argon2id, off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// Checks a password against its stored hash, off the async threads.
pub async fn verify_password(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A real hash of a random password, checked when the email is unknown so
/// that the answer takes as long as for a known one.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    Argon2::default()
        .hash_password(new_token("").as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Checks a password against a stored hash, or against a dummy when there is none.
pub async fn verify_or_waste_time(password: String, stored: Option<String>) -> bool {
    match stored {
        Some(hash) => verify_password(password, hash).await,
        None => {
            let dummy = tokio::task::spawn_blocking(|| DUMMY_HASH.clone())
                .await
                .unwrap_or_default();
            verify_password(password, dummy).await;
            false
        }
    }
}

/// Checks a new password; the message key of what is wrong.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        Err("password.too_short")
    } else if password != confirmation {
        Err("password.mismatch")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), hash.clone()).await);
        assert!(!verify_password("Correct horse battery".into(), hash).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, b) = (new_token("psl_"), new_token("psl_"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
    }

    #[test]
    fn new_passwords_must_be_long_and_confirmed() {
        assert_eq!(check_new_password("short", "short"), Err("password.too_short"));
        assert_eq!(
            check_new_password("long enough!", "long enough?"),
            Err("password.mismatch")
        );
        assert_eq!(check_new_password("long enough!", "long enough!"), Ok(()));
    }
}
