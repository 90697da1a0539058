//! Passerelle: where prison administrations and voluntary organisations
//! coordinate their volunteers.
//!
//! Code is grouped by capability (`organisations`, `audit`, `auth`...); the
//! shared plumbing (`db`, `web`, `i18n`, `error`) is small and lives apart.
//! `app::router` mounts every route in one place.

/// An enum stored as text, with its catalogue label `"<prefix>.<text>"`:
/// `ALL`, `as_str`, `parse` and `label`. The text must be the variant's
/// name in snake_case, which is also how serde writes it.
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident ($prefix:literal) {
        $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }

            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => concat!($prefix, ".", $text)),+ }
            }
        }
    };
}

pub mod account;
pub mod activities;
pub mod agreements;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod authorisations;
pub mod bench;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod competences;
pub mod config;
pub mod coverage;
pub mod db;
pub mod demo;
pub mod diagnoses;
pub mod error;
pub mod establishments;
pub mod fields;
pub mod home;
pub mod i18n;
pub mod imports;
pub mod inbox;
pub mod indicators;
pub mod mail;
pub mod meetings;
pub mod networks;
pub mod ops;
pub mod organisations;
pub mod pdf;
pub mod people;
pub mod permissions;
pub mod practices;
pub mod referrals;
pub mod scheduler;
pub mod standards;
pub mod state;
pub mod tabular;
pub mod training;
pub mod web;
