use crate::helpers::*;

#[tokio::test]
async fn a_person_logs_in_sees_their_organisations_and_logs_out() {
    let app = TestApp::spawn().await;
    let browser = app.login(VOLUNTEER).await;
    let (status, home) = browser.get_text("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Jean Petit"));
    assert!(
        home.contains("ANVP") && home.contains("AUXILIA"),
        "both memberships shown"
    );
    let response = browser.post("/logout", &[]).await;
    assert_eq!(location(&response), "/login");
    let after = browser.get("/").await;
    assert_eq!(after.status(), 303);
    assert!(location(&after).starts_with("/login"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_keeps_the_email() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    let response = browser
        .post("/login", &[("email", VOLUNTEER), ("password", "not the password")])
        .await;
    assert_eq!(response.status(), 401);
    let page = response.text().await.unwrap();
    assert!(page.contains(VOLUNTEER), "the typed email stays in the form");
    assert!(page.contains("role=\"alert\""));
    assert_eq!(browser.get("/").await.status(), 303, "no session was opened");
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    for _ in 0..5 {
        let r = browser
            .post("/login", &[("email", COORDINATOR), ("password", "wrong password")])
            .await;
        assert_eq!(r.status(), 401);
    }
    let r = browser
        .post("/login", &[("email", COORDINATOR), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("15"));
    // Time passes: the window is over and the right password works again.
    app.state.clock.advance(chrono::Duration::minutes(16));
    let r = browser
        .post("/login", &[("email", COORDINATOR), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let app = TestApp::spawn().await;
    let browser = app.login(PLATFORM_ADMIN).await;
    let response = browser
        .post_without_csrf(
            "/organisations",
            &[
                ("name", "Forged"),
                ("acronym", "FORGED"),
                ("kind", "other"),
                ("country", "FR"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("expired"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE acronym = 'FORGED'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_emailed_link_once() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    let response = browser
        .post("/password/forgot", &[("email", "VISITOR@passerelle.demo ")])
        .await;
    assert_eq!(location(&response), "/login");
    // An unknown address gets the same answer and no mail.
    let unknown = browser
        .post("/password/forgot", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(location(&unknown), "/login");
    let outbox = app.outbox().await;
    assert_eq!(outbox.len(), 1);
    assert!(outbox[0].contains("To: visitor@passerelle.demo"));
    let link = outbox[0]
        .split_whitespace()
        .find(|w| w.contains("/password/reset/"))
        .unwrap()
        .to_owned();
    let path = link.trim_start_matches(&app.base).to_owned();

    let short = browser
        .post(&path, &[("password", "short"), ("confirmation", "short")])
        .await;
    assert_eq!(short.status(), 422);
    let done = browser
        .post(
            &path,
            &[
                ("password", "a brand new password"),
                ("confirmation", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(location(&done), "/login");
    assert_eq!(browser.get(&path).await.status(), 404, "a link works once");

    let old = browser
        .post("/login", &[("email", VOLUNTEER), ("password", PASSWORD)])
        .await;
    assert_eq!(old.status(), 401);
    let new = browser
        .post("/login", &[("email", VOLUNTEER), ("password", "a brand new password")])
        .await;
    assert_eq!(new.status(), 303);
}

#[tokio::test]
async fn a_reset_link_expires_after_an_hour() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    browser.post("/password/forgot", &[("email", VOLUNTEER)]).await;
    let mail = app.outbox().await.pop().unwrap();
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/password/reset/"))
        .unwrap()
        .to_owned();
    app.state.clock.advance(chrono::Duration::minutes(61));
    let response = browser.get(link.trim_start_matches(&app.base)).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_language_follows_the_browser_then_the_choice() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let fr = client
        .get(app.url("/login"))
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap();
    let page = fr.text().await.unwrap();
    assert!(page.contains("<html lang=\"fr\">") && page.contains("Se connecter"));
    let csrf = csrf_of(&page);
    client
        .post(app.url("/language"))
        .form(&[("lang", "en"), ("next", "/login"), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let en = client
        .get(app.url("/login"))
        .header("accept-language", "fr-FR")
        .send()
        .await
        .unwrap();
    let page = en.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Log in"));
}

#[tokio::test]
async fn expired_sessions_no_longer_open_pages() {
    let app = TestApp::spawn().await;
    let browser = app.login(VOLUNTEER).await;
    assert_eq!(browser.get("/").await.status(), 200);
    app.state.clock.advance(chrono::Duration::days(15));
    assert_eq!(browser.get("/").await.status(), 303);
}
