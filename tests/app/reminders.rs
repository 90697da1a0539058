use chrono::Duration;
use passerelle::scheduler::Job;

use crate::helpers::*;

/// A granted authorisation of the volunteer with ANVP expiring in `days` days.
async fn expiring_in(app: &TestApp, days: i64) -> i64 {
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let nimes: i64 = sqlx::query_scalar("SELECT id FROM establishments WHERE code = 'FR-MA-NIMES'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let today = app.state.clock.now().date_naive();
    let form = [
        ("organisation", anvp.as_str()),
        ("person_email", VOLUNTEER),
        ("filed_on", &(today - Duration::days(800)).to_string()),
        ("establishments", &nimes.to_string()),
    ];
    let r = coordinator.post("/authorisations", &form).await;
    let id: i64 = location(&r).trim_start_matches("/authorisations/").parse().unwrap();
    let decision = [
        ("decision", "granted"),
        ("decided_on", &(today - Duration::days(700)).to_string()),
        ("starts_on", &(today - Duration::days(700)).to_string()),
        ("expires_on", &(today + Duration::days(days)).to_string()),
    ];
    assert_eq!(
        coordinator
            .post(&format!("/authorisations/{id}/decision"), &decision)
            .await
            .status(),
        303
    );
    id
}

async fn inbox_count(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications n JOIN persons p ON p.id = n.person_id WHERE p.email = $1")
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn reminders_go_out_at_90_30_and_7_days_once_each() {
    let app = TestApp::spawn().await;
    let id = expiring_in(&app, 89).await;
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(inbox_count(&app, VOLUNTEER).await, 1, "the volunteer");
    assert_eq!(inbox_count(&app, COORDINATOR).await, 1, "the coordinator");
    assert_eq!(inbox_count(&app, ANVP_ADMIN).await, 1, "the organisation's admin");
    assert_eq!(inbox_count(&app, AUXILIA_ADMIN).await, 0, "not another organisation");
    let mails = app.outbox().await;
    let about = |text: &str| mails.iter().filter(|m| m.contains(text)).count();
    assert_eq!(about(&format!("/authorisations/{id}")), 1, "the volunteer's own");
    assert_eq!(
        about("/authorisations?status=expiring"),
        2,
        "the coordinator's and the admin's list"
    );

    // The same day again, from another instance: nothing more.
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    app.job_today(Job::AuthorisationReminders).await;
    assert_eq!(inbox_count(&app, VOLUNTEER).await, 1);

    app.state.clock.advance(Duration::days(60));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(inbox_count(&app, VOLUNTEER).await, 2, "the 30-day reminder");
    app.state.clock.advance(Duration::days(23));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(inbox_count(&app, VOLUNTEER).await, 3, "the 7-day reminder");
    app.state.clock.advance(Duration::days(10));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(inbox_count(&app, VOLUNTEER).await, 3, "none once expired");

    let browser = app.login(VOLUNTEER).await;
    let (_, inbox) = browser.get_text("/inbox").await;
    assert_eq!(inbox.matches("class=\"card\"").count(), 3);
    assert!(inbox.contains(&format!("/authorisations/{id}")));
}

#[tokio::test]
async fn suspended_authorisations_get_no_reminder() {
    let app = TestApp::spawn().await;
    let id = expiring_in(&app, 20).await;
    let coordinator = app.login(COORDINATOR).await;
    let today = app.state.clock.now().date_naive().to_string();
    coordinator
        .post(
            &format!("/authorisations/{id}/suspend"),
            &[("on", &today), ("reason", "enquête")],
        )
        .await;
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(inbox_count(&app, VOLUNTEER).await, 0);
}
