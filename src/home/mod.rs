//! The home page: who I am here, in which organisations, with which roles.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::routing::get;

use crate::app::AppState;
use crate::error::AppResult;
use crate::i18n::Message;
use crate::web::Ctx;

#[derive(Template, WebTemplate)]
#[template(path = "home/templates/home.html")]
struct HomePage {
    ctx: Ctx,
}

async fn home(ctx: Ctx) -> AppResult<HomePage> {
    ctx.user()?;
    Ok(HomePage { ctx })
}

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

pub const MESSAGES: &[Message] = &[
    ("home.title", "Accueil", "Home"),
    ("home.welcome", "Bonjour {}", "Hello {}"),
    ("home.memberships", "Mes organisations", "My organisations"),
    (
        "home.no_membership",
        "Vous n'êtes membre d'aucune organisation pour l'instant.",
        "You are not a member of any organisation yet.",
    ),
    (
        "home.platform_admin",
        "Vous administrez la plateforme : vous pouvez créer des organisations et lire tout le journal d'audit.",
        "You administer the platform: you can create organisations and read the whole audit log.",
    ),
];
