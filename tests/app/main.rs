//! Integration tests: each test starts the real application on a random port
//! with its own database: a fresh SQLite file, or, when
//! `PASSERELLE_TEST_POSTGRES` names a PostgreSQL database, a fresh schema in it.
//! Grouped like the routes; `matrix` checks every route against every role.

mod accounts;
mod activities;
mod agreements;
mod api;
mod architecture;
mod audit;
mod auth;
mod authorisations;
mod builders;
mod cli;
mod competences;
mod coverage;
mod demo;
mod diagnoses;
mod establishments;
mod helpers;
mod indicator_sets;
mod indicators;
mod languages;
mod mail;
mod matrix;
mod meetings;
mod openapi;
mod ops;
mod organisations;
mod people;
mod practices;
mod publications;
mod referrals;
mod reminders;
mod security;
mod standards;
mod training;
mod uploads;
