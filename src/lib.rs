//! Passerelle: where prison administrations and voluntary organisations
//! coordinate their volunteers.
//!
//! Code is grouped by capability (`organisations`, `audit`, `auth`...); the
//! shared plumbing (`db`, `web`, `i18n`, `error`) is small and lives apart.
//! `app::router` mounts every route in one place.

pub mod account;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod authorisations;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod establishments;
pub mod home;
pub mod i18n;
pub mod imports;
pub mod inbox;
pub mod mail;
pub mod ops;
pub mod organisations;
pub mod people;
pub mod permissions;
pub mod scheduler;
pub mod tabular;
pub mod web;
