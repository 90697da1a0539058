use crate::helpers::*;

#[tokio::test]
async fn a_token_is_shown_once_works_for_the_api_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    let browser = app.login(COORDINATOR).await;
    let page = browser
        .post("/account/tokens", &[("name", "my script")])
        .await
        .text()
        .await
        .unwrap();
    let token = page
        .split("id=\"new-token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert!(token.starts_with("psl_"));
    let (status, me) = app.api(Some(&token)).get("/api/v1/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], COORDINATOR);

    let (_, again) = browser.get_text("/account").await;
    assert!(!again.contains(&token), "the token is never shown again");
    assert!(again.contains("my script"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE name = 'my script'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let revoked = browser.post(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status(), 303);
    assert_eq!(app.api(Some(&token)).get("/api/v1/me").await.0, 401);
    assert_eq!(app.audit_count("token.revoke").await, 1);
}

#[tokio::test]
async fn someone_cannot_revoke_another_persons_token() {
    let app = TestApp::spawn().await;
    let theirs = app.token(COORDINATOR).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let browser = app.login(VOLUNTEER).await;
    assert_eq!(
        browser
            .post(&format!("/account/tokens/{id}/revoke"), &[])
            .await
            .status(),
        404
    );
    assert_eq!(app.api(Some(&theirs)).get("/api/v1/me").await.0, 200);
}

#[tokio::test]
async fn logging_out_everywhere_closes_every_session() {
    let app = TestApp::spawn().await;
    let laptop = app.login(VOLUNTEER).await;
    let phone = app.login(VOLUNTEER).await;
    let (_, account) = laptop.get_text("/account").await;
    assert_eq!(
        account.matches("/account/sessions/").count() - 1,
        1,
        "the other session can be closed"
    );
    let response = laptop.post("/account/sessions/revoke-all", &[]).await;
    assert!(location(&response).starts_with("/login"));
    assert_eq!(phone.get("/").await.status(), 303);
    assert_eq!(laptop.get("/").await.status(), 303);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_closes_other_sessions() {
    let app = TestApp::spawn().await;
    let laptop = app.login(VOLUNTEER).await;
    let phone = app.login(VOLUNTEER).await;
    let wrong = laptop
        .post(
            "/account/password",
            &[
                ("current", "nope"),
                ("password", "another long password"),
                ("confirmation", "another long password"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let mismatch = laptop
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "another long password"),
                ("confirmation", "different"),
            ],
        )
        .await;
    assert_eq!(mismatch.status(), 422);
    let done = laptop
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "another long password"),
                ("confirmation", "another long password"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(laptop.get("/").await.status(), 200, "this browser stays signed in");
    assert_eq!(phone.get("/").await.status(), 303, "the other one is signed out");
    assert_eq!(app.audit_count("password.change").await, 1);
}

#[tokio::test]
async fn the_profile_name_is_saved_and_audited() {
    let app = TestApp::spawn().await;
    let browser = app.login(VOLUNTEER).await;
    let refused = browser
        .post(
            "/account/profile",
            &[("name", "  "), ("phone", "06 12 34 56 78"), ("share_contact", "1")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("value=\"06 12 34 56 78\""), "what was typed is kept");
    assert!(page.contains("value=\"1\" checked"));
    assert_eq!(
        browser
            .post("/account/profile", &[("name", "Jean-Pierre Petit")])
            .await
            .status(),
        303
    );
    let (_, home) = browser.get_text("/").await;
    assert!(home.contains("Jean-Pierre Petit"));
    assert_eq!(app.audit_count("person.update").await, 1);
}
