use chrono::Duration;
use passerelle::scheduler::Job;

use crate::helpers::*;

#[tokio::test]
async fn reminders_go_out_at_90_30_and_7_days_once_each() {
    let app = TestApp::spawn().await;
    let id = app.expiring_authorisation(89).await;
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(app.inbox_count(VOLUNTEER).await, 1, "the volunteer");
    assert_eq!(app.inbox_count(COORDINATOR).await, 1, "the coordinator");
    assert_eq!(app.inbox_count(ANVP_ADMIN).await, 1, "the organisation's admin");
    assert_eq!(app.inbox_count(AUXILIA_ADMIN).await, 0, "not another organisation");
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
    assert_eq!(app.inbox_count(VOLUNTEER).await, 1);

    app.state.clock.advance(Duration::days(60));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(app.inbox_count(VOLUNTEER).await, 2, "the 30-day reminder");
    app.state.clock.advance(Duration::days(23));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(app.inbox_count(VOLUNTEER).await, 3, "the 7-day reminder");
    app.state.clock.advance(Duration::days(10));
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(app.inbox_count(VOLUNTEER).await, 3, "none once expired");

    let browser = app.login(VOLUNTEER).await;
    let (_, inbox) = browser.get_text("/inbox").await;
    assert_eq!(inbox.matches("class=\"card\"").count(), 3);
    assert!(inbox.contains(&format!("/authorisations/{id}")));
}

#[tokio::test]
async fn suspended_authorisations_get_no_reminder() {
    let app = TestApp::spawn().await;
    let id = app.expiring_authorisation(20).await;
    let coordinator = app.login(COORDINATOR).await;
    let today = app.state.clock.now().date_naive().to_string();
    coordinator
        .post(
            &format!("/authorisations/{id}/suspend"),
            &[("on", &today), ("reason", "enquête")],
        )
        .await;
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    assert_eq!(app.inbox_count(VOLUNTEER).await, 0);
}
