//! Meetings and a network (for `passerelle demo`): the national
//! consultation group coordinated by ANVP with Auxilia and a pending
//! request; an ANVP regional meeting in the DISP of Paris that invites
//! Auxilia's correspondents there by the convention; the establishment
//! meeting of Fresnes; a network plenary online; and a national meeting
//! already held, with attendance, minutes and a decision noted in the
//! convention's follow-up. Made through the same actions as the pages.

use chrono::Duration;

use super::cooperation::{id, signed_in};
use crate::error::AppResult;
use crate::meetings::actions::{self, MeetingInput};
use crate::state::AppState;

/// A meeting `days` from today at `time` in Paris.
fn meeting(kind: &str, title: &str, organisation: i64, days: i64, time: &str, state: &AppState) -> MeetingInput {
    MeetingInput {
        kind: kind.into(),
        title: title.into(),
        organisation_id: organisation,
        date: Some(state.clock.now().date_naive() + Duration::days(days)),
        time: time.into(),
        time_zone: "Europe/Paris".into(),
        duration_minutes: Some(120),
        ..MeetingInput::default()
    }
}

/// Adds the meetings unless some exist; how many were created.
pub async fn seed(state: &AppState) -> AppResult<u64> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM meetings LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let org = "SELECT id FROM organisations WHERE acronym = $1";
    let (anvp, auxilia, dap, slawek) = (
        id(state, org, "ANVP").await?,
        id(state, org, "AUXILIA").await?,
        id(state, org, "DAP").await?,
        id(state, org, "SLAWEK").await?,
    );
    let anvp_admin = signed_in(state, "national.anvp@passerelle.demo").await?;
    let auxilia_admin = signed_in(state, "national.auxilia@passerelle.demo").await?;
    let platform = signed_in(state, "admin@passerelle.demo").await?;
    let coordinator = signed_in(state, "coordinator@passerelle.demo").await?;
    let staff = signed_in(state, "staff@passerelle.demo").await?;
    let correspondent = signed_in(state, "correspondent@passerelle.demo").await?;

    let network = crate::networks::actions::create_network(
        state,
        &anvp_admin,
        "demo",
        "Groupe national de concertation prison (GNCP)",
        "Les associations et fédérations qui interviennent en prison se concertent et portent des positions communes auprès de l'administration pénitentiaire.",
        anvp,
    )
    .await?;
    crate::networks::actions::request_membership(state, &auxilia_admin, "demo", network, auxilia).await?;
    crate::networks::actions::decide_membership(state, &anvp_admin, "demo", network, auxilia, true).await?;
    crate::networks::actions::request_membership(state, &platform, "demo", network, slawek).await?;

    let paris = id(state, "SELECT id FROM regions WHERE name = $1", "DISP de Paris").await?;
    let regional = actions::create(
        state,
        &coordinator,
        "demo",
        &MeetingInput {
            region_id: Some(paris),
            place: "ANVP, 1 bis rue Robert Lindet, 75015 Paris".into(),
            agenda: "# Ordre du jour\n- Tour des établissements de la DISP\n- Visites et cours : **orientations croisées**\n- Formations ouvertes aux correspondants Auxilia".into(),
            ..meeting("regional", "Réunion régionale des visiteurs — DISP de Paris", anvp, 12, "14:00", state)
        },
    )
    .await?;
    actions::answer(state, &correspondent, "demo", regional, "yes").await?;
    let fresnes = id(state, "SELECT MIN(id) FROM establishments WHERE city = $1", "Fresnes").await?;
    actions::create(
        state,
        &staff,
        "demo",
        &MeetingInput {
            establishment_id: Some(fresnes),
            place: "Centre pénitentiaire de Fresnes, salle polyvalente".into(),
            agenda: "- Bilan du trimestre\n- Accès aux parloirs associatifs\n- Questions des intervenants".into(),
            ..meeting(
                "establishment",
                "Réunion des intervenants bénévoles — Fresnes",
                dap,
                20,
                "10:00",
                state,
            )
        },
    )
    .await?;
    actions::create(
        state,
        &anvp_admin,
        "demo",
        &MeetingInput {
            network_id: Some(network),
            online_link: "https://visio.example.org/gncp-pleniere".into(),
            agenda: "# Séance plénière\n- Positions communes pour la rencontre avec la DAP".into(),
            ..meeting("national", "Plénière du GNCP", anvp, 30, "09:30", state)
        },
    )
    .await?;
    held(state, (&anvp_admin, &correspondent), anvp).await?;
    Ok(4)
}

/// The national meeting held two months ago: planned like any other, then
/// moved to its past date (the only shortcut of the demo), with its
/// attendance, minutes and a decision noted in the convention's follow-up.
async fn held(
    state: &AppState,
    (admin, correspondent): (&crate::auth::SignedIn, &crate::auth::SignedIn),
    anvp: i64,
) -> AppResult<()> {
    let id = actions::create(
        state,
        admin,
        "demo",
        &MeetingInput {
            place: "Paris, Maison des associations".into(),
            ..meeting(
                "national",
                "Réunion nationale des responsables de l'ANVP",
                anvp,
                1,
                "10:00",
                state,
            )
        },
    )
    .await?;
    let invited = actions::InviteInput {
        emails: "coordinator@passerelle.demo correspondent@passerelle.demo".into(),
        ..actions::InviteInput::default()
    };
    actions::invite(state, admin, "demo", id, &invited).await?;
    actions::answer(state, correspondent, "demo", id, "yes").await?;
    let past = state.clock.now() - Duration::days(60);
    sqlx::query("UPDATE meetings SET starts_at = $1, local_date = $2 WHERE id = $3")
        .bind(crate::db::timestamp(past))
        .bind(past.date_naive().to_string())
        .bind(id)
        .execute(&state.db.pool)
        .await?;
    let minutes = "# Relevé de décisions\n- Les correspondants Auxilia sont invités à chaque réunion régionale, comme le prévoit la convention.\n- **Recensement** des établissements sans visiteur ni correspondant avant l'été.\n\nProchaine réunion nationale à l'automne.";
    let present: Vec<i64> = sqlx::query_scalar(
        "SELECT i.person_id FROM meeting_invitations i JOIN persons p ON p.id = i.person_id \
         WHERE i.meeting_id = $1 AND p.email <> 'national.auxilia@passerelle.demo'",
    )
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?;
    actions::record(state, admin, "demo", id, &present, minutes).await?;
    let category: Option<i64> = sqlx::query_scalar(
        "SELECT k.id FROM agreement_categories k JOIN agreements a ON a.id = k.agreement_id \
         WHERE a.replaces_id IS NOT NULL AND k.position = 4 ORDER BY a.id DESC LIMIT 1",
    )
    .fetch_optional(&state.db.pool)
    .await?;
    actions::decide(
        state,
        admin,
        "demo",
        id,
        "Inviter systématiquement les correspondants Auxilia aux réunions régionales de l'ANVP.",
        category,
    )
    .await
}
