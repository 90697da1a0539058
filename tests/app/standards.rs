//! Minimum standards: a framework written and published, an organisation's
//! self-assessment with a figure from its own data, a peer's review, the
//! validity that lapses, the reminders, and what a network sees.

use passerelle::scheduler::Job;

use crate::helpers::*;

/// What the standards' tests and the route matrix work on.
pub struct Fixture {
    /// A published programme standard: one area, a requirement with the
    /// "active volunteers authorised" figure (target 50 %), another without.
    pub version: i64,
    /// A draft training standard and its area.
    pub draft: i64,
    pub item: i64,
    /// ANVP's assessment, submitted, Auxilia invited to review it.
    pub assessment: i64,
    /// The step of its plan.
    pub step: i64,
    /// A file given as evidence of its first requirement.
    pub file: i64,
}

fn id_after(location: &str, prefix: &str) -> i64 {
    location
        .trim_start_matches(prefix)
        .split(['#', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("an id in {location}"))
}

/// Creates a framework as the platform administrator; its draft version.
async fn framework(admin: &Browser, kind: &str, name: &str) -> i64 {
    let created = admin
        .post(
            "/standards/frameworks",
            &[
                ("kind", kind),
                ("keeper_id", ""),
                ("validity_months", "24"),
                ("title_fr", name),
                ("title_en", ""),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    id_after(&location(&created), "/standards/versions/")
}

async fn item(admin: &Browser, version: i64, fields: &[(&str, &str)]) -> i64 {
    let added = admin
        .post(&format!("/standards/versions/{version}/items"), fields)
        .await;
    assert_eq!(added.status(), 303, "{:?}", added.text().await);
    let at = location(&added);
    id_after(at.split("#item-").nth(1).unwrap(), "")
}

/// The published framework and the draft, as the platform administrator writes them.
async fn frameworks(app: &TestApp) -> (i64, [i64; 2], i64, i64) {
    let admin = app.login(PLATFORM_ADMIN).await;
    let version = framework(&admin, "programme", "Exigences minimales").await;
    let area = item(&admin, version, &[("title_fr", "Recrutement et agrément")]).await;
    let area = area.to_string();
    let figure = item(
        &admin,
        version,
        &[
            ("area_id", &area),
            ("title_fr", "Chaque bénévole actif a un agrément valide"),
            ("figure", "active_authorised"),
            ("target", "50"),
        ],
    )
    .await;
    let plain = item(
        &admin,
        version,
        &[("area_id", &area), ("title_fr", "Une convention fixe les engagements")],
    )
    .await;
    let published = admin.post(&format!("/standards/versions/{version}/publish"), &[]).await;
    assert_eq!(published.status(), 303);
    let draft = framework(&admin, "training", "Formation minimale").await;
    let draft_area = item(&admin, draft, &[("title_fr", "Avant la première visite")]).await;
    (version, [figure, plain], draft, draft_area)
}

/// An activity of `email` for ANVP in Fresnes, `days` ago.
async fn active(app: &TestApp, email: &str, days: i64) {
    let fresnes = app.fresnes().await;
    let person = app.person_id(email).await;
    let anvp = app.organisation_id("ANVP").await;
    let day = (app.state.clock.now().date_naive() - chrono::Duration::days(days)).to_string();
    sqlx::query(
        "INSERT INTO activities (person_id, organisation_id, establishment_id, kind, done_on, minutes, created_at, updated_at) \
         VALUES ($1, $2, $3, 'visit', $4, 60, $4, $4)",
    )
    .bind(person)
    .bind(anvp)
    .bind(fresnes)
    .bind(day)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
}

async fn start(admin: &Browser, version: i64, organisation: i64) -> i64 {
    let started = admin
        .post(
            &format!("/standards/versions/{version}/assessments"),
            &[("organisation_id", &organisation.to_string())],
        )
        .await;
    assert_eq!(started.status(), 303);
    id_after(&location(&started), "/standards/assessments/")
}

async fn answer(admin: &Browser, assessment: i64, requirements: [i64; 2], statuses: [&str; 2]) -> reqwest::Response {
    let (a, b) = (requirements[0].to_string(), requirements[1].to_string());
    admin
        .post(
            &format!("/standards/assessments/{assessment}/answers"),
            &[
                ("requirement", &a),
                (&format!("status_{a}"), statuses[0]),
                (&format!("evidence_{a}"), "Registre des agréments tenu à jour"),
                ("requirement", &b),
                (&format!("status_{b}"), statuses[1]),
                (&format!("evidence_{b}"), "Convention en cours de négociation"),
            ],
        )
        .await
}

async fn plan_step(
    app: &TestApp,
    admin: &Browser,
    assessment: i64,
    requirement: i64,
    due_in: i64,
) -> reqwest::Response {
    let owner = app.person_id(COORDINATOR).await.to_string();
    let due = (app.state.clock.now().date_naive() + chrono::Duration::days(due_in)).to_string();
    admin
        .post(
            &format!("/standards/assessments/{assessment}/actions"),
            &[
                ("requirement_id", &requirement.to_string()),
                ("text", "Signer la convention avec la direction interrégionale"),
                ("owner_id", &owner),
                ("due_on", &due),
            ],
        )
        .await
}

pub async fn fixture(app: &TestApp) -> Fixture {
    let (version, requirements, draft, item) = frameworks(app).await;
    let admin = app.login(ANVP_ADMIN).await;
    let assessment = start(&admin, version, app.organisation_id("ANVP").await).await;
    assert_eq!(
        answer(&admin, assessment, requirements, ["met", "not_met"])
            .await
            .status(),
        303
    );
    assert_eq!(
        plan_step(app, &admin, assessment, requirements[1], 30).await.status(),
        303
    );
    let attached = admin
        .post_file(
            &format!(
                "/standards/assessments/{assessment}/files?requirement={}",
                requirements[0]
            ),
            "registre.pdf",
            b"%PDF-1.4 registre des agrements",
        )
        .await;
    assert_eq!(attached.status(), 303);
    let submitted = admin
        .post(&format!("/standards/assessments/{assessment}/submit"), &[])
        .await;
    assert_eq!(submitted.status(), 303);
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let invited = admin
        .post(
            &format!("/standards/assessments/{assessment}/reviewers"),
            &[("reviewer_id", &auxilia)],
        )
        .await;
    assert_eq!(invited.status(), 303);
    let step = sqlx::query_scalar("SELECT id FROM standard_actions WHERE assessment_id = $1")
        .bind(assessment)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let file = sqlx::query_scalar("SELECT id FROM standard_evidence_files WHERE assessment_id = $1")
        .bind(assessment)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    Fixture {
        file,
        version,
        draft,
        item,
        assessment,
        step,
    }
}

#[tokio::test]
async fn an_organisation_assesses_itself_a_peer_disagrees_and_the_assessment_lapses() {
    let app = TestApp::spawn().await;
    let (version, requirements, _, _) = frameworks(&app).await;
    // Two ANVP people active this year; only the visitor is authorised (in Fresnes).
    active(&app, VOLUNTEER, 20).await;
    active(&app, COORDINATOR, 40).await;
    let admin = app.login(ANVP_ADMIN).await;
    let assessment = start(&admin, version, app.organisation_id("ANVP").await).await;
    let page = format!("/standards/assessments/{assessment}");
    let (status, html) = admin.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<strong>1 / 2 (50 %)</strong>"),
        "the figure from ANVP's own data"
    );
    assert!(html.contains("which suggests : Met"), "50 % reaches the target of 50 %");

    let submit = format!("{page}/submit");
    let (status, html) = text(admin.post(&submit, &[]).await).await;
    assert_eq!(status, 422);
    assert!(html.contains("Answer every requirement before submitting."));
    assert_eq!(
        answer(&admin, assessment, requirements, ["met", "not_met"])
            .await
            .status(),
        303
    );
    let (status, html) = text(admin.post(&submit, &[]).await).await;
    assert_eq!(status, 422, "a gap without an action");
    assert!(html.contains("needs an action in the plan"));
    let (status, html) = text(plan_step(&app, &admin, assessment, requirements[1], -1).await).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Signer la convention avec la direction interrégionale"),
        "the form keeps what was typed"
    );
    assert_eq!(
        plan_step(&app, &admin, assessment, requirements[1], 30).await.status(),
        303
    );
    assert_eq!(admin.post(&submit, &[]).await.status(), 303);
    assert_eq!(app.audit_count("standard.assessment.submit").await, 1);

    // The figure is kept as submitted: a new active volunteer changes nothing.
    active(&app, ANVP_ADMIN, 5).await;
    let (_, html) = admin.get_text(&page).await;
    assert!(html.contains("1 / 2 (50 %)"));
    let until = (app.state.clock.now().date_naive() + chrono::Months::new(24))
        .pred_opt()
        .unwrap();
    let valid: String = sqlx::query_scalar("SELECT valid_until FROM standard_assessments WHERE id = $1")
        .bind(assessment)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(valid, until.to_string());
    assert!(html.contains(">Valid</span>"));

    // Auxilia reads it once invited, and says why it disagrees.
    let auxilia = app.login(AUXILIA_ADMIN).await;
    assert_eq!(auxilia.get(&page).await.status(), 404);
    let auxilia_id = app.organisation_id("AUXILIA").await.to_string();
    let invited = admin
        .post(&format!("{page}/reviewers"), &[("reviewer_id", &auxilia_id)])
        .await;
    assert_eq!(invited.status(), 303);
    assert_eq!(auxilia.get(&page).await.status(), 200);
    let (a, b) = (requirements[0].to_string(), requirements[1].to_string());
    let mut views = vec![
        ("reviewer_id", auxilia_id.as_str()),
        ("requirement", a.as_str()),
        ("requirement", b.as_str()),
        ("complete", "1"),
    ];
    let (agree_a, agree_b) = (format!("agrees_{a}"), format!("agrees_{b}"));
    views.push((&agree_a, "1"));
    views.push((&agree_b, "0"));
    let (status, html) = text(auxilia.post(&format!("{page}/review"), &views).await).await;
    assert_eq!(status, 422);
    assert!(html.contains("Explain your disagreement."));
    let comment = format!("comment_{b}");
    views.push((&comment, "La convention reste à signer."));
    let before = app.inbox_count(ANVP_ADMIN).await;
    assert_eq!(auxilia.post(&format!("{page}/review"), &views).await.status(), 303);
    assert_eq!(
        app.inbox_count(ANVP_ADMIN).await,
        before + 1,
        "the assessed party is told"
    );
    let (_, html) = admin.get_text(&page).await;
    assert!(html.contains("disagrees — La convention reste à signer."));

    // Nobody else reads it.
    for outsider in [STAFF, OBSERVER, VOLUNTEER] {
        assert_eq!(app.login(outsider).await.get(&page).await.status(), 404, "{outsider}");
    }
    let (status, _) = app
        .api(Some(&app.token(STAFF).await))
        .get(&format!("/api/v1/standards/assessments/{assessment}"))
        .await;
    assert_eq!(status, 404);
    let (status, body) = app
        .api(Some(&app.token(ANVP_ADMIN).await))
        .get(&format!("/api/v1/standards/assessments/{assessment}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["state"], "valid");
    assert_eq!(body["summary"][0]["met"], 1);
    assert_eq!(body["summary"][0]["not_met"], 1);

    // Two years later it has lapsed.
    app.state.clock.advance(chrono::Duration::days(731));
    let admin = app.login(ANVP_ADMIN).await;
    let (_, html) = admin.get_text("/standards?state=lapsed").await;
    assert!(html.contains(&format!("/standards/assessments/{assessment}\"")));
    let (_, html) = admin.get_text(&page).await;
    assert!(html.contains(">Lapsed</span>"));
}

async fn text(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_published_version_never_changes_and_the_next_one_starts_from_a_copy() {
    let app = TestApp::spawn().await;
    let (version, requirements, _, _) = frameworks(&app).await;
    let admin = app.login(PLATFORM_ADMIN).await;
    let (status, html) = text(
        admin
            .post(
                &format!("/standards/items/{}", requirements[1]),
                &[("title_fr", "Changé")],
            )
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("This version is published"));
    let next = admin.post(&format!("/standards/versions/{version}/next"), &[]).await;
    assert_eq!(next.status(), 303);
    let draft = id_after(&location(&next), "/standards/versions/");
    let (_, html) = admin.get_text(&format!("/standards/versions/{draft}")).await;
    assert!(html.contains("Chaque bénévole actif a un agrément valide"));
    assert!(html.contains("target 50 %"), "the evidence rule is copied too");
    let again = admin.post(&format!("/standards/versions/{version}/next"), &[]).await;
    assert_eq!(again.status(), 422, "one draft at a time");
    // A coordinator sees the published version, not the draft.
    let coordinator = app.login(COORDINATOR).await;
    assert_eq!(
        coordinator
            .get(&format!("/standards/versions/{version}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        coordinator.get(&format!("/standards/versions/{draft}")).await.status(),
        404
    );
}

#[tokio::test]
async fn reminders_go_once_before_an_action_is_due_and_before_an_assessment_lapses() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let today = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::StandardReminders, today).await, 0, "nothing due yet");
    let before = app.inbox_count(COORDINATOR).await;
    assert_eq!(
        app.job(Job::StandardReminders, today + chrono::Duration::days(23))
            .await,
        1
    );
    assert_eq!(
        app.inbox_count(COORDINATOR).await,
        before + 1,
        "the owner of the action"
    );
    assert_eq!(
        app.job(Job::StandardReminders, today + chrono::Duration::days(24))
            .await,
        0,
        "once"
    );
    let until: String = sqlx::query_scalar("SELECT valid_until FROM standard_assessments WHERE id = $1")
        .bind(f.assessment)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let until: chrono::NaiveDate = until.parse().unwrap();
    let admins = app.inbox_count(ANVP_ADMIN).await;
    assert_eq!(
        app.job(Job::StandardReminders, until - chrono::Duration::days(60))
            .await,
        1
    );
    assert_eq!(app.inbox_count(ANVP_ADMIN).await, admins + 1);
    assert_eq!(
        app.job(Job::StandardReminders, until - chrono::Duration::days(59))
            .await,
        0
    );
}

#[tokio::test]
async fn a_network_sees_only_the_tally_its_member_shared() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let admin = app.login(ANVP_ADMIN).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let created = admin
        .post("/networks", &[("name", "Réseau qualité"), ("coordinator_id", &anvp)])
        .await;
    let network = location(&created).trim_start_matches("/networks/").to_owned();
    let page = format!("/networks/{network}");
    let shared = admin
        .post(
            &format!("/standards/assessments/{}/shares", f.assessment),
            &[("network", &network)],
        )
        .await;
    assert_eq!(shared.status(), 303);
    let (_, html) = app.login(COORDINATOR).await.get_text(&page).await;
    assert!(html.contains("id=\"shared-standards\""));
    assert!(html.contains("Recrutement et agrément"));
    assert!(
        !html.contains("Convention en cours de négociation"),
        "never the evidence"
    );
    let (_, html) = app.login(AUXILIA_ADMIN).await.get_text(&page).await;
    assert!(!html.contains("id=\"shared-standards\""), "not a member of the network");
    let refused = admin
        .post(
            &format!("/standards/assessments/{}/shares", f.assessment),
            &[("network", "999999")],
        )
        .await;
    assert_eq!(refused.status(), 422, "a network ANVP is not in");
}

#[tokio::test]
async fn a_document_given_as_evidence_is_downloaded_only_by_those_who_read_the_assessment() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let path = format!("/standards/assessments/{}/files/{}", f.assessment, f.file);
    let reviewer = app.login(AUXILIA_ADMIN).await;
    let response = reviewer.get(&path).await;
    assert_eq!(response.status(), 200, "the invited reviewer");
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        b"%PDF-1.4 registre des agrements"
    );
    assert_eq!(app.login(STAFF).await.get(&path).await.status(), 404);
    let (_, html) = reviewer
        .get_text(&format!("/standards/assessments/{}", f.assessment))
        .await;
    assert!(html.contains(&format!("href=\"{path}\">registre.pdf</a>")));
    // Nothing is attached once submitted, and a page renamed .pdf never is.
    let admin = app.login(ANVP_ADMIN).await;
    let late = admin
        .post_file(
            &format!("/standards/assessments/{}/files?requirement=1", f.assessment),
            "b.pdf",
            b"%PDF-1.4 b",
        )
        .await;
    assert_eq!(late.status(), 422);
    let (version, requirements, _, _) = frameworks(&app).await;
    let fresh = start(&admin, version, app.organisation_id("ANVP").await).await;
    let disguised = admin
        .post_file(
            &format!("/standards/assessments/{fresh}/files?requirement={}", requirements[0]),
            "rapport.pdf",
            b"<html><script>alert(1)</script></html>",
        )
        .await;
    assert_eq!(disguised.status(), 422);
    assert_eq!(app.audit_count("standard.evidence.attach").await, 1);
}

#[tokio::test]
async fn the_home_page_says_a_review_waits_and_leads_to_it() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let reviewer = app.login(AUXILIA_ADMIN).await;
    let (_, home) = reviewer.get_text("/").await;
    assert!(home.contains("<a href=\"/standards?review=waiting\">One self-assessment waits for your review</a>"));
    let (_, list) = reviewer.get_text("/standards?review=waiting").await;
    assert!(list.contains(&format!("/standards/assessments/{}\"", f.assessment)));
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let done = reviewer
        .post(
            &format!("/standards/assessments/{}/review", f.assessment),
            &[("reviewer_id", &auxilia), ("complete", "1")],
        )
        .await;
    assert_eq!(done.status(), 422, "every requirement needs a view first");
    let (_, home) = app.login(ANVP_ADMIN).await.get_text("/").await;
    assert!(
        !home.contains("review=waiting"),
        "nothing to review for the assessed party"
    );
}
