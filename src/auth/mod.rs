//! Who is asking: login, sessions, personal API tokens, password reset.

pub mod keys;
mod login;
mod ratelimit;
mod reset;
pub mod secrets;
pub mod sessions;

use axum::Router;
use axum::routing::get;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::app::AppState;
use crate::db::Db;
use crate::i18n::Message;
use crate::permissions::{Actor, Membership, Role, Scope};

/// The person behind a session or a token.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub language: Option<String>,
    pub platform_admin: bool,
}

impl FromRow<'_, AnyRow> for Person {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            language: row.try_get("language")?,
            platform_admin: row.try_get::<i64, _>("platform_admin")? == 1,
        })
    }
}

/// A signed-in person and what they may do.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub person: Person,
    pub actor: Actor,
    /// The browser session, absent for API tokens.
    pub session_id: Option<i64>,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", axum::routing::post(login::logout))
        .route("/password/forgot", get(reset::forgot_form).post(reset::forgot_submit))
        .route(
            "/password/reset/{token}",
            get(reset::reset_form).post(reset::reset_submit),
        )
}

#[derive(FromRow)]
struct MembershipRow {
    id: i64,
    organisation_id: i64,
    acronym: String,
    kind: String,
    country: String,
    role: String,
    scope_kind: String,
    scope_section_id: Option<i64>,
}

/// The active memberships of a person, as the permission rules see them.
pub async fn load_actor(db: &Db, person: &Person) -> Result<Actor, sqlx::Error> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT m.id, m.organisation_id, o.acronym, o.kind, o.country, m.role, m.scope_kind, m.scope_section_id \
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.person_id = $1 AND m.ended_at IS NULL ORDER BY o.acronym, m.id",
    )
    .bind(person.id)
    .fetch_all(&db.pool)
    .await?;
    let memberships = rows
        .into_iter()
        .filter_map(|r| {
            let scope = match (r.scope_kind.as_str(), r.scope_section_id) {
                ("section", Some(id)) => Scope::Section(id),
                // Establishment lists arrive with the directory; until then an
                // establishment-scoped membership covers none.
                ("establishments", _) => Scope::Establishments(Vec::new()),
                _ => Scope::Organisation,
            };
            Some(Membership {
                id: r.id,
                organisation_id: r.organisation_id,
                organisation_acronym: r.acronym,
                administration: r.kind == "prison_administration",
                country: r.country,
                role: Role::parse(&r.role)?,
                scope,
            })
        })
        .collect();
    Ok(Actor {
        person_id: person.id,
        platform_admin: person.platform_admin,
        memberships,
    })
}

/// The person who owns an active API token, if any; records its use.
pub async fn person_for_api_token(db: &Db, token: &str, now: &str) -> Result<Option<Person>, sqlx::Error> {
    let hash = secrets::token_hash(token);
    let person: Option<Person> = sqlx::query_as(
        "SELECT p.id, p.email, p.name, p.language, p.platform_admin FROM api_tokens t \
         JOIN persons p ON p.id = t.person_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND p.active = 1",
    )
    .bind(&hash)
    .fetch_optional(&db.pool)
    .await?;
    if person.is_some() {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(person)
}

/// Finds an active person by email (emails are stored lower-case).
pub async fn find_person_by_email(db: &Db, email: &str) -> Result<Option<(Person, Option<String>)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        person: Person,
        password_hash: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, email, name, language, platform_admin, password_hash FROM persons \
         WHERE email = $1 AND active = 1",
    )
    .bind(normalise_email(email))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| (r.person, r.password_hash)))
}

/// An active person by id.
pub async fn find_person_by_id(db: &Db, id: i64) -> Result<Option<Person>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, name, language, platform_admin FROM persons WHERE id = $1 AND active = 1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Emails compare without case or surrounding spaces.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub const MESSAGES: &[Message] = &[
    ("login.title", "Connexion", "Log in"),
    ("login.email", "Adresse e-mail", "Email address"),
    ("login.password", "Mot de passe", "Password"),
    ("login.submit", "Se connecter", "Log in"),
    (
        "login.failed",
        "Adresse e-mail ou mot de passe incorrect.",
        "Wrong email address or password.",
    ),
    ("login.forgot", "Mot de passe oublié ?", "Forgot your password?"),
    (
        "login.intro",
        "Passerelle relie les administrations pénitentiaires et les associations qui interviennent en détention.",
        "Passerelle connects prison administrations and the voluntary organisations that work in prisons.",
    ),
    (
        "login.throttled",
        "Trop de tentatives de connexion. Pour protéger votre compte, réessayez dans 15 minutes.",
        "Too many login attempts. To protect your account, try again in 15 minutes.",
    ),
    ("logout.done", "Vous êtes déconnecté·e.", "You are logged out."),
    ("forgot.title", "Mot de passe oublié", "Forgot your password"),
    (
        "forgot.intro",
        "Indiquez votre adresse e-mail : si elle correspond à un compte, vous recevrez un lien pour choisir un nouveau mot de passe.",
        "Enter your email address: if it matches an account, you will receive a link to choose a new password.",
    ),
    ("forgot.submit", "Envoyer le lien", "Send the link"),
    (
        "forgot.sent",
        "Si cette adresse correspond à un compte, un lien vient d'y être envoyé. Il est valable une heure.",
        "If this address matches an account, a link has just been sent to it. It is valid for one hour.",
    ),
    (
        "reset.title",
        "Choisir un nouveau mot de passe",
        "Choose a new password",
    ),
    ("reset.new", "Nouveau mot de passe", "New password"),
    ("reset.confirm", "Confirmez le mot de passe", "Confirm the password"),
    ("reset.submit", "Enregistrer le mot de passe", "Save the password"),
    (
        "reset.invalid",
        "Ce lien n'est plus valable. Demandez-en un nouveau.",
        "This link is no longer valid. Ask for a new one.",
    ),
    (
        "reset.done",
        "Votre mot de passe est enregistré. Vous pouvez vous connecter.",
        "Your password is saved. You can log in.",
    ),
    (
        "reset.mail_subject",
        "Passerelle : choisir un nouveau mot de passe",
        "Passerelle: choose a new password",
    ),
    (
        "reset.mail_body",
        "Bonjour,\n\nPour choisir un nouveau mot de passe Passerelle, ouvrez dans l'heure le lien ci-dessous.\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
        "Hello,\n\nTo choose a new Passerelle password, open the link below within the hour.\n\nIf you did not ask for this, ignore this message: your password does not change.",
    ),
    (
        "reset.done_mail_subject",
        "Passerelle : votre mot de passe a été changé",
        "Passerelle: your password was changed",
    ),
    (
        "reset.done_mail_body",
        "Bonjour,\n\nLe mot de passe de votre compte Passerelle vient d'être changé par le lien envoyé à cette adresse. Par précaution, toutes vos sessions ont été fermées et vos jetons d'accès à l'API révoqués : créez-en de nouveaux depuis « Mon compte » si vous en utilisiez.\n\nSi vous n'êtes pas à l'origine de ce changement, demandez aussitôt un nouveau lien depuis la page de connexion et prévenez votre coordinateur.",
        "Hello,\n\nThe password of your Passerelle account has just been changed through the link sent to this address. As a precaution, all your sessions were closed and your API tokens revoked: create new ones from \"My account\" if you used any.\n\nIf you did not make this change, ask for a new link from the login page at once and tell your coordinator.",
    ),
    (
        "password.too_short",
        "Le mot de passe doit compter au moins 10 caractères.",
        "The password must be at least 10 characters long.",
    ),
    (
        "password.mismatch",
        "Les deux mots de passe ne sont pas identiques.",
        "The two passwords are not the same.",
    ),
    (
        "password.hint",
        "Au moins 10 caractères. Une phrase facile à retenir convient très bien.",
        "At least 10 characters. A sentence easy to remember works well.",
    ),
];
