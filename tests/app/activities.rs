//! The activity log: a visit on a date without authorisation is refused,
//! a month is entered at once or not at all, coordinators correct.

use chrono::Duration;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

async fn nimes(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM establishments WHERE code = 'FR-MA-NIMES'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    id.to_string()
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM activities")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_visit_needs_a_valid_authorisation_on_its_date() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await.to_string();
    let anvp = app.organisation_id("ANVP").await.to_string();
    let visitor = app.login(VOLUNTEER).await;
    let today = app.today();
    let visit = |place: &str, day: &str| {
        vec![
            ("organisation".to_owned(), anvp.clone()),
            ("kind".to_owned(), "visit".to_owned()),
            ("done_on".to_owned(), day.to_owned()),
            ("establishment_id".to_owned(), place.to_owned()),
            ("people_met".to_owned(), "2".to_owned()),
            ("duration".to_owned(), "1h30".to_owned()),
            ("note".to_owned(), String::new()),
        ]
    };
    let post = |fields: Vec<(String, String)>| {
        let visitor = &visitor;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            visitor.post("/activities", &fields).await
        }
    };
    let elsewhere = post(visit(&nimes(&app).await, &today)).await;
    assert_eq!(elsewhere.status(), 422);
    assert!(elsewhere.text().await.unwrap().contains("no valid authorisation"));
    let before_grant = (app.state.clock.now() - Duration::days(300)).date_naive().to_string();
    assert_eq!(post(visit(&fresnes, &before_grant)).await.status(), 422);
    assert_eq!(count(&app).await, 0);

    let saved = post(visit(&fresnes, &today)).await;
    assert_eq!(saved.status(), 303);
    let (_, mine) = visitor.get_text("/activities?whose=mine").await;
    assert!(mine.contains("Visit") && mine.contains("1 h 30"));

    // A month at once: one bad line, nothing saved, every line kept.
    let mut month = visit(&fresnes, &today);
    month.extend(visit(&nimes(&app).await, &today).into_iter().skip(1));
    month.extend(visit(&fresnes, "2026-13-01").into_iter().skip(1));
    let refused = post(month).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Nothing was saved") && page.contains("2026-13-01"));
    assert_eq!(count(&app).await, 1);
}

#[tokio::test]
async fn coordinators_correct_the_entries_of_their_scope_only() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let token = app.token(VOLUNTEER).await;
    let anvp = app.organisation_id("ANVP").await;
    let (status, body) = app
        .api(Some(&token))
        .send(
            Method::POST,
            "/api/v1/activities",
            json!({"organisation_id": anvp, "entries": [
                {"kind": "visit", "done_on": app.today(), "establishment_id": fresnes, "people_met": 1, "duration": "60"},
                {"kind": "visit", "done_on": app.today(), "establishment_id": null, "duration": "60"}
            ]}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["fields"][0]["field"], "entries[1].establishment_id");
    let (status, body) = app
        .api(Some(&token))
        .send(
            Method::POST,
            "/api/v1/activities",
            json!({"organisation_id": anvp, "entries": [
                {"kind": "visit", "done_on": app.today(), "establishment_id": fresnes, "people_met": 1, "duration": "60"}
            ]}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["ids"][0].as_i64().unwrap();

    let other = app.login(AUXILIA_ADMIN).await;
    assert_eq!(other.get(&format!("/activities/{id}")).await.status(), 404);
    let coordinator = app.login(COORDINATOR).await;
    let fresnes = fresnes.to_string();
    let today = app.today();
    let corrected = coordinator
        .post(
            &format!("/activities/{id}"),
            &[
                ("kind", "visit"),
                ("done_on", &today),
                ("establishment_id", &fresnes),
                ("people_met", "3"),
                ("duration", "2h"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(corrected.status(), 303);
    assert_eq!(app.audit_count("activity.correct").await, 1);
    let (_, totals) = app
        .api(Some(&token))
        .get("/api/v1/activities/totals?by=establishment")
        .await;
    assert_eq!(totals[0]["minutes"], 120);
    assert_eq!(totals[0]["people_met"], 3);
    let (_, csv) = coordinator.get_text("/activities/export.csv").await;
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Jean Petit"));
}

#[tokio::test]
async fn the_list_shows_the_current_month_unless_another_is_asked() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let token = app.token(VOLUNTEER).await;
    let api = app.api(Some(&token));
    let long_ago = (app.state.clock.now() - Duration::days(40)).date_naive();
    for day in [app.today(), long_ago.to_string()] {
        let entry =
            json!({"kind": "visit", "done_on": day, "establishment_id": fresnes, "people_met": 1, "duration": "60"});
        let body = json!({"organisation_id": app.organisation_id("ANVP").await, "entries": [entry]});
        assert_eq!(api.send(Method::POST, "/api/v1/activities", body).await.0, 201);
    }
    let dates = |body: serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["done_on"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(dates(api.get("/api/v1/activities").await.1), vec![app.today()]);
    let old_month = long_ago.format("%Y-%m").to_string();
    assert_eq!(
        dates(api.get(&format!("/api/v1/activities?month={old_month}")).await.1),
        vec![long_ago.to_string()]
    );
    assert_eq!(dates(api.get("/api/v1/activities?month=all").await.1).len(), 2);
    let (status, body) = api.get("/api/v1/activities/totals?by=month&month=all").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["message"], "Choose a month to see the totals.");
    let (_, totals) = api.get("/api/v1/activities/totals?by=month").await;
    assert_eq!(totals[0]["entries"], 1, "this month's entry only");
    let browser = app.login(VOLUNTEER).await;
    let (_, page) = browser.get_text("/activities?month=all").await;
    assert!(page.contains("Choose a month to see the totals."));
}

/// The sums per label of the entries a person sees in the list, for `by`.
async fn summed_from_list(api: &Api, by: &str) -> std::collections::BTreeMap<String, (i64, i64, i64)> {
    let (_, list) = api.get("/api/v1/activities?per_page=200").await;
    let mut sums = std::collections::BTreeMap::new();
    for entry in list["items"].as_array().unwrap() {
        let label = match by {
            "establishment" => entry["establishment"].as_str().unwrap_or("—").to_owned(),
            "month" => entry["done_on"].as_str().unwrap()[..7].to_owned(),
            _ => entry["person_name"].as_str().unwrap().to_owned(),
        };
        let sum = sums.entry(label).or_insert((0, 0, 0));
        sum.0 += 1;
        sum.1 += entry["minutes"].as_i64().unwrap();
        sum.2 += entry["people_met"].as_i64().unwrap();
    }
    sums
}

/// Regression: totals and list counts read from the kept monthly sums
/// (migration 0007) equal the entries each person sees, after inserts, corrections and
/// deletions made straight in the database (as another instance would).
#[tokio::test]
async fn kept_totals_equal_the_entries_everyone_sees() {
    let app = TestApp::spawn().await;
    app.fresnes().await;
    passerelle::demo::seed_cooperation(&app.state).await.unwrap();
    let pool = &app.state.db.pool;
    // The ANVP coordinator's own entry without establishment.
    let coordinator = app.person_id(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await;
    sqlx::query(
        "INSERT INTO activities (person_id, organisation_id, establishment_id, kind, done_on, people_met, minutes, note, created_at, updated_at) \
         VALUES ($1, $2, NULL, 'other_hours', $3, 0, 45, '', $3, $3)",
    )
    .bind(coordinator)
    .bind(anvp)
    .bind(app.today())
    .execute(pool)
    .await
    .unwrap();
    let check = || async {
        for email in [
            PLATFORM_ADMIN,
            ANVP_ADMIN,
            COORDINATOR,
            AUXILIA_COORDINATOR,
            VOLUNTEER,
            CORRESPONDENT,
        ] {
            let api = app.api(Some(&app.token(email).await));
            let (_, list) = api.get("/api/v1/activities?per_page=200").await;
            let shown = list["items"].as_array().unwrap().len() as i64;
            assert_eq!(
                list["total"].as_i64(),
                Some(shown),
                "{email}: the count is that of the entries"
            );
            let (_, by_person) = api.get("/api/v1/activities?per_page=200&sort=person").await;
            let names: Vec<&str> = by_person["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["person_name"].as_str().unwrap())
                .collect();
            assert_eq!(names.len() as i64, shown, "{email}: sorted by person, the same entries");
            assert!(names.is_sorted(), "{email}: in the order of names {names:?}");
            for by in ["establishment", "month", "person"] {
                let (status, totals) = api.get(&format!("/api/v1/activities/totals?by={by}")).await;
                assert_eq!(status, 200);
                let kept: std::collections::BTreeMap<String, (i64, i64, i64)> = totals
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| {
                        let n = |k: &str| t[k].as_i64().unwrap();
                        (
                            t["label"].as_str().unwrap().to_owned(),
                            (n("entries"), n("minutes"), n("people_met")),
                        )
                    })
                    .collect();
                assert_eq!(kept, summed_from_list(&api, by).await, "{email} by {by}");
            }
        }
    };
    check().await;
    sqlx::query("UPDATE activities SET minutes = minutes + 15, establishment_id = NULL WHERE id = (SELECT MIN(id) FROM activities)")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "DELETE FROM activities WHERE id = (SELECT MAX(id) FROM activities WHERE establishment_id IS NOT NULL)",
    )
    .execute(pool)
    .await
    .unwrap();
    check().await;
}
