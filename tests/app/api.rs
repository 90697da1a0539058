use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn me_needs_a_token_and_answers_the_person() {
    let app = TestApp::spawn().await;
    let (status, body) = app.api(None).get("/api/v1/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_eq!(app.api(Some("psl_forged")).get("/api/v1/me").await.0, 401);

    let token = app.token(VOLUNTEER).await;
    let (status, me) = app.api(Some(&token)).get("/api/v1/me").await;
    assert_eq!(status, 200);
    assert_eq!(me["name"], "Jean Petit");
    let orgs: Vec<_> = me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organisation_acronym"].clone())
        .collect();
    assert_eq!(orgs, [json!("ANVP"), json!("AUXILIA")]);
}

#[tokio::test]
async fn organisations_are_listed_with_total_and_pages() {
    let app = TestApp::spawn().await;
    let api = app.api(Some(&app.token(OBSERVER).await));
    let (status, page) = api.get("/api/v1/organisations?per_page=2&sort=acronym").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 6);
    let acronyms: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["acronym"].as_str().unwrap())
        .collect();
    assert_eq!(acronyms, ["ANVP", "AUXILIA"]);
    let (_, last) = api.get("/api/v1/organisations?per_page=4&page=2&sort=acronym").await;
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    let (_, french) = api
        .get("/api/v1/organisations?country=fr&kind=volunteer_organisation")
        .await;
    assert_eq!(french["total"], 2);
    let (_, found) = api.get("/api/v1/organisations?q=auxil").await;
    assert_eq!(found["items"][0]["acronym"], "AUXILIA");
    assert_eq!(api.get("/api/v1/organisations?page=abc").await.0, 400);
}

#[tokio::test]
async fn a_platform_admin_creates_an_organisation_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let api = app.api(Some(&app.token(PLATFORM_ADMIN).await));
    let (status, created) = api
        .send(
            Method::POST,
            "/api/v1/organisations",
            json!({"name": "Genepi", "acronym": "GENEPI", "kind": "volunteer_organisation", "country": "fr"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(created["country"], "FR");

    let (status, error) = api
        .send(
            Method::POST,
            "/api/v1/organisations",
            json!({"name": "", "acronym": "GENEPI", "kind": "bank", "country": "FR"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["code"], "validation_failed");
    let fields: Vec<_> = error["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "kind"]);

    let (status, taken) = api
        .send(
            Method::POST,
            "/api/v1/organisations",
            json!({"name": "Other", "acronym": "GENEPI", "kind": "other", "country": "FR"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(taken["error"]["fields"][0]["field"], "acronym");

    let response = api
        .request(Method::POST, "/api/v1/organisations")
        .body("{not json")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    let (status, bad) = json(response).await;
    assert_eq!(status, 400);
    assert_eq!(bad["error"]["code"], "bad_request");

    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(total, 7, "only the valid organisation was added");
    assert_eq!(app.audit_count("organisation.create").await, 1);
}

#[tokio::test]
async fn an_admin_patches_only_their_organisation() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await;
    let auxilia = app.organisation_id("AUXILIA").await;
    let api = app.api(Some(&app.token(ANVP_ADMIN).await));
    let (status, org) = api
        .send(
            Method::PATCH,
            &format!("/api/v1/organisations/{anvp}"),
            json!({"name": "ANVP France"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (org["name"].as_str(), org["acronym"].as_str()),
        (Some("ANVP France"), Some("ANVP"))
    );
    let (status, body) = api
        .send(
            Method::PATCH,
            &format!("/api/v1/organisations/{auxilia}"),
            json!({"name": "Mine now"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    let (status, _) = api
        .send(Method::PATCH, "/api/v1/organisations/999999", json!({"name": "x"}))
        .await;
    assert_eq!(status, 403, "no hint whether an organisation one cannot edit exists");
    let summary: String = sqlx::query_scalar("SELECT summary FROM audit_log WHERE action = 'organisation.update'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(summary.contains("ANVP France"), "{summary}");
}

#[tokio::test]
async fn api_errors_are_json_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let api = app.api(Some(&app.token(VOLUNTEER).await));
    let response = api
        .request(Method::GET, "/api/v1/organisations/999999")
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    let (status, body) = json(response).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("n'existe pas"));
    assert_eq!(api.get("/api/v1/organisations/abc").await.0, 404);
}
