//! The server key: a random secret kept in the database, so that every
//! instance of a deployment signs and checks the same way. It signs what
//! the browser holds and must not be able to forge: CSRF tokens and device
//! cookies.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::{Db, timestamp};

#[derive(Clone)]
pub struct ServerKey(Vec<u8>);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey([secret])")
    }
}

impl ServerKey {
    /// The deployment's key, made by the first instance that needs it.
    pub async fn load(db: &Db, now: chrono::DateTime<chrono::Utc>) -> Result<Self, sqlx::Error> {
        sqlx::query(
            "INSERT INTO server_keys (name, secret, created_at) VALUES ('signing', $1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(super::secrets::new_token(""))
        .bind(timestamp(now))
        .execute(&db.pool)
        .await?;
        let secret: String = sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = 'signing'")
            .fetch_one(&db.pool)
            .await?;
        Ok(Self(secret.into_bytes()))
    }

    /// A key for unit tests.
    pub fn from_secret(secret: &str) -> Self {
        Self(secret.as_bytes().to_vec())
    }

    /// The signature of `message` for one `purpose` (hex), so that a value
    /// signed for one use is worth nothing for another.
    pub fn sign(&self, purpose: &str, message: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(message.as_bytes());
        super::secrets::hex(&mac.finalize().into_bytes())
    }

    /// Whether `signature` is this key's for `message` and `purpose`.
    pub fn verify(&self, purpose: &str, message: &str, signature: &str) -> bool {
        super::secrets::same_secret(&self.sign(purpose, message), signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_key_purpose_and_message_only() {
        let key = ServerKey::from_secret("k1");
        let signature = key.sign("csrf", "session:12");
        assert!(key.verify("csrf", "session:12", &signature));
        assert!(!key.verify("csrf", "session:13", &signature));
        assert!(!key.verify("device", "session:12", &signature));
        assert!(!ServerKey::from_secret("k2").verify("csrf", "session:12", &signature));
    }
}
