use crate::helpers::*;

#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_erased() {
    let app = TestApp::spawn().await;
    assert!(app.audit_count("demo.seed").await >= 1);
    let update = sqlx::query("UPDATE audit_log SET summary = 'rewritten'")
        .execute(&app.state.db.pool)
        .await;
    assert!(update.is_err(), "UPDATE refused");
    let delete = sqlx::query("DELETE FROM audit_log").execute(&app.state.db.pool).await;
    assert!(delete.is_err(), "DELETE refused");
    assert!(app.audit_count("demo.seed").await >= 1);
}

#[tokio::test]
async fn an_organisation_admin_reads_only_their_organisations_entries() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await;
    let auxilia = app.organisation_id("AUXILIA").await;
    let api = app.api(Some(&app.token(PLATFORM_ADMIN).await));
    for (id, name) in [(anvp, "ANVP renamed"), (auxilia, "Auxilia renamed")] {
        let (status, _) = api
            .send(
                reqwest::Method::PATCH,
                &format!("/api/v1/organisations/{id}"),
                serde_json::json!({"name": name}),
            )
            .await;
        assert_eq!(status, 200);
    }
    let browser = app.login(ANVP_ADMIN).await;
    let (status, page) = browser.get_text("/audit").await;
    assert_eq!(status, 200);
    assert!(page.contains("ANVP renamed") && !page.contains("Auxilia renamed"));
    assert_eq!(
        browser.get(&format!("/audit?organisation={auxilia}")).await.status(),
        403
    );
    let (_, filtered) = browser.get_text("/audit?action=nothing-like-this").await;
    assert!(!filtered.contains("ANVP renamed"));

    let (_, everything) = app.login(PLATFORM_ADMIN).await.get_text("/audit").await;
    assert!(everything.contains("ANVP renamed") && everything.contains("Auxilia renamed"));
}

#[tokio::test]
async fn the_audit_log_filters_by_date() {
    let app = TestApp::spawn().await;
    let browser = app.login(PLATFORM_ADMIN).await;
    let today = app.state.clock.now().date_naive();
    let (_, page) = browser.get_text(&format!("/audit?from={today}&to={today}")).await;
    assert!(page.contains("demo.seed"));
    let tomorrow = today.succ_opt().unwrap();
    let (_, later) = browser.get_text(&format!("/audit?from={tomorrow}")).await;
    assert!(!later.contains("demo.seed"));
}
