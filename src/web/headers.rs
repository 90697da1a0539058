//! Security headers on every response.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// Scripts and styles come only from our own `/static`; nothing may frame us.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Browsers that reached us once over HTTPS keep to it for a year.
const HSTS: &str = "max-age=31536000; includeSubDomains";

pub fn security_headers(config: &crate::config::Config) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let hsts = config
        .secure_cookies()
        .then_some((header::STRICT_TRANSPORT_SECURITY, HSTS));
    [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ]
    .into_iter()
    .chain(hsts)
    .map(|(name, value)| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
    .collect()
}
