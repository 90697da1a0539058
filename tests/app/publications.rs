//! Figures published to a network: frozen, flagged when the data under
//! them change, and all an observer sees.

use chrono::Datelike;

use crate::helpers::*;
use crate::indicator_sets::{indicators, network};

/// The network of ANVP and Auxilia with an agreed set of the first four
/// indicators, VOLPRIS (the observer's organisation) a member too.
async fn agreed_network(app: &TestApp) -> i64 {
    let network = network(app).await;
    let (anvp, auxilia, volpris) = (
        app.organisation_id("ANVP").await.to_string(),
        app.organisation_id("AUXILIA").await.to_string(),
        app.organisation_id("VOLPRIS").await.to_string(),
    );
    let platform = app.login(PLATFORM_ADMIN).await;
    let path = format!("/networks/{network}");
    platform
        .post(&format!("{path}/request"), &[("organisation_id", &volpris)])
        .await;
    platform
        .post(&format!("{path}/accept"), &[("organisation_id", &volpris)])
        .await;
    let chosen = indicators(app, 4).await;
    let network_field = network.to_string();
    let mut fields = vec![
        ("network_id", network_field.as_str()),
        ("organisation_id", anvp.as_str()),
        ("name", "Indicateurs du réseau"),
    ];
    fields.extend(chosen.iter().map(|id| ("indicator", id.as_str())));
    let proposed = app.login(ANVP_ADMIN).await.post("/indicator-sets", &fields).await;
    let set = location(&proposed);
    for organisation in [&auxilia, &volpris] {
        let accepted = platform
            .post(&format!("{set}/accept"), &[("organisation_id", organisation)])
            .await;
        assert_eq!(accepted.status(), 303);
    }
    network
}

/// ANVP's figures of last year published in `network`, where ANVP alone
/// agrees a set; the publication's path id.
pub async fn published_in(app: &TestApp, network: i64) -> String {
    let (network, anvp) = (network.to_string(), app.organisation_id("ANVP").await.to_string());
    let chosen = indicators(app, 2).await;
    let admin = app.login(ANVP_ADMIN).await;
    let mut fields = vec![
        ("network_id", network.as_str()),
        ("organisation_id", anvp.as_str()),
        ("name", "Indicateurs"),
    ];
    fields.extend(chosen.iter().map(|id| ("indicator", id.as_str())));
    assert_eq!(admin.post("/indicator-sets", &fields).await.status(), 303);
    let last_year = (app.state.clock.now().year() - 1).to_string();
    let published = admin
        .post(
            "/indicators/publications",
            &[
                ("network_id", &network),
                ("organisation_id", &anvp),
                ("period", &last_year),
            ],
        )
        .await;
    location(&published)
        .trim_start_matches("/indicators/publications/")
        .to_owned()
}

#[tokio::test]
async fn an_organisation_publishes_a_closed_period_and_the_observer_sees_only_that() {
    let app = TestApp::spawn().await;
    let fresnes = app.establishment("FR", 700).volunteers(9).build().await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let last_year = (app.state.clock.now().year() - 1).to_string();
    let this_year = app.state.clock.now().year().to_string();
    let admin = app.login(ANVP_ADMIN).await;
    let created = admin
        .post(
            "/networks",
            &[("name", "Réseau sans indicateurs"), ("coordinator_id", &anvp)],
        )
        .await;
    let unagreed = location(&created).trim_start_matches("/networks/").to_owned();
    let early = admin
        .post(
            "/indicators/publications",
            &[
                ("network_id", &unagreed),
                ("organisation_id", &anvp),
                ("period", &last_year),
            ],
        )
        .await;
    assert_eq!(early.status(), 422, "no agreed set yet");
    assert!(early.text().await.unwrap().contains("no agreed indicator set"));
    sqlx::query("DELETE FROM network_members")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM networks")
        .execute(&app.state.db.pool)
        .await
        .ok();

    let network = agreed_network(&app).await.to_string();
    let open = admin
        .post(
            "/indicators/publications",
            &[
                ("network_id", &network),
                ("organisation_id", &anvp),
                ("period", &this_year),
            ],
        )
        .await;
    assert_eq!(open.status(), 422, "this year is not over");
    let published = admin
        .post(
            "/indicators/publications",
            &[
                ("network_id", &network),
                ("organisation_id", &anvp),
                ("period", &last_year),
                ("commentary", "Une année de visites"),
            ],
        )
        .await;
    assert_eq!(published.status(), 303);
    let publication = location(&published);
    let (_, page) = admin.get_text(&publication).await;
    assert!(
        page.contains("id=\"unchanged\"") && page.contains("Une année de visites"),
        "{page}"
    );

    let observer = app.login(OBSERVER).await;
    let (_, home) = observer.get_text("/").await;
    assert!(
        home.contains("href=\"/indicators/published\""),
        "the observer's way to indicators"
    );
    for live in [
        "/indicators",
        "/indicators/export.csv",
        &format!("/indicators?level=establishment&region={fresnes}"),
    ] {
        assert_eq!(
            observer.get_text(live).await.0,
            404,
            "{live}: live figures are not for observers"
        );
    }
    let (status, _) = app
        .api(Some(&app.token(OBSERVER).await))
        .get("/api/v1/indicators")
        .await;
    assert_eq!(status, 404);
    let (status, page) = observer
        .get_text(&format!("/indicators/published?network={network}"))
        .await;
    assert_eq!(status, 200);
    let table = page.split("id=\"published\"").nth(1).expect("the published figures");
    assert!(
        table.contains(">ANVP<") && table.contains("Volunteers per 100 detainees"),
        "{table}"
    );
    assert_eq!(table.matches("<th scope=\"row\">").count(), 4, "the set's indicators");
    assert!(!page.contains("Publish our figures"), "an observer publishes nothing");
    // Authorisations corrected afterwards to start in the published year
    // change its figures: the publication stays as it was and says so.
    let year = app.state.clock.now().year() - 1;
    app.backdate_authorisations(fresnes, &format!("{year}-03-01")).await;
    let (_, page) = observer.get_text(&publication).await;
    assert!(
        !page.contains("id=\"changed\""),
        "checked by the scheduler, at most daily"
    );
    app.state
        .clock
        .advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    assert!(passerelle::indicators::snapshots::refresh(&app.state).await.unwrap() >= 1);
    let (_, page) = observer.get_text(&publication).await;
    assert!(page.contains("id=\"changed\""), "flagged: the data under it changed");
    // Outside the network, nothing.
    let (status, _) = app.login(STAFF).await.get_text(&publication).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_network_hides_more_when_its_coordinator_raises_the_threshold() {
    let app = TestApp::spawn().await;
    let prison = app.establishment("FR", 700).volunteers(7).build().await;
    let last_year = (app.state.clock.now().year() - 1).to_string();
    app.backdate_authorisations(prison, &format!("{last_year}-03-01")).await;
    let network = agreed_network(&app).await;
    let (path, anvp) = (
        format!("/networks/{network}"),
        app.organisation_id("ANVP").await.to_string(),
    );
    let admin = app.login(ANVP_ADMIN).await;
    let publish = || async {
        let fields = [
            ("network_id", network.to_string()),
            ("organisation_id", anvp.clone()),
            ("period", last_year.clone()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(admin.post("/indicators/publications", &fields).await.status(), 303);
        let figures: String = sqlx::query_scalar("SELECT figures FROM indicator_publications WHERE network_id = $1")
            .bind(network)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let figures: serde_json::Value = serde_json::from_str(&figures).unwrap();
        figures[0]["suppressed"].as_bool().unwrap()
    };
    assert!(!publish().await, "ANVP's volunteers of last year are 5 or more");
    // Only the coordinating organisation sets it, never under 5.
    let auxilia = app.login(AUXILIA_ADMIN).await;
    let refused = auxilia
        .post(&format!("{path}/threshold"), &[("threshold", "100")])
        .await;
    assert_eq!(refused.status(), 403);
    let too_low = admin.post(&format!("{path}/threshold"), &[("threshold", "3")]).await;
    assert_eq!(too_low.status(), 422);
    let page = too_low.text().await.unwrap();
    assert!(
        page.contains("whole number from 5 to 100") && page.contains("value=\"3\""),
        "{page}"
    );
    let raised = admin.post(&format!("{path}/threshold"), &[("threshold", "100")]).await;
    assert_eq!(raised.status(), 303);
    let (_, page) = auxilia.get_text(&path).await;
    assert!(page.contains("counts of people under 100 are hidden"), "{page}");
    assert_eq!(app.audit_count("network.threshold").await, 1);
    assert!(publish().await, "fewer than 100: hidden");
    let id: i64 = sqlx::query_scalar("SELECT id FROM indicator_publications")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (_, report) = admin.get_text(&format!("/indicators/publications/{id}")).await;
    assert!(report.contains("Counts of people under 100 are hidden"), "{report}");
}
