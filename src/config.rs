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
    /// Peers whose `X-Forwarded-For` header names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// `/metrics` is served only to requests bearing this token.
    pub metrics_token: Option<Secret>,
    /// After SIGTERM, how long requests in flight may take before the
    /// server stops anyway.
    pub shutdown_timeout: std::time::Duration,
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

    /// The client behind a request from `peer`: the peer itself, unless it
    /// is a trusted proxy; then the right-most hop of `X-Forwarded-For` that
    /// is not one (hops further left are whatever the client chose to send).
    pub fn client_address(&self, peer: std::net::IpAddr, forwarded_for: Option<&str>) -> std::net::IpAddr {
        let trusted = |ip: &std::net::IpAddr| self.trusted_proxies.iter().any(|net| net.contains(ip));
        // A server listening on `[::]` sees IPv4 peers as `::ffff:a.b.c.d`.
        let mut client = peer.to_canonical();
        if !trusted(&client) {
            return client;
        }
        for hop in forwarded_for.unwrap_or("").rsplit(',') {
            match hop.trim().parse::<std::net::IpAddr>() {
                Ok(ip) => client = ip.to_canonical(),
                Err(_) => break,
            }
            if !trusted(&client) {
                break;
            }
        }
        client
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
            trusted_proxies: Vec::new(),
            metrics_token: None,
            shutdown_timeout: std::time::Duration::from_secs(30),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn behind(proxies: &[&str]) -> Config {
        let mut config = Config::for_database("sqlite::memory:", PathBuf::new());
        config.trusted_proxies = proxies.iter().map(|p| p.parse().unwrap()).collect();
        config
    }

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() {
        let peer = "203.0.113.9".parse().unwrap();
        // A client's own header is ignored when no proxy is trusted...
        assert_eq!(behind(&[]).client_address(peer, Some("198.51.100.1")), peer);
        // ...and when it connects directly although proxies are configured.
        assert_eq!(behind(&["10.0.0.0/8"]).client_address(peer, Some("198.51.100.1")), peer);
    }

    #[test]
    fn behind_proxies_the_right_most_untrusted_hop_is_the_client() {
        let config = behind(&["10.0.0.0/8", "::1/128"]);
        let proxy = "10.1.2.3".parse().unwrap();
        // The left-most values are the client's to choose: rotating them changes nothing.
        for forged in ["1.1.1.1", "2.2.2.2, 3.3.3.3", "nonsense"] {
            let header = format!("{forged}, 198.51.100.7, 10.9.9.9");
            assert_eq!(
                config.client_address(proxy, Some(&header)),
                "198.51.100.7".parse::<std::net::IpAddr>().unwrap()
            );
        }
        assert_eq!(config.client_address(proxy, None), proxy);
        let mapped = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(
            config.client_address(mapped, Some("198.51.100.7")),
            "198.51.100.7".parse::<std::net::IpAddr>().unwrap(),
            "an IPv4 proxy seen through an IPv6 socket"
        );
        assert_eq!(config.client_address(proxy, Some("garbage")), proxy);
    }
}
