//! Referrals: the partnership's story from both sides, approval by the
//! probation service, who sees what, ageing and purge with a moved clock.

use chrono::Duration;
use passerelle::scheduler::Job;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{json as json_of, *};

/// A referral of a detainee in Fresnes from the volunteer (ANVP) to Auxilia; its id.
async fn refer_to_courses(app: &TestApp, send: &str) -> i64 {
    let fresnes = app.fresnes().await.to_string();
    let visitor = app.login(VOLUNTEER).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let today = app.today();
    let response = visitor
        .post(
            "/referrals",
            &[
                ("kind", "to_courses"),
                ("sender_organisation_id", &anvp),
                ("receiving_organisation_id", &auxilia),
                ("establishment_id", &fresnes),
                ("reference", "JD-2026-04"),
                ("language", "français"),
                ("needs", "Veut préparer le DAEU"),
                ("prison_number", "123456"),
                ("consent", "1"),
                ("consent_on", &today),
                ("consent_by", "Jean Petit"),
                ("send", send),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    location(&response).trim_start_matches("/referrals/").parse().unwrap()
}

/// A draft and a sent referral from the volunteer, beside the demo's.
pub async fn sent_referrals(app: &TestApp) {
    refer_to_courses(app, "0").await;
    refer_to_courses(app, "1").await;
}

async fn notifications_of(app: &TestApp, email: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT n.subject FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1 ORDER BY n.id",
    )
    .bind(email)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_visitor_refers_a_detainee_to_courses_and_follows_it_to_the_end() {
    let app = TestApp::spawn().await;
    let id = refer_to_courses(&app, "submit").await;
    let number = format!("#{id}");
    assert!(
        notifications_of(&app, AUXILIA_COORDINATOR)
            .await
            .iter()
            .any(|s| s.contains(&number)),
        "the receiving coordinator is told"
    );

    let coordinator = app.login(AUXILIA_COORDINATOR).await;
    let (_, list) = coordinator.get_text("/referrals?state=open").await;
    assert!(list.contains(&format!("/referrals/{id}")));
    let (_, page) = coordinator.get_text(&format!("/referrals/{id}")).await;
    assert!(page.contains("JD-2026-04"));
    assert!(!page.contains("123456"), "the prison number waits for acceptance");
    assert_eq!(
        coordinator.post(&format!("/referrals/{id}/accept"), &[]).await.status(),
        303
    );

    // Only a volunteer with a valid authorisation for Fresnes may take it.
    let teacher = app.person_id(VOLUNTEER).await.to_string();
    let refused = coordinator
        .post(&format!("/referrals/{id}/assign"), &[("assignee_id", &teacher)])
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("no valid authorisation"), "{page}");
    let correspondent = app.person_id(CORRESPONDENT).await.to_string();
    let (_, page) = coordinator.get_text(&format!("/referrals/{id}")).await;
    assert!(page.contains("Luc Moreau") && page.contains("123456"));
    let assigned = coordinator
        .post(&format!("/referrals/{id}/assign"), &[("assignee_id", &correspondent)])
        .await;
    assert_eq!(assigned.status(), 303);

    let sender = app.login(VOLUNTEER).await;
    let (_, page) = sender.get_text(&format!("/referrals/{id}")).await;
    assert!(page.contains("Assigned to a volunteer") && page.contains("Luc Moreau"));
    assert!(
        notifications_of(&app, VOLUNTEER).await.len() >= 2,
        "accepted, then assigned"
    );

    let luc = app.login(CORRESPONDENT).await;
    assert_eq!(luc.post(&format!("/referrals/{id}/contact"), &[]).await.status(), 303);
    let no_outcome = luc.post(&format!("/referrals/{id}/close"), &[("text", " ")]).await;
    assert_eq!(no_outcome.status(), 422);
    assert_eq!(
        luc.post(
            &format!("/referrals/{id}/close"),
            &[("text", "Inscrit en français niveau 2")]
        )
        .await
        .status(),
        303
    );
    let (_, page) = sender.get_text(&format!("/referrals/{id}")).await;
    assert!(page.contains("Closed") && page.contains("Inscrit en français niveau 2"));

    let reads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM beneficiary_reads WHERE referral_id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(reads >= 4, "every read of the beneficiary is logged ({reads})");
    for action in [
        "referral.create",
        "referral.action.accept",
        "referral.action.assign",
        "referral.action.close",
    ] {
        assert_eq!(app.audit_count(action).await, 1, "{action}");
    }
}

#[tokio::test]
async fn only_the_parties_see_a_referral() {
    let app = TestApp::spawn().await;
    let id = refer_to_courses(&app, "submit").await;
    for outsider in [ANVP_ADMIN, COORDINATOR, STAFF, OBSERVER, PLATFORM_ADMIN] {
        let browser = app.login(outsider).await;
        assert_eq!(
            browser.get(&format!("/referrals/{id}")).await.status(),
            404,
            "{outsider}"
        );
        let (_, list) = browser.get_text("/referrals").await;
        assert!(!list.contains(&format!("/referrals/{id}\"")), "{outsider} lists it");
        let token = app.token(outsider).await;
        let (status, _) = app.api(Some(&token)).get(&format!("/api/v1/referrals/{id}")).await;
        assert_eq!(status, 404, "{outsider} through the API");
    }
    let token = app.token(VOLUNTEER).await;
    let (status, body) = app.api(Some(&token)).get(&format!("/api/v1/referrals/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(body["beneficiary"]["reference"], "JD-2026-04");
    let (_, list) = app.api(Some(&token)).get("/api/v1/referrals").await;
    assert!(list["items"][0].get("beneficiary").is_none() && list["items"][0].get("reference").is_none());
}

#[tokio::test]
async fn a_draft_is_seen_by_its_author_alone_until_sent() {
    let app = TestApp::spawn().await;
    let id = refer_to_courses(&app, "draft").await;
    let coordinator = app.login(AUXILIA_COORDINATOR).await;
    assert_eq!(coordinator.get(&format!("/referrals/{id}")).await.status(), 404);
    let visitor = app.login(VOLUNTEER).await;
    assert_eq!(
        visitor.post(&format!("/referrals/{id}/submit"), &[]).await.status(),
        303
    );
    assert_eq!(coordinator.get(&format!("/referrals/{id}")).await.status(), 200);
}

#[tokio::test]
async fn meeting_a_learner_waits_for_the_probation_service() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let auxilia = app.organisation_id("AUXILIA").await;
    let anvp = app.organisation_id("ANVP").await;
    let tokens = [
        app.token(CORRESPONDENT).await,
        app.token(COORDINATOR).await,
        app.token(STAFF).await,
    ];
    let [luc, anvp_coordinator, staff] = tokens.each_ref().map(|t| app.api(Some(t)));
    let (status, body) = luc
        .send(
            Method::POST,
            "/api/v1/referrals",
            json!({
                "kind": "meet_learner", "establishment_id": fresnes, "sender_organisation_id": auxilia,
                "receiving_organisation_id": anvp, "reference": "AB-17", "needs": "Isolé, souhaite une visite",
                "consent": true, "consent_on": app.today(), "consent_by": "Luc Moreau", "submit": true
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert!(
        notifications_of(&app, STAFF)
            .await
            .iter()
            .any(|s| s.contains("approuver") || s.contains("approve"))
    );

    let (status, body) = anvp_coordinator
        .send(Method::POST, &format!("/api/v1/referrals/{id}/accept"), json!({}))
        .await;
    assert_eq!(status, 422, "not before approval: {body}");
    assert_eq!(body["error"]["code"], "validation_failed");

    let (status, body) = staff.get(&format!("/api/v1/referrals/{id}")).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("awaiting_approval")));
    let approved = staff
        .request(Method::POST, &format!("/api/v1/referrals/{id}/approve"))
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(approved).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("approved")), "{body}");
    let (status, body) = anvp_coordinator
        .send(Method::POST, &format!("/api/v1/referrals/{id}/accept"), json!({}))
        .await;
    assert_eq!((status, body["state"].as_str()), (200, Some("accepted")));
}

#[tokio::test]
async fn a_referral_without_consent_is_refused_and_the_form_kept() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await.to_string();
    let visitor = app.login(VOLUNTEER).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let response = visitor
        .post(
            "/referrals",
            &[
                ("kind", "to_courses"),
                ("sender_organisation_id", &anvp),
                ("receiving_organisation_id", &auxilia),
                ("establishment_id", &fresnes),
                ("reference", "ZZ-99"),
                ("needs", "Apprendre à lire"),
                ("consent_on", "2026-01-01"),
                ("consent_by", "Jean Petit"),
                ("send", "submit"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("consent is needed"));
    assert!(page.contains("ZZ-99") && page.contains("Apprendre à lire"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM referrals")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn unaccepted_referrals_remind_then_escalate() {
    let app = TestApp::spawn().await;
    let id = refer_to_courses(&app, "submit").await;
    let subjects = |email| notifications_of(&app, email);
    let before = subjects(AUXILIA_COORDINATOR).await.len();
    app.state.clock.advance(Duration::days(13));
    assert_eq!(app.job_today(Job::ReferralAgeing).await, 0);
    app.state.clock.advance(Duration::days(2));
    assert_eq!(app.job_today(Job::ReferralAgeing).await, 1);
    assert_eq!(app.job_today(Job::ReferralAgeing).await, 0, "once");
    let reminded = subjects(AUXILIA_COORDINATOR).await;
    assert_eq!(reminded.len(), before + 1);
    assert!(reminded.last().unwrap().contains(&format!("#{id}")));
    assert!(
        !subjects(AUXILIA_ADMIN).await.iter().any(|s| s.contains("30")),
        "not escalated yet"
    );
    app.state.clock.advance(Duration::days(16));
    assert_eq!(app.job_today(Job::ReferralAgeing).await, 1);
    assert!(subjects(AUXILIA_ADMIN).await.iter().any(|s| s.contains("30")));
    assert_eq!(app.audit_count("referral.ageing").await, 2);
}

#[tokio::test]
async fn the_beneficiary_is_erased_a_year_after_closing_and_the_statistics_stay() {
    let app = TestApp::spawn().await;
    let id = refer_to_courses(&app, "submit").await;
    let coordinator = app.login(AUXILIA_COORDINATOR).await;
    coordinator
        .post(
            &format!("/referrals/{id}/decline"),
            &[("text", "Plus de place cette année")],
        )
        .await;
    app.state.clock.advance(Duration::days(300));
    assert_eq!(app.job_today(Job::ReferralPurge).await, 0);
    app.state.clock.advance(Duration::days(70));
    assert_eq!(app.job_today(Job::ReferralPurge).await, 1);
    let kept: (Option<String>, Option<String>, Option<String>, String) =
        sqlx::query_as("SELECT beneficiary_ref, needs, prison_number, state FROM referrals WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(kept, (None, None, None, "declined".to_owned()));
    let visitor = app.login(VOLUNTEER).await;
    let (status, page) = visitor.get_text(&format!("/referrals/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("erased") && !page.contains("JD-2026-04"));
    let (_, list) = visitor.get_text("/referrals").await;
    assert!(list.contains("Declined : 1"), "still counted");
    assert_eq!(app.audit_count("referral.purge").await, 1);
}

#[tokio::test]
async fn the_home_page_counts_what_waits_for_each_person_as_its_list_does() {
    let app = TestApp::spawn().await;
    let id = refer_to_courses(&app, "submit").await;
    let coordinator = app.login(AUXILIA_COORDINATOR).await;
    let (_, home) = coordinator.get_text("/").await;
    let waiting = home.split("id=\"waiting\"").nth(1).expect("what waits");
    assert!(
        waiting.contains("href=\"/referrals?waiting=me\">One referral waits for you"),
        "{waiting}"
    );
    let (_, list) = coordinator.get_text("/referrals?waiting=me").await;
    assert!(list.contains(&format!("href=\"/referrals/{id}\"")));
    // Once accepted it waits to be assigned, still the coordinator's.
    let accepted = coordinator.post(&format!("/referrals/{id}/accept"), &[]).await;
    assert_eq!(accepted.status(), 303);
    let (_, list) = coordinator.get_text("/referrals?waiting=me").await;
    assert!(list.contains(&format!("href=\"/referrals/{id}\"")));
    // The volunteer who sent it waits for nobody's action of theirs.
    let (_, home) = app.login(VOLUNTEER).await.get_text("/").await;
    assert!(!home.contains("referral waits"), "{home}");
    let (_, list) = app.login(VOLUNTEER).await.get_text("/referrals?waiting=me").await;
    assert!(!list.contains(&format!("href=\"/referrals/{id}\"")));
    // Prison staff have applications to decide, counted as their list.
    let staff = app.login(STAFF).await;
    let (_, home) = staff.get_text("/").await;
    let api = app.api(Some(&app.token(STAFF).await));
    let (_, in_progress) = api.get("/api/v1/authorisations?status=in_progress").await;
    let total = in_progress["total"].as_i64().unwrap();
    assert_eq!(
        home.contains("/authorisations?status=in_progress"),
        total > 0,
        "shown when there is something to decide"
    );
    // Observers act on none of it.
    let (_, home) = app.login(OBSERVER).await.get_text("/").await;
    assert!(!home.contains("id=\"waiting\""));
}

#[tokio::test]
async fn what_waits_for_acceptance_is_shown_to_those_who_coordinate() {
    let app = TestApp::spawn().await;
    let (_, coordinator) = app.login(COORDINATOR).await.get_text("/referrals").await;
    assert!(coordinator.contains("id=\"waiting-tiles\""));
    let (status, volunteer) = app.login(VOLUNTEER).await.get_text("/referrals").await;
    assert_eq!(status, 200);
    assert!(
        !volunteer.contains("id=\"waiting-tiles\""),
        "a volunteer sees how their own referrals stand, not what waits for coordinators"
    );
}
