//! What every handler may use. It names no capability: each keeps what it
//! needs between requests through [`AppState::kept`].

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::mail::Mailer;
use crate::ops::Metrics;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<Clock>,
    pub mailer: Mailer,
    pub metrics: Arc<Metrics>,
    /// What capabilities keep between requests, one value per type.
    kept: Arc<Kept>,
    /// The deployment's signing key, read from the database on first use.
    key: Arc<tokio::sync::OnceCell<crate::auth::keys::ServerKey>>,
}

impl AppState {
    pub fn new(db: Db, config: Config, clock: Arc<Clock>) -> Result<Self, crate::error::AppError> {
        let mailer = Mailer::from_config(&config.mail)?;
        let metrics = Arc::new(Metrics::new(db.clone()));
        Ok(Self {
            db,
            config: Arc::new(config),
            clock,
            mailer,
            metrics,
            kept: Arc::default(),
            key: Arc::default(),
        })
    }

    /// The deployment's signing key (see [`crate::auth::keys`]).
    pub async fn server_key(&self) -> Result<&crate::auth::keys::ServerKey, sqlx::Error> {
        self.key
            .get_or_try_init(|| crate::auth::keys::ServerKey::load(&self.db, self.clock.now()))
            .await
    }

    /// The one value of type `T` kept for this deployment's process, made
    /// on first use; a capability keeps its caches here without this module
    /// knowing of them.
    pub fn kept<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut kept = self.kept.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let value = kept.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(T::default()));
        Arc::clone(value).downcast().expect("kept under its own type")
    }
}

#[derive(Default)]
struct Kept(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);
