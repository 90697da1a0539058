//! Typed configuration, from flags and environment (see `cli`).

use std::net::SocketAddr;
use std::path::PathBuf;

/// A secret that never reaches a log.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[secret]")
    }
}

/// Where outgoing mail goes.
#[derive(Clone, Debug)]
pub enum MailConfig {
    /// Each message is written as an `.eml` file in this folder (development).
    Outbox(PathBuf),
    /// An SMTP relay (`smtp://user:pass@host:587`, STARTTLS).
    Smtp { url: Secret, from: String },
}

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: Secret,
    /// The address people use to reach the server; links in emails start with it.
    pub public_url: String,
    pub mail: MailConfig,
    pub max_connections: u32,
    pub referrals: ReferralPolicy,
}

/// When an unaccepted referral reminds and escalates, and how long a closed
/// referral keeps its beneficiary's data.
#[derive(Clone, Copy, Debug)]
pub struct ReferralPolicy {
    pub remind_after_days: i64,
    pub escalate_after_days: i64,
    pub retention_months: u32,
}

impl Default for ReferralPolicy {
    fn default() -> Self {
        Self {
            remind_after_days: 14,
            escalate_after_days: 30,
            retention_months: 12,
        }
    }
}

impl Config {
    /// Cookies are marked `Secure` when the public address is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// A configuration for tests and tools: SQLite or PostgreSQL URL, outbox mail.
    pub fn for_database(database_url: &str, outbox: PathBuf) -> Self {
        Self {
            addr: ([127, 0, 0, 1], 0).into(),
            database_url: Secret::new(database_url.to_owned()),
            public_url: "http://127.0.0.1".into(),
            mail: MailConfig::Outbox(outbox),
            max_connections: 5,
            referrals: ReferralPolicy::default(),
        }
    }
}
