use crate::helpers::TestApp;

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for path in ["/healthz", "/readyz"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
    // Only the scraper bearing the configured token gets them.
    for token in [None, Some("wrong")] {
        let mut request = client.get(app.url("/metrics"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        assert_eq!(request.send().await.unwrap().status(), 404, "{token:?}");
    }
    let metrics = client
        .get(app.url("/metrics"))
        .bearer_auth(crate::helpers::METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("passerelle_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("passerelle_http_request_duration_seconds_bucket"));
    assert!(metrics.contains("passerelle_db_pool_connections{state=\"idle\"}"));
}

#[tokio::test]
async fn without_the_database_every_request_is_told_to_come_back_soon() {
    let app = TestApp::spawn().await;
    let browser = app.login(crate::helpers::COORDINATOR).await;
    let token = app.token(crate::helpers::COORDINATOR).await;
    app.state.db.pool.close().await;

    let started = std::time::Instant::now();
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "readiness answers at once"
    );

    let page = browser.client.get(app.url("/authorisations")).send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    let page = page.text().await.unwrap();
    assert!(
        page.contains("<html") && page.contains("cannot reach its database"),
        "{page}"
    );

    let api = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 503);
    assert!(api.headers().contains_key("retry-after"));
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/me", "get"),
        ("/api/v1/organisations", "get"),
        ("/api/v1/organisations", "post"),
        ("/api/v1/organisations/{id}", "get"),
        ("/api/v1/organisations/{id}", "patch"),
        ("/api/v1/establishments", "get"),
        ("/api/v1/establishments/{id}", "get"),
        ("/api/v1/authorisations", "get"),
        ("/api/v1/authorisations/{id}", "get"),
        ("/api/v1/people", "get"),
        ("/api/v1/people/{id}", "get"),
        ("/api/v1/agreements", "get"),
        ("/api/v1/agreements/{id}/evaluations/{evaluation}", "put"),
        ("/api/v1/meetings", "get"),
        ("/api/v1/meetings", "post"),
        ("/api/v1/meetings/{id}", "get"),
        ("/api/v1/meetings/{id}/invitations", "post"),
        ("/api/v1/meetings/{id}/answer", "put"),
        ("/api/v1/networks", "get"),
    ] {
        assert!(
            paths[path][method].is_object(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    // Every operation declares its responses and the bearer token.
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path}"
            );
            assert!(
                op["security"].is_array(),
                "{method} {path} does not declare its security"
            );
        }
    }
    assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    let response = reqwest::get(app.url("/login")).await.unwrap();
    let headers = response.headers();
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-request-id"].len(), 16);
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let fr = client
        .get(app.url("/nowhere"))
        .header("accept-language", "fr-FR")
        .send()
        .await
        .unwrap();
    assert_eq!(fr.status(), 404);
    assert!(fr.text().await.unwrap().contains("Cette page n&#39;existe pas"));
    let en = client
        .get(app.url("/nowhere"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(en.text().await.unwrap().contains("This page does not exist"));
}
