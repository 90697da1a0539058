//! Agreements: recorded by an administrator with commitments in three
//! categories, evaluated at each anniversary with reminders (the clock
//! moved), reported beside the year before; outsiders see nothing.

use chrono::Duration;
use passerelle::scheduler::Job;

use crate::helpers::*;

/// An ANVP–Auxilia agreement recorded by ANVP's admin, started a year ago
/// less 40 days, with three commitments in three categories; its id.
pub async fn recorded(app: &TestApp) -> i64 {
    let admin = app.login(ANVP_ADMIN).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let today = app.state.clock.now().date_naive();
    let starts = (today - Duration::days(365 - 40)).to_string();
    let ends = (today + Duration::days(4 * 365)).to_string();
    let response = admin
        .post(
            "/agreements",
            &[
                ("title", "Convention ANVP – Auxilia"),
                ("summary", "Promouvoir le droit aux visites et à la formation"),
                ("party", &anvp),
                (&format!("signatory_{anvp}"), "Benoît Ballenghien"),
                ("party", &auxilia),
                (&format!("signatory_{auxilia}"), "François Glaziou"),
                ("signed_on", &starts),
                ("starts_on", &starts),
                ("ends_on", &ends),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "agreement recorded");
    let id: i64 = location(&response).trim_start_matches("/agreements/").parse().unwrap();
    let categories: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM agreement_categories WHERE agreement_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(categories.len(), 6, "the usual categories");
    for (category, text) in [
        (
            categories[0],
            "Informer les personnes détenues des cours et des visites",
        ),
        (categories[1], "Rechercher des facilités de coopération avec les SPIP"),
        (categories[3], "Inviter les correspondants homologues aux réunions"),
    ] {
        let category = category.to_string();
        let response = admin
            .post(
                &format!("/agreements/{id}/commitments"),
                &[("category_id", &category), ("text", text), ("responsible", &anvp)],
            )
            .await;
        assert_eq!(response.status(), 303, "{text}");
    }
    id
}

async fn subjects(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.subject FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 ORDER BY n.id",
    )
    .bind(email)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

fn outcomes<'a>(items: &'a [(i64, &'a str)]) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for (commitment, outcome) in items {
        form.push(("commitment".to_owned(), commitment.to_string()));
        form.push((format!("outcome_{commitment}"), (*outcome).to_owned()));
        form.push((format!("comment_{commitment}"), format!("Bilan {outcome}")));
    }
    form
}

#[tokio::test]
async fn anniversaries_open_evaluations_with_reminders_and_reports_compare_years() {
    let app = TestApp::spawn().await;
    let id = recorded(&app).await;
    let commitments: Vec<i64> = sqlx::query_scalar("SELECT id FROM commitments WHERE agreement_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    let today = app.state.clock.now().date_naive();
    // 40 days before the anniversary nothing happens; 30 days before, the evaluation opens.
    assert_eq!(app.job(Job::AgreementReminders, today).await, 0);
    app.state.clock.advance(Duration::days(10));
    let day = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::AgreementReminders, day).await, 1);
    assert_eq!(app.job(Job::AgreementReminders, day).await, 0, "once");
    for admin in [ANVP_ADMIN, AUXILIA_ADMIN] {
        assert!(
            subjects(&app, admin)
                .await
                .iter()
                .any(|s| s.contains("Yearly evaluation open") || s.contains("Évaluation annuelle ouverte")),
            "{admin}"
        );
    }
    let evaluation: i64 = sqlx::query_scalar("SELECT id FROM agreement_evaluations WHERE agreement_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    // A coordinator of a party fills it in; closing needs every outcome and an admin.
    let coordinator = app.login(AUXILIA_COORDINATOR).await;
    let path = format!("/agreements/{id}/evaluations/{evaluation}");
    let form = outcomes(&[(commitments[0], "partly"), (commitments[1], "done")]);
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(coordinator.post(&path, &fields).await.status(), 303);
    let mut closing = fields.clone();
    closing.push(("close", "1"));
    let admin = app.login(ANVP_ADMIN).await;
    let refused = admin.post(&path, &closing).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Every commitment needs an outcome")
    );
    let form = outcomes(&[
        (commitments[0], "partly"),
        (commitments[1], "done"),
        (commitments[2], "not_done"),
    ]);
    let mut fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("close", "1"));
    assert_eq!(admin.post(&path, &fields).await.status(), 303);

    // On the anniversary itself, a reminder; a year later the next evaluation compares.
    app.state.clock.advance(Duration::days(30));
    let anniversary = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::AgreementReminders, anniversary).await, 1);
    app.state.clock.advance(Duration::days(365 - 30));
    let next = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::AgreementReminders, next).await, 1);
    let second: i64 = sqlx::query_scalar("SELECT MAX(id) FROM agreement_evaluations WHERE agreement_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let form = outcomes(&[
        (commitments[0], "done"),
        (commitments[1], "done"),
        (commitments[2], "not_applicable"),
    ]);
    let mut fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    fields.push(("close", "1"));
    let admin = app.login(AUXILIA_ADMIN).await;
    let path = format!("/agreements/{id}/evaluations/{second}");
    assert_eq!(admin.post(&path, &fields).await.status(), 303);
    let (_, report) = admin.get_text(&path).await;
    assert!(report.contains("trend-better"), "partly → done shows progress");
    assert!(report.contains(">better<") && report.contains(">same<"), "{report}");
    let pdf = admin.get(&format!("{path}/report.pdf")).await;
    assert_eq!(pdf.status(), 200);
    let text = crate::coverage::pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains("Previous year") && text.contains("better"), "{text}");
    let second_anniversary = (today + Duration::days(40 + 365)).format("%Y").to_string();
    assert!(report.contains("anniversary of") && report.contains(&second_anniversary));
}

#[tokio::test]
async fn only_the_parties_see_an_agreement_and_only_their_admins_change_it() {
    let app = TestApp::spawn().await;
    let id = recorded(&app).await;
    for email in [
        VOLUNTEER,
        COORDINATOR,
        AUXILIA_COORDINATOR,
        CORRESPONDENT,
        PLATFORM_ADMIN,
    ] {
        assert_eq!(
            app.login(email).await.get(&format!("/agreements/{id}")).await.status(),
            200,
            "{email}"
        );
    }
    for email in [STAFF, OBSERVER] {
        let browser = app.login(email).await;
        assert_eq!(browser.get(&format!("/agreements/{id}")).await.status(), 404, "{email}");
        let (_, list) = browser.get_text("/agreements").await;
        assert!(!list.contains("Convention ANVP"), "{email} does not see it listed");
    }
    // A volunteer of a party adds a follow-up note and news, not commitments.
    let volunteer = app.login(VOLUNTEER).await;
    let category: i64 = sqlx::query_scalar("SELECT MIN(id) FROM agreement_categories WHERE agreement_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let about = format!("category:{category}");
    let note = volunteer
        .post(
            &format!("/agreements/{id}/follow-ups"),
            &[
                ("about", &about),
                ("noted_on", &app.today()),
                ("text", "Affiche posée à Fresnes"),
                ("link", "https://example.org/affiche.pdf"),
            ],
        )
        .await;
    assert_eq!(note.status(), 303);
    let bad_link = volunteer
        .post(
            &format!("/agreements/{id}/follow-ups"),
            &[
                ("about", &about),
                ("noted_on", &app.today()),
                ("text", "Note"),
                ("link", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(bad_link.status(), 422);
    let category = category.to_string();
    let refused = volunteer
        .post(
            &format!("/agreements/{id}/commitments"),
            &[("category_id", &category), ("text", "Nouvel engagement")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let (_, page) = volunteer.get_text(&format!("/agreements/{id}")).await;
    assert!(page.contains("Affiche posée à Fresnes"));
    // An agreement whose parties the recorder does not administer is refused.
    let anvp = app.organisation_id("ANVP").await.to_string();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let refused = app
        .login(AUXILIA_ADMIN)
        .await
        .post(
            "/agreements",
            &[
                ("title", "Autre"),
                ("party", &anvp),
                ("starts_on", "2027-01-01"),
                ("ends_on", "2028-01-01"),
                ("draft", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422, "one party only");
    let not_theirs = app
        .login(COORDINATOR)
        .await
        .post(
            "/agreements",
            &[
                ("title", "Autre"),
                ("party", &anvp),
                ("party", &auxilia),
                ("starts_on", "2027-01-01"),
                ("ends_on", "2028-01-01"),
                ("draft", "1"),
            ],
        )
        .await;
    assert_eq!(not_theirs.status(), 403, "a coordinator records no agreement");
}

/// What the role matrix acts upon: an agreement with an open evaluation
/// and a second one to terminate; (agreement, evaluation, category, other).
pub async fn fixture(app: &TestApp) -> (i64, i64, i64, i64) {
    let id = recorded(app).await;
    let other = recorded(app).await;
    let soon = app.state.clock.now().date_naive() + Duration::days(10);
    app.job(Job::AgreementReminders, soon).await;
    let evaluation: i64 = sqlx::query_scalar("SELECT id FROM agreement_evaluations WHERE agreement_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let category: i64 = sqlx::query_scalar("SELECT MIN(id) FROM agreement_categories WHERE agreement_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    (id, evaluation, category, other)
}

#[tokio::test]
async fn the_api_and_the_atom_feed_serve_the_parties_only() {
    let app = TestApp::spawn().await;
    let (id, evaluation, category, _) = fixture(&app).await;
    let api = app.api(Some(&app.token(AUXILIA_COORDINATOR).await));
    let (status, detail) = api.get(&format!("/api/v1/agreements/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(detail["commitments"].as_array().unwrap().len(), 3);
    assert_eq!(detail["status"], "in_force");
    let (status, _) = app
        .api(Some(&app.token(STAFF).await))
        .get(&format!("/api/v1/agreements/{id}"))
        .await;
    assert_eq!(status, 404);
    // A coordinator fills the evaluation through the API, cannot close it.
    let (_, open) = api
        .get(&format!("/api/v1/agreements/{id}/evaluations/{evaluation}"))
        .await;
    let items: Vec<serde_json::Value> = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::json!({"commitment_id": i["commitment_id"], "outcome": "done"}))
        .collect();
    let path = format!("/api/v1/agreements/{id}/evaluations/{evaluation}");
    let put = |api: &Api, body: serde_json::Value| {
        let request = api.request(reqwest::Method::PUT, &path).json(&body);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(put(&api, serde_json::json!({"items": items})).await, 204);
    let closing = serde_json::json!({"items": items, "close": true});
    assert_eq!(put(&api, closing.clone()).await, 403);
    let (status, body) = api
        .send(
            reqwest::Method::PUT,
            &path,
            serde_json::json!({"items": [{"commitment_id": 0, "outcome": "done"}]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let admin = app.api(Some(&app.token(AUXILIA_ADMIN).await));
    assert_eq!(put(&admin, closing).await, 204);
    let (status, _) = admin
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/agreements/{id}/commitments"),
            serde_json::json!({"category_id": category, "text": ""}),
        )
        .await;
    assert_eq!(status, 422);

    // The board's Atom feed, through the personal feed secret.
    let volunteer = app.login(VOLUNTEER).await;
    volunteer
        .post(
            &format!("/agreements/{id}/posts"),
            &[("title", "Réunion <commune>"), ("body", "À Fresnes & Melun")],
        )
        .await;
    let token = volunteer.feed_token().await;
    let anonymous = app.browser().await;
    let feed = anonymous.get(&format!("/feeds/{token}/agreements/{id}")).await;
    assert_eq!(feed.status(), 200);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text().await.unwrap();
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(
        xml.contains("<title>Réunion &lt;commune&gt;</title>") && xml.contains("À Fresnes &amp; Melun"),
        "{xml}"
    );
    staff_feed_is_refused(&app, id).await;
}

async fn staff_feed_is_refused(app: &TestApp, id: i64) {
    let token = app.login(STAFF).await.feed_token().await;
    assert_eq!(
        app.browser()
            .await
            .get(&format!("/feeds/{token}/agreements/{id}"))
            .await
            .status(),
        404,
        "not a party"
    );
}

#[tokio::test]
async fn the_home_page_says_which_agreements_have_an_evaluation_to_fill_in() {
    let app = TestApp::spawn().await;
    let (agreement, evaluation, _, _) = fixture(&app).await;
    let closed: Option<String> = sqlx::query_scalar("SELECT closed_at FROM agreement_evaluations WHERE id = $1")
        .bind(evaluation)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(closed.is_none(), "the fixture's evaluation is open");
    let admin = app.login(ANVP_ADMIN).await;
    let (_, home) = admin.get_text("/").await;
    assert!(home.contains("href=\"/agreements?evaluation=open\""));
    let (_, list) = admin.get_text("/agreements?evaluation=open").await;
    assert!(list.contains(&format!("/agreements/{agreement}\"")));
    let (_, home) = app.login(VOLUNTEER).await.get_text("/").await;
    assert!(
        !home.contains("evaluation=open"),
        "a volunteer of a party fills in no evaluation"
    );
}
