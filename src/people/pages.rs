//! People pages: the member list with its exports, one person, invitations.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::actions::{self, Invitation};
use super::store::{self, MemberRow, PeopleFilter, Section};
use crate::error::{AppError, AppResult};
use crate::permissions::Mission;
use crate::permissions::{Action, Role};
use crate::state::AppState;
use crate::tabular::{Cell, Sheet};
use crate::web::choices::Choice;
use crate::web::extract::{Form, Path, Query};
use crate::web::list::{Links, ListQuery, Paged};
use crate::web::{Ctx, Flash, done, form_status, redirect};

fn organisations(ctx: &Ctx, action: fn(i64) -> Action<'static>) -> AppResult<Vec<Choice>> {
    let user = ctx.user()?;
    let mut choices: Vec<Choice> = user
        .actor
        .memberships
        .iter()
        .filter(|m| user.actor.can(action(m.organisation_id)))
        .map(Choice::from)
        .collect();
    choices.dedup_by(|a, b| a.value == b.value);
    Ok(choices)
}

#[derive(Template, WebTemplate)]
#[template(path = "people/templates/list.html")]
pub struct ListPage {
    ctx: Ctx,
    page: Paged<MemberRow>,
    query: ListQuery,
    links: Links,
    organisations: Vec<Choice>,
    roles: [Role; 5],
    can_invite: bool,
    /// Invitations to the organisations the viewer manages, not answered yet.
    offers: Vec<store::Offer>,
}

impl ListPage {
    fn link(&self, page: i64) -> String {
        self.links.page(page)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<PeopleFilter>,
) -> AppResult<ListPage> {
    let user = ctx.user()?;
    if !user.actor.platform_admin && user.actor.member_organisations().is_empty() {
        return Err(AppError::Forbidden);
    }
    let page = store::list(&state.db, &user.actor, &query, &filter, state.clock.now().date_naive()).await?;
    let organisations = organisations(&ctx, Action::ViewMembers)?;
    let managed: Vec<i64> = self::organisations(&ctx, Action::ManageMembers)?
        .iter()
        .filter_map(|c| c.value.parse().ok())
        .collect();
    let can_invite = !managed.is_empty();
    let offers = store::offers(&state.db, store::OffersOf::Organisations(&managed)).await?;
    let links = Links::new(
        "/people",
        &query,
        &[
            ("organisation", filter.organisation.as_deref()),
            ("role", filter.role.as_deref()),
            ("memberships", filter.memberships.as_deref()),
            ("lacking", filter.lacking.as_deref()),
        ],
    );
    Ok(ListPage {
        ctx,
        page,
        query,
        links,
        organisations,
        roles: Role::ALL,
        can_invite,
        offers,
    })
}

const COLUMNS: &[(&str, &str)] = &[
    ("name", "organisation.member_name"),
    ("email", "organisation.member_email"),
    ("phone", "people.phone"),
    ("organisation", "authorisation.organisation"),
    ("role", "organisation.member_role"),
    ("section", "people.section"),
    ("started_at", "organisation.member_since"),
    ("ended_at", "people.ended"),
];

async fn sheet(state: &AppState, ctx: &Ctx, query: &ListQuery, filter: &PeopleFilter) -> AppResult<Sheet> {
    let user = ctx.user()?;
    let rows = store::all(&state.db, &user.actor, query, filter, state.clock.now().date_naive()).await?;
    Ok(Sheet {
        name: "people",
        columns: COLUMNS,
        rows: rows
            .into_iter()
            .map(|m| {
                vec![
                    Cell::from(m.name),
                    m.email.into(),
                    m.phone.into(),
                    m.organisation.into(),
                    m.role.into(),
                    m.section.into(),
                    m.started_at.into(),
                    m.ended_at.into(),
                ]
            })
            .collect(),
    })
}

/// The filtered list as a CSV (`XLSX` false) or Excel file.
pub async fn export<const XLSX: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
    Query(filter): Query<PeopleFilter>,
) -> AppResult<Response> {
    sheet(&state, &ctx, &query, &filter).await?.download(XLSX, ctx.lang)
}

#[derive(Template, WebTemplate)]
#[template(path = "people/templates/person.html")]
pub struct PersonPage {
    ctx: Ctx,
    qualifications: Vec<crate::training::store::Qualification>,
    /// Required qualifications lacking: (organisation, qualification).
    missing: Vec<(String, String)>,
    today: String,
    person_id: i64,
    memberships: Vec<MemberRow>,
    sections: Vec<Section>,
    roles: [Role; 5],
    missions: &'static [Mission],
    can_deactivate: bool,
}

impl PersonPage {
    fn manages(&self, m: &MemberRow) -> bool {
        let role = Role::parse(&m.role).unwrap_or(Role::Volunteer);
        m.ended_at.is_none()
            && self
                .ctx
                .user
                .as_ref()
                .is_some_and(|u| u.actor.can(Action::AssignRole(m.organisation_id, role)))
    }

    fn sections_of(&self, organisation: &i64) -> Vec<&Section> {
        self.sections
            .iter()
            .filter(|s| s.organisation_id == *organisation)
            .collect()
    }
}

pub async fn person(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<PersonPage> {
    let user = ctx.user()?;
    let memberships = store::person(&state.db, &user.actor, id).await?;
    let organisations: Vec<i64> = memberships.iter().map(|m| m.organisation_id).collect();
    let sections = store::sections(&state.db, &organisations).await?;
    let can_deactivate = memberships.first().is_some_and(|m| m.active == 1)
        && id != user.person.id
        && (user.actor.platform_admin
            || memberships
                .iter()
                .filter(|m| m.ended_at.is_none())
                .all(|m| user.actor.can(Action::AssignRole(m.organisation_id, Role::OrgAdmin))));
    let today = state.clock.now().date_naive();
    let qualifications = crate::training::store::qualifications_of(&state.db, id).await?;
    let missing = crate::training::store::missing_of(&state.db, id, today).await?;
    Ok(PersonPage {
        ctx,
        qualifications,
        missing,
        today: today.to_string(),
        person_id: id,
        memberships,
        sections,
        roles: Role::ALL,
        missions: Mission::ALL,
        can_deactivate,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "people/templates/invite.html")]
pub struct InvitePage {
    ctx: Ctx,
    organisations: Vec<Choice>,
    sections: Vec<Section>,
    roles: [Role; 5],
    missions: &'static [Mission],
    input: Invitation,
    error: Option<&'static str>,
}

impl InvitePage {
    fn section_chosen(&self, id: &i64) -> bool {
        self.input.section == Some(*id)
    }
}

async fn invite_page(
    state: &AppState,
    ctx: Ctx,
    input: Invitation,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let organisations = if ctx.user()?.actor.platform_admin {
        sqlx::query_as("SELECT CAST(id AS TEXT) AS value, acronym AS label FROM organisations ORDER BY acronym")
            .fetch_all(&state.db.pool)
            .await?
    } else {
        organisations(&ctx, Action::ManageMembers)?
    };
    if organisations.is_empty() {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<i64> = organisations.iter().filter_map(|o| o.value.parse().ok()).collect();
    let sections = store::sections(&state.db, &ids).await?;
    let status = form_status(error.is_some());
    Ok((
        status,
        InvitePage {
            ctx,
            organisations,
            sections,
            roles: Role::ALL,
            missions: Mission::ALL,
            input,
            error,
        },
    )
        .into_response())
}

pub async fn invite_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let input = Invitation {
        role: "volunteer".into(),
        ..Default::default()
    };
    invite_page(&state, ctx, input, None).await
}

#[derive(serde::Deserialize)]
pub struct InviteForm {
    email: String,
    #[serde(default)]
    name: String,
    organisation: String,
    role: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    mission: String,
}

pub async fn invite(State(state): State<AppState>, ctx: Ctx, Form(form): Form<InviteForm>) -> AppResult<Response> {
    let user = ctx.user()?;
    let input = Invitation {
        email: form.email,
        name: form.name,
        organisation: form.organisation.parse().unwrap_or(0),
        role: form.role,
        section: form.section.parse().ok(),
        mission: Some(form.mission),
    };
    match actions::invite(&state, user, &ctx.request_id, &input).await {
        Ok(()) => Ok(done(&state, "/people#invitations", "people.invited")),
        Err(err) => {
            let message = err.into_form_message()?;
            invite_page(&state, ctx.clone(), input, Some(message)).await
        }
    }
}

/// The invited person accepts or declines, from their account page.
pub async fn answer_offer<const ACCEPT: bool>(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::answer_offer(&state, ctx.user()?, &ctx.request_id, id, ACCEPT).await?;
    let (to, key) = if ACCEPT {
        ("/", "people.offer_accepted")
    } else {
        ("/account#invitations", "people.offer_declined")
    };
    Ok(done(&state, to, key))
}

#[derive(serde::Deserialize)]
pub struct MembershipForm {
    role: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    mission: String,
}

pub async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<MembershipForm>,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let to = actions::MembershipChange {
        role: &form.role,
        section: form.section.parse().ok(),
        mission: Some(&form.mission),
    };
    let person = actions::change(&state, user, &ctx.request_id, id, to).await?;
    Ok(redirect(
        &state,
        &format!("/people/{person}"),
        Some(Flash {
            key: "people.membership_saved",
            error: false,
        }),
    ))
}

pub async fn end(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    let person = actions::end(&state, user, &ctx.request_id, id).await?;
    Ok(redirect(
        &state,
        &format!("/people/{person}"),
        Some(Flash {
            key: "people.membership_ended",
            error: false,
        }),
    ))
}

pub async fn deactivate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.user()?;
    actions::deactivate(&state, user, &ctx.request_id, id).await?;
    Ok(redirect(
        &state,
        &format!("/people/{id}"),
        Some(Flash {
            key: "people.deactivated",
            error: false,
        }),
    ))
}
