//! Doors an attacker or a careless client tries: redirects, throttling,
//! CSRF, exports opened in a spreadsheet, password resets, hostile input,
//! uploads, the order of authentication and validation.

use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn login_never_redirects_off_the_site() {
    let app = TestApp::spawn().await;
    let bypasses = [
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "https://evil.example",
        "/%E2%80%A8/evil.example",
    ];
    let signed_in = app.login(VOLUNTEER).await;
    for next in bypasses {
        // Already signed in: the login page sends on at once.
        let response = signed_in.get(&format!("/login?next={next}")).await;
        assert_eq!(response.status(), 303, "{next}");
        assert_eq!(location(&response), "/", "{next}");
        // Logging in, with the target in the form.
        let browser = app.browser().await;
        let decoded = percent_decode(next);
        let response = browser
            .post(
                "/login",
                &[("email", VOLUNTEER), ("password", PASSWORD), ("next", &decoded)],
            )
            .await;
        assert_eq!(response.status(), 303, "{next}");
        assert_eq!(location(&response), "/", "{next}");
    }
    let browser = app.browser().await;
    let response = browser
        .post(
            "/login",
            &[
                ("email", VOLUNTEER),
                ("password", PASSWORD),
                ("next", "/referrals?state=open"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        "/referrals?state=open",
        "a path of the site is kept"
    );
}

fn percent_decode(text: &str) -> String {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&format!("v={text}")).unwrap();
    pairs[0].1.clone()
}

/// A failed login of an unknown address from `forwarded_for`; its status.
async fn failed_login(app: &TestApp, browser: &Browser, forwarded_for: &str, i: usize) -> u16 {
    let email = format!("nobody{i}@example.org");
    let form = [
        ("email", email.as_str()),
        ("password", "guess"),
        ("_csrf", &browser.csrf),
    ];
    let request = browser
        .client
        .post(app.url("/login"))
        .header("x-forwarded-for", forwarded_for);
    request.form(&form).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_forged_forwarded_for_does_not_escape_the_client_limit() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    let mut statuses = Vec::new();
    for i in 0..35 {
        statuses.push(failed_login(&app, &browser, &format!("198.51.100.{i}"), i).await);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 30, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 5, "{statuses:?}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = TestApp::spawn_with(|config| config.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()]).await;
    let browser = app.browser().await;
    for i in 0..30 {
        assert_eq!(failed_login(&app, &browser, "1.2.3.4, 203.0.113.1", i).await, 401);
    }
    assert_eq!(failed_login(&app, &browser, "1.2.3.4, 203.0.113.1", 31).await, 429);
    let other = failed_login(&app, &browser, "1.2.3.4, 203.0.113.2", 32).await;
    assert_eq!(other, 401, "another client behind the proxy");
}

#[tokio::test]
async fn guessing_from_elsewhere_does_not_lock_the_owner_out_of_their_own_browser() {
    let app = TestApp::spawn().await;
    // The owner has logged in from this browser before, then logged out.
    let owner = app.login(COORDINATOR).await;
    owner.post("/logout", &[]).await;
    let mut owner = owner;
    owner.refresh_csrf().await;
    // Someone else tries five passwords.
    let attacker = app.browser().await;
    for _ in 0..5 {
        let r = attacker
            .post("/login", &[("email", COORDINATOR), ("password", "guess")])
            .await;
        assert_eq!(r.status(), 401);
    }
    let r = attacker
        .post("/login", &[("email", COORDINATOR), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 429, "unknown browsers are locked out");
    let r = owner
        .post("/login", &[("email", COORDINATOR), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 303, "the owner's browser keeps its own allowance");
    // A forged device cookie is worth nothing.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client.get(app.url("/login")).send().await.unwrap();
    let anchor = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("passerelle_csrf="))
        .unwrap();
    let csrf = csrf_of(&login.text().await.unwrap());
    let r = client
        .post(app.url("/login"))
        .header(
            "cookie",
            format!("{anchor}; passerelle_device=3.0123456789abcdef0123456789abcdef.00"),
        )
        .form(&[("email", COORDINATOR), ("password", PASSWORD), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn a_csrf_token_is_the_session_s_and_changes_at_login() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    let before = browser.csrf.clone();
    let mut browser = browser;
    browser
        .post("/login", &[("email", PLATFORM_ADMIN), ("password", PASSWORD)])
        .await;
    browser.refresh_csrf().await;
    assert_ne!(browser.csrf, before, "logging in renews the token");
    let form = [
        ("name", "Forged"),
        ("acronym", "FORGED"),
        ("kind", "other"),
        ("country", "FR"),
    ];
    // The token of before the login no longer passes.
    let mut fields = form.to_vec();
    fields.push(("_csrf", &before));
    let response = browser
        .client
        .post(app.url("/organisations"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Nor does any value copied into both the cookie and the form.
    let chosen = "a".repeat(64);
    let mut fields = form.to_vec();
    fields.push(("_csrf", &chosen));
    let response = browser
        .client
        .post(app.url("/organisations"))
        .header("cookie", format!("passerelle_csrf={chosen}"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Nor the right token from another site.
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let mut fields = form.to_vec();
        fields.push(("_csrf", &browser.csrf));
        let response = browser
            .client
            .post(app.url("/organisations"))
            .header(header, value)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{header}: {value}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE acronym = 'FORGED'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
    // The right token from this site passes.
    let mut fields = form.to_vec();
    fields.push(("_csrf", &browser.csrf));
    let response = browser
        .client
        .post(app.url("/organisations"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn exported_names_and_notes_cannot_run_as_formulas() {
    let app = TestApp::spawn().await;
    let volunteer = app.login(VOLUNTEER).await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"Cliquez\")";
    let saved = volunteer.post("/account/profile", &[("name", formula)]).await;
    assert_eq!(saved.status(), 303);
    let coordinator = app.login(COORDINATOR).await;
    let (status, csv) = coordinator.get_text("/people/export.csv?q=evil").await;
    assert_eq!(status, 200);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains("\n=HYPERLINK"), "{csv}");
}

#[tokio::test]
async fn a_reset_link_works_once_even_when_used_at_the_same_time() {
    let app = TestApp::spawn().await;
    let api_token = app.token(VOLUNTEER).await;
    let other_session = app.login(VOLUNTEER).await;
    let browser = app.browser().await;
    browser.post("/password/forgot", &[("email", VOLUNTEER)]).await;
    let link = app.outbox().await[0]
        .split_whitespace()
        .find(|w| w.contains("/password/reset/"))
        .unwrap()
        .to_owned();
    let path = link.trim_start_matches(&app.base).to_owned();
    let reset = |i: usize| {
        let (browser, path) = (&browser, &path);
        async move {
            let password = format!("a new password number {i}");
            browser
                .post(path, &[("password", &password), ("confirmation", &password)])
                .await
                .status()
                .as_u16()
        }
    };
    let (a, b, c, d) = tokio::join!(reset(0), reset(1), reset(2), reset(3));
    let statuses = [a, b, c, d];
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 404).count(), 3, "{statuses:?}");
    // The reset ended the other session and revoked the API token, and said so.
    assert_eq!(other_session.get("/").await.status(), 303);
    let (status, _) = app.api(Some(&api_token)).get("/api/v1/me").await;
    assert_eq!(status, 401);
    let outbox = app.outbox().await;
    assert!(
        outbox
            .iter()
            .any(|m| m.contains("To: visitor@passerelle.demo") && m.contains("sessions")),
        "a confirmation mail"
    );
}

#[tokio::test]
async fn reset_links_are_limited_per_address_and_per_client() {
    let app = TestApp::spawn().await;
    let browser = app.browser().await;
    for _ in 0..30 {
        let response = browser.post("/password/forgot", &[("email", VOLUNTEER)]).await;
        assert_eq!(location(&response), "/login", "the same answer every time");
    }
    assert_eq!(app.outbox().await.len(), 3);
    for email in [
        COORDINATOR,
        ANVP_ADMIN,
        AUXILIA_ADMIN,
        STAFF,
        OBSERVER,
        PLATFORM_ADMIN,
        CORRESPONDENT,
    ] {
        for _ in 0..2 {
            browser.post("/password/forgot", &[("email", email)]).await;
        }
    }
    assert_eq!(app.outbox().await.len(), 10, "ten links an hour from one client");
}

#[tokio::test]
async fn hostile_text_gets_a_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let token = app.token(PLATFORM_ADMIN).await;
    let api = app.api(Some(&token));
    let (status, body) = api.get("/api/v1/people?q=abc%00").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "q");
    let coordinator = app.login(COORDINATOR).await;
    assert_eq!(coordinator.get("/people?q=abc%00").await.status(), 422);
    for path in ["/verify/ABC%00", "/people/1%00", "/password/reset/x%00y"] {
        assert_eq!(coordinator.get(path).await.status(), 404, "{path}");
    }
    let anvp = app.organisation_id("ANVP").await;
    for (body, field) in [
        (json!({"organisation_id": 0, "title": "Accueil"}), None),
        (
            json!({"organisation_id": "two", "title": "Accueil"}),
            Some("organisation_id"),
        ),
        (json!({"organisation_id": anvp, "title": "Accueil\u{0}"}), Some("title")),
        (
            json!({"organisation_id": anvp, "title": "x".repeat(100_001)}),
            Some("title"),
        ),
    ] {
        let (status, answer) = api.send(Method::POST, "/api/v1/training/programmes", body).await;
        assert_eq!(status, 422, "{answer}");
        if let Some(field) = field {
            assert_eq!(answer["error"]["fields"][0]["field"], field, "{answer}");
        }
    }
}

/// A value of each hostile kind for a property of a request schema.
fn hostile(schema: &serde_json::Value, kind: usize) -> serde_json::Value {
    let doc = passerelle::api::openapi();
    let doc = serde_json::to_value(doc).unwrap();
    let schema = match schema.get("$ref").and_then(|r| r.as_str()) {
        Some(target) => doc.pointer(target.trim_start_matches('#')).cloned().unwrap_or_default(),
        None => schema.clone(),
    };
    let types: Vec<String> = match &schema["type"] {
        serde_json::Value::String(t) => vec![t.clone()],
        serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect(),
        _ => vec![],
    };
    match (types.first().map(String::as_str), kind) {
        (Some("string"), 0) => json!("abc\u{0}"),
        (Some("string"), 1) => json!("x".repeat(100_001)),
        (Some("string"), _) => json!(12),
        (Some("integer"), 0 | 1) => json!(999_999_999),
        (Some("integer"), _) => json!("not a number"),
        (Some("boolean"), _) => json!("maybe"),
        (Some("array"), _) => json!([hostile(&schema["items"], kind)]),
        (Some("object"), _) | (None, _) => {
            let properties = schema["properties"].as_object().cloned().unwrap_or_default();
            serde_json::Value::Object(
                properties
                    .iter()
                    .map(|(name, property)| (name.clone(), hostile(property, kind)))
                    .collect(),
            )
        }
        _ => json!(null),
    }
}

#[tokio::test]
async fn every_api_write_refuses_hostile_values_without_a_server_error() {
    let app = TestApp::spawn().await;
    let token = app.token(PLATFORM_ADMIN).await;
    let api = app.api(Some(&token));
    let doc = serde_json::to_value(passerelle::api::openapi()).unwrap();
    let mut writes = 0;
    let mut failures = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            if schema.is_null() {
                continue;
            }
            writes += 1;
            let path = template
                .split('/')
                .map(|s| if s.starts_with('{') { "1" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            for (kind, name) in ["NUL", "overlong", "wrong type"].iter().enumerate() {
                let body = hostile(schema, kind);
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let (status, answer) = api.send(method.clone(), &path, body).await;
                let refused = matches!(status, 400 | 403 | 404 | 409 | 422);
                if !refused {
                    failures.push(format!("{method} {path} with {name} values: {status} {answer}"));
                }
            }
        }
    }
    assert!(writes >= 15, "{writes} writes found");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn the_api_asks_who_before_reading_the_body() {
    let app = TestApp::spawn().await;
    let response = app
        .api(None)
        .request(Method::POST, "/api/v1/meetings")
        .header("content-type", "application/json")
        .body("{ not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = app
        .api(None)
        .request(Method::GET, "/api/v1/people?page=abc")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_page_renamed_as_a_document_is_refused() {
    let app = TestApp::spawn().await;
    let meetings = crate::meetings::fixture(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let page = b"<!doctype html><script>alert(document.cookie)</script>";
    let response = coordinator
        .post_file_as(
            &format!("/meetings/{}/documents", meetings.meeting),
            "document",
            "agenda.pdf",
            page,
        )
        .await;
    assert_eq!(response.status(), 422);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meeting_documents WHERE name = 'agenda.pdf'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn over_https_cookies_are_host_bound_and_browsers_keep_to_https() {
    let app = TestApp::spawn_with(|config| config.public_url = "https://passerelle.example".into()).await;
    let response = reqwest::get(app.url("/login")).await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(!cookies.is_empty());
    for cookie in cookies {
        assert!(
            cookie.starts_with("__Host-") && cookie.contains("Secure") && cookie.contains("Path=/"),
            "{cookie}"
        );
    }
    let plain = TestApp::spawn().await;
    let response = reqwest::get(plain.url("/login")).await.unwrap();
    assert!(response.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn the_sql_and_the_rust_rule_of_who_sees_a_referral_agree() {
    use passerelle::referrals::store;
    let app = TestApp::spawn().await;
    crate::referrals::sent_referrals(&app).await;
    let referrals: Vec<i64> = sqlx::query_scalar("SELECT id FROM referrals ORDER BY id")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(referrals.len() >= 2, "{referrals:?}");
    let people: Vec<String> = sqlx::query_scalar("SELECT email FROM persons WHERE email LIKE '%@passerelle.demo'")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(people.len() >= 9);
    let query: passerelle::web::list::ListQuery = serde_urlencoded::from_str("per_page=100").unwrap();
    for email in people {
        let (person, _) = passerelle::auth::find_person_by_email(&app.state.db, &email)
            .await
            .unwrap()
            .unwrap();
        let actor = passerelle::auth::load_actor(&app.state.db, &person).await.unwrap();
        let listed: Vec<i64> = store::list(&app.state.db, &actor, &query, &Default::default())
            .await
            .unwrap()
            .items
            .iter()
            .map(|r| r.id)
            .collect();
        for id in &referrals {
            let seen = store::get(&app.state.db, &actor, *id).await.is_ok();
            assert_eq!(seen, listed.contains(id), "{email} and referral {id}");
        }
    }
}

#[tokio::test]
async fn certificates_are_in_the_api_for_those_who_may_see_them_and_checked_as_json_by_anyone() {
    let app = TestApp::spawn().await;
    let training = crate::training::fixture(&app).await;
    // The holder (the Auxilia correspondent) and the organiser's coordinator see it whole.
    for email in [CORRESPONDENT, COORDINATOR] {
        let api = app.api(Some(&app.token(email).await));
        let (status, one) = api
            .get(&format!("/api/v1/training/certificates/{}", training.code))
            .await;
        assert_eq!(status, 200, "{email}");
        assert_eq!(one["code"], training.code.as_str());
    }
    let holder = app.api(Some(&app.token(CORRESPONDENT).await));
    let (_, mine) = holder.get("/api/v1/training/certificates").await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == training.code.as_str())
    );
    let anvp = app.organisation_id("ANVP").await;
    let (status, _) = holder
        .get(&format!("/api/v1/training/certificates?organisation={anvp}"))
        .await;
    assert_eq!(status, 403, "a volunteer does not list an organisation's");
    let stranger = app.api(Some(&app.token(VOLUNTEER).await));
    let (status, _) = stranger
        .get(&format!("/api/v1/training/certificates/{}", training.code))
        .await;
    assert_eq!(status, 404);
    // Anyone checks a code, and learns only the name, module, organiser and date.
    let client = reqwest::Client::new();
    let answer = |code: String| {
        let client = &client;
        let url = app.url(&format!("/verify/{code}"));
        async move {
            let response = client
                .get(url)
                .header("accept", "application/json")
                .send()
                .await
                .unwrap();
            json(response).await
        }
    };
    let (status, verified) = answer(training.code.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(verified["status"], "valid");
    let mut fields: Vec<&String> = verified.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["code", "completed_on", "module", "name", "organiser", "status"]
    );
    let (status, unknown) = answer("ZZZZ-ZZZZ-ZZZZ".into()).await;
    assert_eq!((status, unknown["error"]["code"].as_str()), (404, Some("not_found")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_that_reads_then_writes_is_not_refused_for_a_write_made_meanwhile() {
    // Every API call records its token's use outside any transaction. On
    // SQLite, a write transaction that had read before such a write could
    // then no longer write ("database is locked", a 500, which schemathesis
    // met with two workers): write transactions take the lock first.
    let app = TestApp::spawn().await;
    let db = app.state.db.clone();
    let mut tx = db.begin().await.unwrap();
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(&mut **tx)
        .await
        .unwrap();
    let meanwhile = tokio::spawn({
        let pool = db.pool.clone();
        async move {
            sqlx::query("UPDATE persons SET phone = '01 23' WHERE email = $1")
                .bind(VOLUNTEER)
                .execute(&pool)
                .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    sqlx::query(
        "INSERT INTO organisations (name, acronym, kind, country, created_at, updated_at) \
         VALUES ('Late', 'LATE', 'other', 'FR', '2026-12-01T00:00:00.000000Z', '2026-12-01T00:00:00.000000Z')",
    )
    .execute(&mut **tx)
    .await
    .expect("the transaction writes after its read");
    tx.commit().await.unwrap();
    meanwhile.await.unwrap().expect("the other write waited, then went in");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(after, before + 1);
}
