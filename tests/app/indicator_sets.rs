//! Indicator sets agreed within a network or an agreement: proposed by one
//! party, accepted by all, then frozen; figures say which version they are.

use crate::helpers::*;

/// A network coordinated by ANVP with Auxilia as a member; the demo's
/// ANVP–Auxilia agreements too.
pub async fn network(app: &TestApp) -> i64 {
    passerelle::demo::seed_agreements(&app.state).await.unwrap();
    let (anvp, auxilia) = (app.organisation_id("ANVP").await, app.organisation_id("AUXILIA").await);
    let anvp_admin = app.login(ANVP_ADMIN).await;
    let created = anvp_admin
        .post(
            "/networks",
            &[
                ("name", "Groupe national de concertation"),
                ("coordinator_id", &anvp.to_string()),
            ],
        )
        .await;
    let network: i64 = location(&created).trim_start_matches("/networks/").parse().unwrap();
    let member = [("organisation_id", auxilia.to_string())];
    let member: Vec<(&str, &str)> = member.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let auxilia_admin = app.login(AUXILIA_ADMIN).await;
    auxilia_admin
        .post(&format!("/networks/{network}/request"), &member)
        .await;
    let accepted = anvp_admin.post(&format!("/networks/{network}/accept"), &member).await;
    assert_eq!(accepted.status(), 303);
    network
}

/// The ids of the first `n` indicators of the catalogue.
pub async fn indicators(app: &TestApp, n: i64) -> Vec<String> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM indicators ORDER BY position LIMIT $1")
        .bind(n)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    ids.iter().map(i64::to_string).collect()
}

/// A set ANVP's administrator proposes in `agreement`, waiting for Auxilia.
pub async fn proposed_in_agreement(app: &TestApp, agreement: i64) -> i64 {
    let chosen = indicators(app, 1).await;
    let (agreement, anvp) = (agreement.to_string(), app.organisation_id("ANVP").await.to_string());
    let proposed = app
        .login(ANVP_ADMIN)
        .await
        .post(
            "/indicator-sets",
            &[
                ("agreement_id", agreement.as_str()),
                ("organisation_id", anvp.as_str()),
                ("name", "Suivi"),
                ("indicator", chosen[0].as_str()),
            ],
        )
        .await;
    location(&proposed)
        .trim_start_matches("/indicator-sets/")
        .parse()
        .unwrap()
}

async fn agreed_at(app: &TestApp, set: i64) -> Option<String> {
    sqlx::query_scalar("SELECT agreed_at FROM indicator_sets WHERE id = $1")
        .bind(set)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn partners_agree_a_set_in_a_network_and_its_version_is_frozen() {
    let app = TestApp::spawn().await;
    let network = network(&app).await;
    let (anvp, auxilia) = (app.organisation_id("ANVP").await, app.organisation_id("AUXILIA").await);
    let anvp_admin = app.login(ANVP_ADMIN).await;
    let (_, page) = anvp_admin.get_text(&format!("/networks/{network}")).await;
    assert!(
        page.contains(&format!("/indicator-sets/new?network={network}")),
        "a party's admin may propose"
    );
    let chosen = indicators(&app, 3).await;
    let (network_field, anvp_field) = (network.to_string(), anvp.to_string());
    let mut fields = vec![
        ("network_id", network_field.as_str()),
        ("organisation_id", anvp_field.as_str()),
        ("name", "Indicateurs du GNCP"),
    ];
    // Nothing chosen: the form again, with the name kept.
    let refused = anvp_admin.post("/indicator-sets", &fields).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("Choose at least one indicator") && body.contains("Indicateurs du GNCP"));
    fields.extend(chosen.iter().map(|id| ("indicator", id.as_str())));
    let proposed = anvp_admin.post("/indicator-sets", &fields).await;
    assert_eq!(proposed.status(), 303);
    let set: i64 = location(&proposed)
        .trim_start_matches("/indicator-sets/")
        .parse()
        .unwrap();
    assert_eq!(agreed_at(&app, set).await, None, "Auxilia has not answered");
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN memberships m ON m.person_id = n.person_id \
         WHERE m.organisation_id = $1 AND m.role = 'org_admin' AND n.link = $2",
    )
    .bind(auxilia)
    .bind(format!("/indicator-sets/{set}"))
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(told >= 1, "Auxilia's administrators are told");

    let auxilia_admin = app.login(AUXILIA_ADMIN).await;
    let path = format!("/indicator-sets/{set}");
    let auxilia_field = auxilia.to_string();
    let why = auxilia_admin
        .post(
            &format!("{path}/decline"),
            &[("organisation_id", &auxilia_field), ("comment", "")],
        )
        .await;
    assert_eq!(why.status(), 422, "declining says why");
    let declined = auxilia_admin
        .post(
            &format!("{path}/decline"),
            &[
                ("organisation_id", &auxilia_field),
                ("comment", "Il manque les heures de formation"),
            ],
        )
        .await;
    assert_eq!(declined.status(), 303);
    let (_, page) = auxilia_admin.get_text(&path).await;
    assert!(page.contains("Declined") && page.contains("Il manque les heures de formation"));
    assert_eq!(agreed_at(&app, set).await, None);
    let accepted = auxilia_admin
        .post(
            &format!("{path}/accept"),
            &[("organisation_id", &auxilia_field), ("comment", "")],
        )
        .await;
    assert_eq!(accepted.status(), 303);
    assert!(agreed_at(&app, set).await.is_some(), "every party accepted: agreed");
    let (_, page) = auxilia_admin.get_text(&path).await;
    assert!(
        page.contains("agreed on") && !page.contains(&format!("{path}/accept")),
        "frozen: no more answers"
    );
    assert!(
        page.contains(&format!("/indicators?set={set}")),
        "the figures of the set"
    );
    let (status, seen) = app.login(OBSERVER).await.get_text(&path).await;
    assert_eq!(status, 200, "networks are public");
    assert!(
        !seen.contains("/indicators?set="),
        "no link to live figures an observer may not open"
    );
    let late = auxilia_admin
        .post(
            &format!("{path}/decline"),
            &[("organisation_id", &auxilia_field), ("comment", "Trop tard")],
        )
        .await;
    assert_eq!(late.status(), 422);
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE object_type = 'indicator_set' AND object_id = $1")
            .bind(set.to_string())
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        audited, 3,
        "proposed, declined, accepted, and nothing for the late answer"
    );

    // The figures of the set, for anyone comparing: its three indicators,
    // each with its version.
    let staff = app.login(STAFF).await;
    let (status, page) = staff.get_text(&format!("/indicators?set={set}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Indicateurs du GNCP v1"));
    assert_eq!(
        page.matches("<th scope=\"row\">").count(),
        3,
        "only the set's indicators"
    );
    // A new version is proposed; the agreed one stays agreed.
    let again = anvp_admin.post("/indicator-sets", &fields).await;
    assert_eq!(again.status(), 303);
    let (_, page) = anvp_admin.get_text(&format!("/networks/{network}")).await;
    assert!(page.contains("Indicateurs du GNCP v2") && page.contains("Indicateurs du GNCP v1"));
    assert!(agreed_at(&app, set).await.is_some());
}

#[tokio::test]
async fn only_a_partys_administrator_proposes_or_answers_and_an_agreements_sets_are_its_parties_own() {
    let app = TestApp::spawn().await;
    let network = network(&app).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let volunteer = app.login(VOLUNTEER).await;
    let (status, _) = volunteer
        .get_text(&format!("/indicator-sets/new?network={network}"))
        .await;
    assert_eq!(status, 403);
    let chosen = indicators(&app, 1).await;
    let network_field = network.to_string();
    let fields = [
        ("network_id", network_field.as_str()),
        ("organisation_id", anvp.as_str()),
        ("name", "Mes indicateurs"),
        ("indicator", chosen[0].as_str()),
    ];
    let refused = volunteer.post("/indicator-sets", &fields).await;
    assert_eq!(refused.status(), 403, "no form to show them either");
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indicator_sets")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(none, 0);
    // An agreement's set: seen by its parties' people, not by others.
    let agreement: i64 = sqlx::query_scalar("SELECT MAX(agreement_id) FROM agreement_parties")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let anvp_admin = app.login(ANVP_ADMIN).await;
    let agreement_field = agreement.to_string();
    let proposed = anvp_admin
        .post(
            "/indicator-sets",
            &[
                ("agreement_id", agreement_field.as_str()),
                ("organisation_id", anvp.as_str()),
                ("name", "Indicateurs de la convention"),
                ("indicator", chosen[0].as_str()),
            ],
        )
        .await;
    assert_eq!(proposed.status(), 303);
    let path = location(&proposed);
    for (who, status) in [(OBSERVER, 404), (STAFF, 404), (AUXILIA_ADMIN, 200), (COORDINATOR, 200)] {
        let (got, _) = app.login(who).await.get_text(&path).await;
        assert_eq!(got, status, "{who} on {path}");
    }
    let (status, _) = app
        .login(OBSERVER)
        .await
        .get_text(&format!("/indicators?{}", path.replace("/indicator-sets/", "set=")))
        .await;
    assert_eq!(status, 404, "nor its figures");
}

#[tokio::test]
async fn an_agreements_evaluation_shows_its_agreed_indicators_beside_the_year_before() {
    let app = TestApp::spawn().await;
    passerelle::demo::seed_agreements(&app.state).await.unwrap();
    let pool = &app.state.db.pool;
    let (agreement, evaluation): (i64, i64) =
        sqlx::query_as("SELECT agreement_id, id FROM agreement_evaluations ORDER BY anniversary DESC LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap();
    let anvp_admin = app.login(ANVP_ADMIN).await;
    let page_path = format!("/agreements/{agreement}/evaluations/{evaluation}");
    let (_, before) = anvp_admin.get_text(&page_path).await;
    assert!(!before.contains("agreed-indicators"), "nothing agreed yet");
    let (anvp, auxilia) = (app.organisation_id("ANVP").await, app.organisation_id("AUXILIA").await);
    let chosen = indicators(&app, 2).await;
    let (agreement_field, anvp_field) = (agreement.to_string(), anvp.to_string());
    let proposed = anvp_admin
        .post(
            "/indicator-sets",
            &[
                ("agreement_id", agreement_field.as_str()),
                ("organisation_id", anvp_field.as_str()),
                ("name", "Suivi de la convention"),
                ("indicator", chosen[0].as_str()),
                ("indicator", chosen[1].as_str()),
            ],
        )
        .await;
    let set = location(&proposed);
    let (_, waiting) = anvp_admin.get_text(&page_path).await;
    assert!(!waiting.contains("agreed-indicators"), "proposed is not agreed");
    app.login(AUXILIA_ADMIN)
        .await
        .post(&format!("{set}/accept"), &[("organisation_id", &auxilia.to_string())])
        .await;
    let (status, page) = anvp_admin.get_text(&page_path).await;
    assert_eq!(status, 200);
    let section = page
        .split("id=\"agreed-indicators\"")
        .nth(1)
        .expect("the agreed indicators");
    let section = section.split("</section>").next().unwrap();
    assert!(section.contains("Suivi de la convention v1"));
    assert!(section.contains("Volunteers per 100 detainees") && section.contains("Establishments served"));
    assert_eq!(section.matches("<th scope=\"row\">").count(), 2);
    assert_eq!(
        section.matches("<td class=\"num\">").count(),
        4,
        "this year and the year before"
    );
}
