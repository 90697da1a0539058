//! Calendars: the personal feed secret that calendar programs and feed
//! readers use instead of a login, the time zones events are given in, and
//! iCalendar files. Each capability serves its own feeds with these.

pub mod feeds;
pub mod ical;
mod zones;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::auth::Person;
use crate::i18n::Lang;
pub use zones::{ZONES, of_country, offered, to_utc};

/// A feed's answer: `events` as a calendar titled with the message `name`
/// in the subscriber's language. Programs may keep it a quarter of an hour.
pub fn feed(subscriber: &Person, name: &str, events: &[ical::Event], now: DateTime<Utc>) -> Response {
    let name = Lang::stored(subscriber.language.as_deref()).t(name);
    (
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CACHE_CONTROL, "private, max-age=900"),
        ],
        ical::calendar(name, events, now),
    )
        .into_response()
}

/// The host events' unique ids end with: that of the public address.
pub fn domain(public_url: &str) -> &str {
    public_url
        .trim_end_matches('/')
        .split("://")
        .nth(1)
        .unwrap_or("passerelle")
}
