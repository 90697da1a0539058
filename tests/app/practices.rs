//! The practice library: described by an organisation, found by its words,
//! its theme and its language, tried by another, read by everyone signed in.

use crate::helpers::*;

async fn describe(app: &TestApp, email: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let anvp = app.organisation_id("ANVP").await.to_string();
    let mut form = vec![
        ("organisation_id", anvp.as_str()),
        ("language", "fr"),
        ("title", "Le binôme de découverte"),
        (
            "context",
            "Les nouveaux visiteurs abandonnaient dans les six premiers mois.",
        ),
        ("what", "Trois premières visites à deux, puis un point mensuel."),
    ];
    form.extend_from_slice(fields);
    app.login(email).await.post("/practices", &form).await
}

/// A practice of ANVP described by its coordinator; its id.
pub async fn fixture(app: &TestApp) -> i64 {
    let created = describe(app, COORDINATOR, &[("theme", "recruitment"), ("theme", "visits")]).await;
    assert_eq!(created.status(), 303);
    location(&created).trim_start_matches("/practices/").parse().unwrap()
}

#[tokio::test]
async fn a_practice_is_described_found_and_tried_by_another_organisation() {
    let app = TestApp::spawn().await;
    let refused = describe(&app, COORDINATOR, &[]).await;
    assert_eq!(refused.status(), 422, "a practice needs a theme");
    let html = refused.text().await.unwrap();
    assert!(html.contains("Choose at least one theme."));
    assert!(
        html.contains("Trois premières visites à deux"),
        "what was typed is kept"
    );
    let id = fixture(&app).await;
    assert_eq!(app.audit_count("practice.create").await, 1);

    let observer = app.login(OBSERVER).await;
    let (status, html) = observer.get_text("/practices?q=binôme").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("/practices/{id}\"")),
        "found by a word of its title"
    );
    let (_, html) = observer.get_text("/practices?theme=families").await;
    assert!(!html.contains(&format!("/practices/{id}\"")), "not about families");
    let (_, html) = observer.get_text("/practices?theme=visits&language=fr").await;
    assert!(html.contains(&format!("/practices/{id}\"")));
    let (_, html) = observer.get_text("/practices?language=pl").await;
    assert!(!html.contains(&format!("/practices/{id}\"")));
    assert_eq!(
        observer.get("/practices/new").await.status(),
        403,
        "an observer reads, describes nothing"
    );

    let auxilia = app.organisation_id("AUXILIA").await.to_string();
    let peer = app.login(AUXILIA_ADMIN).await;
    let note = peer
        .post(
            &format!("/practices/{id}/notes"),
            &[
                ("organisation_id", &auxilia),
                ("kind", "tried"),
                ("text", "Repris pour nos correspondants."),
            ],
        )
        .await;
    assert_eq!(note.status(), 303);
    let (_, html) = peer.get_text("/practices").await;
    assert!(html.contains("tried by 1 organisation(s)"));
    let (_, html) = peer.get_text(&format!("/practices/{id}")).await;
    assert!(html.contains("<strong>AUXILIA</strong> · We tried it"));
    let anvp = app.organisation_id("ANVP").await.to_string();
    let impersonating = peer
        .post(
            &format!("/practices/{id}/notes"),
            &[
                ("organisation_id", &anvp),
                ("kind", "comment"),
                ("text", "Au nom d'ANVP"),
            ],
        )
        .await;
    assert_eq!(impersonating.status(), 422, "only on behalf of one's own organisation");
    let edit = peer
        .post(&format!("/practices/{id}/edit"), &[("title", "Changé par Auxilia")])
        .await;
    assert_eq!(edit.status(), 403, "only its organisation changes it");

    let (status, body) = app
        .api(Some(&app.token(VOLUNTEER).await))
        .get(&format!("/api/v1/practices/{id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["tried"], 1);
    assert_eq!(body["notes"][0]["organisation"], "AUXILIA");
    assert!(
        body["notes"][0].get("created_by").is_none(),
        "a note names its organisation, not a person"
    );
}
