//! Training: a session ANVP opens to Auxilia, enrolments with a waiting
//! list, approval, attendance, completion with a verifiable certificate,
//! cost sharing, qualifications and calendar feeds.

use chrono::Duration;
use passerelle::scheduler::Job;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

/// Auxilia volunteers invited for the occasion, by Auxilia's admin.
async fn invite_auxilia_volunteers(app: &TestApp, n: usize) -> Vec<String> {
    let admin = app.login(AUXILIA_ADMIN).await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let mut emails = Vec::new();
    for i in 0..n {
        let email = format!("learner{i}@auxilia.example");
        let name = format!("Apprenant·e {i}");
        let response = admin
            .post(
                "/people/invite",
                &[
                    ("email", &email),
                    ("name", &name),
                    ("organisation", &auxilia),
                    ("role", "volunteer"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "invitation of {email}");
        app.join_by_link(&email).await;
        emails.push(email);
    }
    emails
}

/// ANVP's programme with one two-day module granting a 36-month
/// qualification, and a session of it in 10 days; (programme, session).
pub async fn anvp_session(app: &TestApp, sharing: &str) -> (i64, i64) {
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let response = coordinator
        .post(
            "/training/programmes",
            &[
                ("organisation_id", &anvp),
                ("title", "Coordinateur·rice de bénévoles en prison"),
                ("summary", "Programme européen"),
                ("guide", "Premier paragraphe.\n\nSecond paragraphe."),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let programme: i64 = location(&response)
        .trim_start_matches("/training/programmes/")
        .parse()
        .unwrap();
    let response = coordinator
        .post(
            &format!("/training/programmes/{programme}/modules"),
            &[
                ("title", "Écoute et posture"),
                ("outcomes", "Écouter sans juger\nConnaître le cadre"),
                ("hours", "12"),
                ("language", "fr"),
                ("min_attendance", "100"),
                ("qualification", "Visiteur·se formé·e"),
                ("validity_months", "36"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let module: i64 = sqlx::query_scalar("SELECT MAX(id) FROM training_modules")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let today = app.state.clock.now().date_naive();
    let first = (today + Duration::days(10)).to_string();
    let last = (today + Duration::days(11)).to_string();
    let deadline = (today + Duration::days(5)).to_string();
    let module = module.to_string();
    let response = coordinator
        .post(
            "/training/sessions",
            &[
                ("organisation_id", &anvp),
                ("title", "Écoute — Paris, décembre"),
                ("module_ids", &module),
                ("first_day", &first),
                ("last_day", &last),
                ("starts", "09:30"),
                ("ends", "17:00"),
                ("time_zone", "Europe/Paris"),
                ("place", "Paris 15e"),
                ("language", "fr"),
                ("capacity", "12"),
                ("registration_deadline", &deadline),
                ("cost", "1 200"),
                ("cost_sharing", sharing),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "session created");
    let session: i64 = location(&response)
        .trim_start_matches("/training/sessions/")
        .parse()
        .unwrap();
    (programme, session)
}

async fn open_to_auxilia(app: &TestApp, session: i64, seats: &str, percent: &str) -> reqwest::Response {
    let coordinator = app.login(COORDINATOR).await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    coordinator
        .post(
            &format!("/training/sessions/{session}/partners"),
            &[
                ("organisation_id", &auxilia),
                ("seats", seats),
                ("share_percent", percent),
            ],
        )
        .await
}

async fn states(app: &TestApp, session: i64) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT p.email, e.state FROM training_enrolments e JOIN persons p ON p.id = e.person_id \
         WHERE e.session_id = $1 ORDER BY e.id",
    )
    .bind(session)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

async fn enrolment_of(app: &TestApp, session: i64, email: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT e.id FROM training_enrolments e JOIN persons p ON p.id = e.person_id WHERE e.session_id = $1 AND p.email = $2",
    )
    .bind(session)
    .bind(email)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn three_partner_seats_four_learners_the_fourth_waits_then_gets_the_freed_seat() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "per_seat").await;
    assert_eq!(open_to_auxilia(&app, session, "3", "").await.status(), 303);
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT n.subject FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1",
    )
    .bind(AUXILIA_COORDINATOR)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert!(
        subjects.iter().any(|s| s.contains("Écoute — Paris")),
        "the partner's coordinator is told: {subjects:?}"
    );

    // The volunteer (also an Auxilia member) enrols on Auxilia's seats; the
    // coordinator enrols three more.
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let visitor = app.login(VOLUNTEER).await;
    let response = visitor
        .post(
            &format!("/training/sessions/{session}/enrolments"),
            &[("organisation_id", &auxilia)],
        )
        .await;
    assert_eq!(response.status(), 303);
    let learners = invite_auxilia_volunteers(&app, 3).await;
    let coordinator = app.login(AUXILIA_COORDINATOR).await;
    for email in &learners {
        let response = coordinator
            .post(
                &format!("/training/sessions/{session}/enrolments"),
                &[("organisation_id", &auxilia), ("email", email)],
            )
            .await;
        assert_eq!(response.status(), 303, "{email}");
    }
    let now = states(&app, session).await;
    assert_eq!(
        now.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
        ["enrolled", "enrolled", "enrolled", "waiting"]
    );
    // Enrolling the same person twice is refused with a message, nothing changes.
    let (status, html) = {
        let r = coordinator
            .post(
                &format!("/training/sessions/{session}/enrolments"),
                &[("organisation_id", &auxilia), ("email", &learners[0])],
            )
            .await;
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 422);
    assert!(html.contains("already enrolled or on the waiting list"));
    assert_eq!(states(&app, session).await.len(), 4);

    // The volunteer's own coordinator approves; the volunteer then cancels:
    // the first on the waiting list gets the seat.
    let own = enrolment_of(&app, session, VOLUNTEER).await;
    assert_eq!(
        coordinator
            .post(&format!("/training/enrolments/{own}/approve"), &[])
            .await
            .status(),
        303
    );
    let approved: Option<String> = sqlx::query_scalar("SELECT approved_at FROM training_enrolments WHERE id = $1")
        .bind(own)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(approved.is_some());
    assert_eq!(
        visitor
            .post(&format!("/training/enrolments/{own}/cancel"), &[])
            .await
            .status(),
        303
    );
    let now = states(&app, session).await;
    assert_eq!(now[0], (VOLUNTEER.to_owned(), "cancelled".to_owned()));
    assert_eq!(
        now[3],
        (learners[2].clone(), "enrolled".to_owned()),
        "promoted from the waiting list"
    );
    let promoted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 AND n.subject LIKE '%seat was freed%'",
    )
    .bind(&learners[2])
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let promoted_fr: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 AND n.subject LIKE '%place s''est libérée%'",
    )
    .bind(&learners[2])
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(promoted + promoted_fr, 1, "the promoted learner is told");
    assert!(app.audit_count("training.enrolment.promote").await >= 1);
}

#[tokio::test]
async fn attendance_completion_certificate_and_public_verification() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "per_seat").await;
    open_to_auxilia(&app, session, "3", "").await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let learner = app.login(CORRESPONDENT).await;
    learner
        .post(
            &format!("/training/sessions/{session}/enrolments"),
            &[("organisation_id", &auxilia)],
        )
        .await;
    let enrolment = enrolment_of(&app, session, CORRESPONDENT).await;
    let today = app.state.clock.now().date_naive();
    let day1 = (today + Duration::days(10)).to_string();
    let day2 = (today + Duration::days(11)).to_string();

    // A volunteer cannot take attendance, not even their own.
    let refused = learner
        .post(
            &format!("/training/enrolments/{enrolment}/attendance"),
            &[("day", &day1), ("present", "1")],
        )
        .await;
    assert_eq!(refused.status(), 403);

    let organiser = app.login(COORDINATOR).await;
    let mark = |day: String| {
        let organiser = &organiser;
        async move {
            organiser
                .post(
                    &format!("/training/enrolments/{enrolment}/attendance"),
                    &[("day", &day), ("present", "1")],
                )
                .await
                .status()
        }
    };
    assert_eq!(mark(day1.clone()).await, 303);
    // One day of two is not enough for a module asking 100 %.
    let (status, html) = {
        let r = organiser
            .post(&format!("/training/enrolments/{enrolment}/complete"), &[])
            .await;
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 422);
    assert!(html.contains("least attendance is not reached"), "{html}");
    // A day outside the session is refused.
    let outside = organiser
        .post(
            &format!("/training/enrolments/{enrolment}/attendance"),
            &[("day", &today.to_string()), ("present", "1")],
        )
        .await;
    assert_eq!(outside.status(), 422);
    assert_eq!(mark(day2.clone()).await, 303);
    let sheet = organiser.get(&format!("/training/sessions/{session}/sign-in")).await;
    assert_eq!(sheet.status(), 200);
    assert!(
        sheet.text().await.unwrap().contains("Luc Moreau"),
        "the sign-in sheet lists the learner"
    );

    assert_eq!(
        organiser
            .post(&format!("/training/enrolments/{enrolment}/complete"), &[])
            .await
            .status(),
        303
    );
    let (code, expires): (String, Option<String>) = sqlx::query_as(
        "SELECT c.certificate_code, q.expires_on FROM training_completions c JOIN qualifications q ON q.completion_id = c.id \
         WHERE c.enrolment_id = $1",
    )
    .bind(enrolment)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        expires,
        Some((today + chrono::Months::new(36)).to_string()),
        "the qualification lasts 36 months"
    );

    // The learner downloads the PDF; another organisation's admin cannot.
    let pdf = learner.get(&format!("/training/certificates/{code}/pdf")).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = crate::coverage::pdf_text(&pdf.bytes().await.unwrap());
    assert!(text.contains(&code), "the code is printed on the certificate");
    assert!(text.contains("coute et posture"), "the module is named: {text}");
    let stranger = app.login(STAFF).await;
    assert_eq!(
        stranger
            .get(&format!("/training/certificates/{code}/pdf"))
            .await
            .status(),
        404
    );

    // Anyone, logged out, verifies the code and sees only the minimum.
    let anonymous = app.browser().await;
    let (status, page) = anonymous.get_text(&format!("/verify/{}", code.to_lowercase())).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("genuine") && page.contains("Luc Moreau") && page.contains("Association nationale des visiteurs")
    );
    assert!(!page.contains(CORRESPONDENT), "no email on the public page");
    let (status, page) = anonymous.get_text("/verify/ABCD-EFGH-JKMN").await;
    assert_eq!(status, 404);
    assert!(page.contains("No certificate has this code"));

    // The organiser revokes it: the page says so, the learner's PDF is gone.
    let response = organiser
        .post(
            &format!("/training/certificates/{code}/revoke"),
            &[("reason", "Erreur de saisie")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = anonymous.get_text(&format!("/verify/{code}")).await;
    assert!(page.contains("has been revoked"));
    assert_eq!(
        learner
            .get(&format!("/training/certificates/{code}/pdf"))
            .await
            .status(),
        422
    );
    assert_eq!(app.audit_count("training.certificate.revoke").await, 1);
}

#[tokio::test]
async fn the_cost_report_splits_as_configured() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "custom").await;
    // 110 % in all is refused, 30 % for Auxilia leaves 70 % to ANVP.
    assert_eq!(open_to_auxilia(&app, session, "3", "110").await.status(), 422);
    assert_eq!(open_to_auxilia(&app, session, "3", "30").await.status(), 303);
    let organiser = app.login(COORDINATOR).await;
    let year = app.state.clock.now().date_naive() + Duration::days(10);
    let (status, page) = organiser
        .get_text(&format!("/training/reports?year={}", chrono::Datelike::year(&year)))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("€840.00") && page.contains("€360.00"),
        "70/30 of €1,200: {page}"
    );
    let csv = organiser
        .get(&format!(
            "/training/reports/export?year={}&table=costs&format=csv",
            chrono::Datelike::year(&year)
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(",ANVP,84000") && csv.contains(",AUXILIA,36000"), "{csv}");
    // A volunteer has no cost report.
    assert_eq!(app.login(VOLUNTEER).await.get("/training/reports").await.status(), 403);
}

#[tokio::test]
async fn per_seat_costs_follow_the_learners_and_other_organisations_see_no_enrolments() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "per_seat").await;
    open_to_auxilia(&app, session, "3", "").await;
    let token = app.token(AUXILIA_COORDINATOR).await;
    let api = app.api(Some(&token));
    let auxilia = app.organisation_id("AUXILIA").await;
    let learners = invite_auxilia_volunteers(&app, 3).await;
    for email in &learners {
        let (status, body) = api
            .send(
                Method::POST,
                &format!("/api/v1/training/sessions/{session}/enrolments"),
                json!({"organisation_id": auxilia, "email": email}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let anvp_token = app.token(COORDINATOR).await;
    let (_, own) = app
        .api(Some(&anvp_token))
        .send(
            Method::POST,
            &format!("/api/v1/training/sessions/{session}/enrolments"),
            json!({"organisation_id": app.organisation_id("ANVP").await}),
        )
        .await;
    assert_eq!(own["state"], "enrolled");
    let (status, detail) = api.get(&format!("/api/v1/training/sessions/{session}")).await;
    assert_eq!(status, 200);
    // Auxilia's coordinator sees Auxilia's three learners, not ANVP's coordinator.
    let names: Vec<&str> = detail["enrolments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["organisation"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["AUXILIA"; 3]);
    let shares: Vec<(String, i64)> = detail["cost_shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["organisation"].as_str().unwrap().to_owned(),
                s["cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shares, [("ANVP".to_owned(), 30_000), ("AUXILIA".to_owned(), 90_000)]);
    // The Polish foundation, not a partner, does not even see the session.
    let slawek = sqlx::query_scalar::<_, i64>("SELECT id FROM organisations WHERE acronym = 'SLAWEK'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(slawek > 0);
    let (status, _) = app
        .api(Some(&app.token(STAFF).await))
        .get(&format!("/api/v1/training/sessions/{session}"))
        .await;
    assert_eq!(status, 404);
    // Bad JSON input gets a code and changes nothing.
    let (status, body) = api
        .send(
            Method::POST,
            &format!("/api/v1/training/sessions/{session}/enrolments"),
            json!({"organisation_id": "x"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["fields"][0]["field"], "organisation_id");
}

#[tokio::test]
async fn a_bad_session_form_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    anvp_session(&app, "per_seat").await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let response = coordinator
        .post(
            "/training/sessions",
            &[
                ("organisation_id", &anvp),
                ("title", "Session du printemps"),
                ("first_day", "2027-03-10"),
                ("last_day", "2027-03-09"),
                ("starts", "09:00"),
                ("ends", "12:00"),
                ("time_zone", "Europe/Paris"),
                ("place", "Lyon"),
                ("language", "fr"),
                ("capacity", "10"),
                ("registration_deadline", "2027-03-01"),
                ("cost", "abc"),
                ("cost_sharing", "equal"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Choose at least one module"), "first error shown");
    assert!(
        html.contains("value=\"Session du printemps\"") && html.contains("value=\"Lyon\""),
        "typed values kept"
    );
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM training_sessions")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "nothing created");
}

#[tokio::test]
async fn calendar_feeds_list_ones_sessions_in_universal_time() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "per_seat").await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    coordinator
        .post(
            &format!("/training/sessions/{session}/enrolments"),
            &[("organisation_id", &anvp)],
        )
        .await;
    let token = coordinator.feed_token().await;
    // The secret is kept hashed, like every other secret.
    let stored: String = sqlx::query_scalar(
        "SELECT f.token_hash FROM calendar_feeds f JOIN persons p ON p.id = f.person_id WHERE p.email = $1",
    )
    .bind(COORDINATOR)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(stored, passerelle::auth::secrets::token_hash(&token));
    let (_, account) = coordinator.get_text("/account").await;
    assert!(!account.contains(&token), "shown only when made");
    let anonymous = app.browser().await;
    let response = anonymous.get(&format!("/calendar/{token}/training.ics")).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = response.text().await.unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "one event per day");
    let first = app.state.clock.now().date_naive() + Duration::days(10);
    let start = passerelle::calendar::to_utc(
        first,
        chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        "Europe/Paris",
    )
    .unwrap();
    assert!(
        ics.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))),
        "{ics}"
    );
    assert!(ics.contains("\r\n"));
    let open = anonymous
        .get(&format!("/calendar/{token}/open-training.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(open.contains("coute"));
    assert_eq!(anonymous.get("/calendar/cal_nope/training.ics").await.status(), 404);
    // Renewing the links ends the old ones.
    coordinator.feed_token().await;
    assert_eq!(
        anonymous.get(&format!("/calendar/{token}/training.ics")).await.status(),
        404
    );
}

#[tokio::test]
async fn expiring_qualifications_are_reminded_once() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "per_seat").await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    coordinator
        .post(
            &format!("/training/sessions/{session}/enrolments"),
            &[("organisation_id", &anvp), ("email", VOLUNTEER)],
        )
        .await;
    let enrolment = enrolment_of(&app, session, VOLUNTEER).await;
    for offset in [10, 11] {
        let day = (app.state.clock.now().date_naive() + Duration::days(offset)).to_string();
        coordinator
            .post(
                &format!("/training/enrolments/{enrolment}/attendance"),
                &[("day", &day), ("present", "1")],
            )
            .await;
    }
    assert_eq!(
        coordinator
            .post(&format!("/training/enrolments/{enrolment}/complete"), &[])
            .await
            .status(),
        303
    );
    let today = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::QualificationReminders, today).await, 0);
    // 36 months later, less 20 days: the reminder goes, once.
    app.state.clock.advance(Duration::days(3 * 365 + 1 - 20));
    let later = app.state.clock.now().date_naive();
    assert_eq!(app.job(Job::QualificationReminders, later).await, 1);
    assert_eq!(app.job(Job::QualificationReminders, later).await, 0);
    let reminded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 AND n.subject LIKE '%expire%'",
    )
    .bind(VOLUNTEER)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(reminded, 1);
    // The coordinator's reminder says whose qualification it is.
    let holder: String = sqlx::query_scalar("SELECT name FROM persons WHERE email = $1")
        .bind(VOLUNTEER)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let to_coordinator: Vec<String> = sqlx::query_scalar(
        "SELECT n.subject FROM notifications n JOIN persons p ON p.id = n.person_id \
         WHERE p.email = $1 AND n.link = '/training/certificates'",
    )
    .bind(COORDINATOR)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(to_coordinator.len(), 1, "{to_coordinator:?}");
    assert!(to_coordinator[0].contains(&holder), "{to_coordinator:?}");
    let (_, page) = app.login(VOLUNTEER).await.get_text("/training/certificates").await;
    assert!(page.contains("Visiteur·se formé·e"));
}

/// What the role matrix acts upon: ANVP's programme, module and material;
/// its session opened to Auxilia (3 seats) where the correspondent enrolled
/// themselves (not approved yet) and completed the module; an ANVP-only
/// session to cancel; the visitor's enrolment in a third ANVP session, to
/// refuse or cancel.
pub struct Fixture {
    pub programme: i64,
    pub module: i64,
    pub material: i64,
    pub session: i64,
    pub other: i64,
    pub enrolment: i64,
    pub visitors_enrolment: i64,
    pub code: String,
    pub first_day: String,
    /// A training need of ANVP.
    pub need: i64,
}

pub async fn fixture(app: &TestApp) -> Fixture {
    let (programme, session) = anvp_session(app, "per_seat").await;
    let (_, other) = anvp_session(app, "equal").await;
    open_to_auxilia(app, session, "3", "").await;
    let module: i64 = sqlx::query_scalar("SELECT module_id FROM training_session_modules WHERE session_id = $1")
        .bind(session)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let coordinator = app.login(COORDINATOR).await;
    let upload = coordinator
        .post_file(
            &format!("/training/modules/{module}/materials"),
            "guide.pdf",
            b"%PDF-1.4 guide",
        )
        .await;
    assert_eq!(upload.status(), 303);
    let material: i64 = sqlx::query_scalar("SELECT MAX(id) FROM training_materials")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    app.login(CORRESPONDENT)
        .await
        .post(
            &format!("/training/sessions/{session}/enrolments"),
            &[("organisation_id", &auxilia)],
        )
        .await;
    let enrolment = enrolment_of(app, session, CORRESPONDENT).await;
    let today = app.state.clock.now().date_naive();
    for offset in [10, 11] {
        let day = (today + Duration::days(offset)).to_string();
        coordinator
            .post(
                &format!("/training/enrolments/{enrolment}/attendance"),
                &[("day", &day), ("present", "1")],
            )
            .await;
    }
    coordinator
        .post(&format!("/training/enrolments/{enrolment}/complete"), &[])
        .await;
    let code: String = sqlx::query_scalar("SELECT certificate_code FROM training_completions WHERE enrolment_id = $1")
        .bind(enrolment)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let anvp = app.organisation_id("ANVP").await.to_string();
    coordinator
        .post(
            "/training/needs",
            &[("organisation_id", &anvp), ("topic", "Écoute"), ("volunteers", "3")],
        )
        .await;
    let need: i64 = sqlx::query_scalar("SELECT MAX(id) FROM training_needs")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (_, third) = anvp_session(app, "equal").await;
    app.login(VOLUNTEER)
        .await
        .post(
            &format!("/training/sessions/{third}/enrolments"),
            &[("organisation_id", &anvp)],
        )
        .await;
    let visitors_enrolment = enrolment_of(app, third, VOLUNTEER).await;
    Fixture {
        visitors_enrolment,
        need,
        programme,
        module,
        material,
        session,
        other,
        enrolment,
        code,
        first_day: (today + Duration::days(10)).to_string(),
    }
}

#[tokio::test]
async fn materials_are_downloads_of_allowed_types_only() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let script = coordinator
        .post_file(
            &format!("/training/modules/{}/materials", f.module),
            "evil.html",
            b"<script>alert(1)</script>",
        )
        .await;
    assert_eq!(script.status(), 303);
    let (_, page) = coordinator
        .get_text(&format!("/training/programmes/{}", f.programme))
        .await;
    assert!(
        page.contains("This type of file is not accepted"),
        "the refusal is shown"
    );
    assert!(!page.contains("evil.html"));
    let download = app
        .login(VOLUNTEER)
        .await
        .get(&format!("/training/materials/{}", f.material))
        .await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"%PDF-1.4 guide");
}

#[tokio::test]
async fn a_new_version_copies_the_modules_and_leaves_sessions_on_theirs() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let response = coordinator
        .post(&format!("/training/programmes/{}/versions", f.programme), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (_, page) = coordinator
        .get_text(&format!("/training/programmes/{}", f.programme))
        .await;
    assert!(
        page.contains("Version 2") && page.contains("coute et posture"),
        "the module is copied"
    );
    let (_, session) = coordinator.get_text(&format!("/training/sessions/{}", f.session)).await;
    assert!(session.contains("(v1)"), "the session keeps version 1's module");
    let (_, verify) = app.browser().await.get_text(&format!("/verify/{}", f.code)).await;
    assert!(verify.contains("genuine"), "certificates of version 1 still verify");
}

#[tokio::test]
async fn a_required_qualification_shows_who_lacks_it_in_people_and_coverage() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let f = fixture(&app).await;
    let admin = app.login(AUXILIA_ADMIN).await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    // A qualification no module grants is refused.
    let refused = admin
        .post(
            "/training/requirements",
            &[
                ("organisation_id", &auxilia),
                ("mission", "prison_correspondent"),
                ("qualification", "Astronaute"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let response = admin
        .post(
            "/training/requirements",
            &[
                ("organisation_id", &auxilia),
                ("mission", "prison_correspondent"),
                ("qualification", "Visiteur·se formé·e"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        app.login(COORDINATOR)
            .await
            .get("/training/requirements")
            .await
            .status(),
        403,
        "admins only"
    );
    // The correspondent completed the module in the fixture: they hold it.
    let (_, page) = admin.get_text("/training/requirements").await;
    assert!(page.contains("Visiteur·se formé·e"));
    let lacking = format!("/people?organisation={auxilia}&lacking=1");
    let (_, page) = admin.get_text(&lacking).await;
    assert!(!page.contains("Luc Moreau"), "the correspondent is qualified");
    assert!(
        page.contains("Claire Fontaine"),
        "the coordinator (a prison correspondent too) is not"
    );
    // Revoking the certificate withdraws the qualification.
    app.login(COORDINATOR)
        .await
        .post(
            &format!("/training/certificates/{}/revoke", f.code),
            &[("reason", "Erreur")],
        )
        .await;
    assert!(admin.get_text(&lacking).await.1.contains("Luc Moreau"));
    let (_, person) = admin
        .get_text(&format!("/people/{}", app.person_id(CORRESPONDENT).await))
        .await;
    assert!(person.contains("lacks a required qualification"));
    // The coverage view of Fresnes marks him.
    let (_, gaps) = app
        .login(AUXILIA_COORDINATOR)
        .await
        .get_text(&format!("/coverage/gaps/{fresnes}"))
        .await;
    assert!(
        gaps.contains("Luc Moreau") && gaps.contains("lacks a required qualification"),
        "{gaps}"
    );
}

#[tokio::test]
async fn needs_of_several_organisations_add_up_by_topic() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let module = f.module.to_string();
    let anvp = app.organisation_id("ANVP").await.to_string();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let region: i64 = sqlx::query_scalar("SELECT MIN(region_id) FROM establishments WHERE city = 'Fresnes'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let region = region.to_string();
    for (email, org, count) in [(COORDINATOR, &anvp, "12"), (AUXILIA_COORDINATOR, &auxilia, "5")] {
        let response = app
            .login(email)
            .await
            .post(
                "/training/needs",
                &[
                    ("organisation_id", org),
                    ("module_id", &module),
                    ("volunteers", count),
                    ("region_id", &region),
                ],
            )
            .await;
        assert_eq!(response.status(), 303);
    }
    // A need with neither module nor topic is refused, what was typed stays.
    let coordinator = app.login(COORDINATOR).await;
    let refused = coordinator
        .post(
            "/training/needs",
            &[("organisation_id", &anvp), ("volunteers", "7"), ("note", "urgent")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Choose a module or give the topic") && html.contains(">urgent</textarea>"));
    let (status, totals) = app
        .api(Some(&app.token(COORDINATOR).await))
        .get("/api/v1/training/needs")
        .await;
    assert_eq!(status, 200);
    assert_eq!(totals[0]["volunteers"], 17);
    assert_eq!(totals[0]["organisations"], 2);
    // Each coordinator sees their own organisation's needs only in the detail.
    let (_, page) = coordinator.get_text("/training/needs").await;
    assert!(page.contains("ANVP — <strong>") && !page.contains("AUXILIA — <strong>"));
    assert_eq!(app.login(VOLUNTEER).await.get("/training/needs").await.status(), 403);
}

#[tokio::test]
async fn a_session_changes_and_its_learners_are_told_until_attendance_fixes_its_dates() {
    let app = TestApp::spawn().await;
    let (_, session) = anvp_session(&app, "per_seat").await;
    open_to_auxilia(&app, session, "3", "").await;
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    app.login(CORRESPONDENT)
        .await
        .post(
            &format!("/training/sessions/{session}/enrolments"),
            &[("organisation_id", &auxilia)],
        )
        .await;
    let organiser = app.login(COORDINATOR).await;
    let (status, form) = organiser.get_text(&format!("/training/sessions/{session}/edit")).await;
    assert_eq!(status, 200);
    assert!(
        form.contains("value=\"Paris 15e\"") && form.contains("value=\"1200.00\""),
        "the form holds the session"
    );
    let today = app.state.clock.now().date_naive();
    let fields = |first: String, last: String, capacity: &'static str| {
        let deadline = (today + Duration::days(5)).to_string();
        vec![
            ("title".to_owned(), "Écoute — Lyon".to_owned()),
            ("first_day".to_owned(), first),
            ("last_day".to_owned(), last),
            ("starts".to_owned(), "10:00".to_owned()),
            ("ends".to_owned(), "16:00".to_owned()),
            ("time_zone".to_owned(), "Europe/Paris".to_owned()),
            ("place".to_owned(), "Lyon".to_owned()),
            ("language".to_owned(), "fr".to_owned()),
            ("capacity".to_owned(), capacity.to_owned()),
            ("registration_deadline".to_owned(), deadline),
            ("cost".to_owned(), "600".to_owned()),
            ("cost_sharing".to_owned(), "per_seat".to_owned()),
        ]
    };
    let post = |fields: Vec<(String, String)>| {
        let organiser = &organiser;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            organiser
                .post(&format!("/training/sessions/{session}/edit"), &fields)
                .await
        }
    };
    let day = |n: i64| (today + Duration::days(n)).to_string();
    // Fewer seats than those given to Auxilia is refused, typed values kept.
    let refused = post(fields(day(12), day(13), "2")).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("value=\"Lyon\""));
    assert_eq!(post(fields(day(12), day(13), "10")).await.status(), 303);
    let (title, first, ends): (String, String, String) =
        sqlx::query_as("SELECT title, first_day, ends FROM training_sessions WHERE id = $1")
            .bind(session)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (title.as_str(), first, ends.as_str()),
        ("Écoute — Lyon", day(12), "16:00")
    );
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 AND n.subject LIKE '%Lyon%'",
    )
    .bind(CORRESPONDENT)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(told, 1, "the learner is told");
    // Once attendance is taken, the dates stay.
    let enrolment = enrolment_of(&app, session, CORRESPONDENT).await;
    organiser
        .post(
            &format!("/training/enrolments/{enrolment}/attendance"),
            &[("day", &day(12)), ("present", "1")],
        )
        .await;
    let refused = post(fields(day(14), day(15), "10")).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Attendance has been taken"));
    assert_eq!(
        app.login(CORRESPONDENT)
            .await
            .get(&format!("/training/sessions/{session}/edit"))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn the_home_page_says_which_sessions_have_enrolments_to_approve() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let (session, approved): (i64, Option<String>) =
        sqlx::query_as("SELECT session_id, approved_at FROM training_enrolments WHERE id = $1")
            .bind(f.visitors_enrolment)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert!(approved.is_none(), "the volunteer's request waits for the coordinator");
    let coordinator = app.login(COORDINATOR).await;
    let (_, home) = coordinator.get_text("/").await;
    assert!(home.contains("href=\"/training?approve=me\""), "the home page says so");
    let (_, list) = coordinator.get_text("/training?approve=me").await;
    assert!(list.contains(&format!("/training/sessions/{session}\"")));
    let approve = coordinator
        .post(&format!("/training/enrolments/{}/approve", f.visitors_enrolment), &[])
        .await;
    assert_eq!(approve.status(), 303);
    let (_, list) = coordinator.get_text("/training?approve=me").await;
    assert!(
        !list.contains(&format!("/training/sessions/{session}\"")),
        "approved: nothing left there"
    );
    let (_, home) = app.login(VOLUNTEER).await.get_text("/").await;
    assert!(!home.contains("approve=me"), "a volunteer approves nothing");
}
