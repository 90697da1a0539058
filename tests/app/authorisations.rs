use chrono::Duration;

use crate::helpers::*;

async fn establishment(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM establishments WHERE code = $1")
        .bind(code)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// Files an application of the demo visitor with ANVP; its id.
async fn file(app: &TestApp, coordinator: &Browser, filed_on: &str) -> i64 {
    let anvp = app.organisation_id("ANVP").await.to_string();
    let lyon = establishment(app, "FR-CP-LYON-CORBAS").await.to_string();
    let nimes = establishment(app, "FR-MA-NIMES").await.to_string();
    let response = coordinator
        .post(
            "/authorisations",
            &[
                ("organisation", &anvp),
                ("person_email", VOLUNTEER),
                ("filed_on", filed_on),
                ("establishments", &lyon),
                ("establishments", &nimes),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    location(&response)
        .trim_start_matches("/authorisations/")
        .parse()
        .unwrap()
}

async fn step_kinds(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM authorisation_step_kinds WHERE country = 'FR' ORDER BY position")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

fn status_of(page: &str) -> String {
    page.split("id=\"status\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_coordinator_follows_an_application_to_the_grant_then_suspends_and_restores_it() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let today = app.state.clock.now().date_naive();
    let id = file(&app, &coordinator, &(today - Duration::days(120)).to_string()).await;
    let path = format!("/authorisations/{id}");
    let (_, page) = coordinator.get_text(&path).await;
    assert_eq!(status_of(&page), "In progress");

    for (i, kind) in step_kinds(&app).await.into_iter().enumerate() {
        let done = (today - Duration::days(100 - 10 * i as i64)).to_string();
        let r = coordinator
            .post(
                &format!("{path}/steps"),
                &[("step", &kind.to_string()), ("done_on", &done), ("note", "ok")],
            )
            .await;
        assert_eq!(r.status(), 303, "step {i}");
    }
    let again = coordinator
        .post(
            &format!("{path}/steps"),
            &[
                ("step", &step_kinds(&app).await[0].to_string()),
                ("done_on", &today.to_string()),
            ],
        )
        .await;
    assert_eq!(again.status(), 422, "a step is recorded once");

    let r = app
        .login(STAFF)
        .await
        .post(
            &format!("{path}/decision"),
            &[
                ("decision", "granted"),
                ("decided_on", &today.to_string()),
                ("probation_months", "6"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = coordinator.get_text(&path).await;
    assert_eq!(status_of(&page), "Valid");
    let expires = (today + chrono::Months::new(24)).pred_opt().unwrap();
    assert!(
        page.contains(&format!("id=\"expires\">{}", passerelle::i18n::Lang::En.date(expires))),
        "two years by default"
    );

    let refused = coordinator
        .post(
            &format!("{path}/suspend"),
            &[("on", &today.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(refused.status(), 422, "a suspension needs its reason");
    let r = coordinator
        .post(
            &format!("{path}/suspend"),
            &[("on", &today.to_string()), ("reason", "incident au parloir")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = coordinator.get_text(&path).await;
    assert_eq!(status_of(&page), "Suspended");
    let anvp = app.organisation_id("ANVP").await;
    let lyon = establishment(&app, "FR-CP-LYON-CORBAS").await;
    let visitor: i64 = sqlx::query_scalar("SELECT person_id FROM authorisations WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(
        !passerelle::authorisations::store::may_act(&app.state.db, visitor, anvp, lyon, today)
            .await
            .unwrap()
    );

    let r = coordinator
        .post(&format!("{path}/lift"), &[("on", &today.to_string())])
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = coordinator.get_text(&path).await;
    assert_eq!(status_of(&page), "Valid");
    assert!(page.contains("incident au parloir"), "the history keeps the suspension");
    assert!(
        passerelle::authorisations::store::may_act(&app.state.db, visitor, anvp, lyon, today)
            .await
            .unwrap()
    );
    let paris = establishment(&app, "FR-MA-PARIS-LA-SANTE").await;
    assert!(
        !passerelle::authorisations::store::may_act(&app.state.db, visitor, anvp, paris, today)
            .await
            .unwrap(),
        "only the named establishments"
    );

    // Time passes: 60 days before expiry it is "expiring", then expired.
    app.state
        .clock
        .advance(Duration::days((expires - today).num_days() - 30));
    let coordinator = app.login(COORDINATOR).await;
    let (_, expiring) = coordinator.get_text("/authorisations?status=expiring").await;
    assert!(
        expiring.contains(&format!("/authorisations/{id}\"")),
        "found in the expiring filter"
    );
    let (_, valid) = coordinator.get_text("/authorisations?status=valid").await;
    assert!(!valid.contains(&format!("/authorisations/{id}\"")));
    app.state.clock.advance(Duration::days(31));
    let coordinator = app.login(COORDINATOR).await;
    let (_, page) = coordinator.get_text(&path).await;
    assert_eq!(status_of(&page), "Expired");
    let (_, expired) = coordinator.get_text("/authorisations?status=expired").await;
    assert!(
        expired.contains(&format!("/authorisations/{id}\"")),
        "found in the expired filter"
    );
    let (_, expiring) = coordinator.get_text("/authorisations?status=expiring").await;
    assert!(!expiring.contains(&format!("/authorisations/{id}\"")));
    assert!(app.audit_count("authorisation.decide").await == 1 && app.audit_count("authorisation.event").await == 2);
}

#[tokio::test]
async fn a_refusal_needs_a_reason_and_ends_the_application() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let id = file(&app, &coordinator, "2026-01-10").await;
    let path = format!("/authorisations/{id}");
    let r = app
        .login(STAFF)
        .await
        .post(
            &format!("{path}/decision"),
            &[("decision", "refused"), ("decided_on", "2026-03-01")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .login(STAFF)
        .await
        .post(
            &format!("{path}/decision"),
            &[
                ("decision", "refused"),
                ("decided_on", "2026-03-01"),
                ("refusal_reason", "avis défavorable"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, page) = coordinator.get_text(&path).await;
    assert_eq!(status_of(&page), "Refused");
    assert_eq!(
        coordinator.post(&format!("{path}/renew"), &[]).await.status(),
        422,
        "a refusal is not renewed"
    );
}

#[tokio::test]
async fn a_renewal_is_a_new_application_linked_to_the_old_one() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let id = file(&app, &coordinator, "2025-01-10").await;
    app.login(STAFF)
        .await
        .post(
            &format!("/authorisations/{id}/decision"),
            &[("decision", "granted"), ("decided_on", "2025-03-01")],
        )
        .await;
    let r = coordinator.post(&format!("/authorisations/{id}/renew"), &[]).await;
    assert_eq!(r.status(), 303);
    let renewal = location(&r);
    let (_, page) = coordinator.get_text(&renewal).await;
    assert_eq!(status_of(&page), "In progress");
    assert!(page.contains(&format!("href=\"/authorisations/{id}\"")));
    assert!(
        page.contains("Nîmes") && page.contains("Lyon-Corbas"),
        "same establishments"
    );
    assert_eq!(
        coordinator
            .post(&format!("/authorisations/{id}/renew"), &[])
            .await
            .status(),
        422,
        "renewed once"
    );
}

#[tokio::test]
async fn another_organisation_neither_sees_nor_changes_the_authorisations() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let id = file(&app, &coordinator, "2026-01-10").await;
    let path = format!("/authorisations/{id}");
    let auxilia = app.login(AUXILIA_ADMIN).await;
    assert_eq!(auxilia.get(&path).await.status(), 404);
    assert_eq!(
        auxilia
            .post(
                &format!("{path}/decision"),
                &[("decision", "granted"), ("decided_on", "2026-03-01")]
            )
            .await
            .status(),
        404
    );
    let (_, list) = auxilia.get_text("/authorisations").await;
    assert!(!list.contains(&path));
    let api = app.api(Some(&app.token(AUXILIA_ADMIN).await));
    assert_eq!(api.get(&format!("/api/v1/authorisations/{id}")).await.0, 404);
    assert_eq!(api.get("/api/v1/authorisations").await.1["total"], 0);

    // The volunteer sees their own, without being able to change it.
    let volunteer = app.login(VOLUNTEER).await;
    assert_eq!(volunteer.get(&path).await.status(), 200);
    assert_eq!(
        volunteer
            .post(
                &format!("{path}/decision"),
                &[("decision", "granted"), ("decided_on", "2026-03-01")]
            )
            .await
            .status(),
        403
    );
    // The French prison administration follows it.
    let staff = app.api(Some(&app.token(STAFF).await));
    let (status, one) = staff.get(&format!("/api/v1/authorisations/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["steps"].as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn the_status_in_lists_is_the_status_of_the_rules() {
    use passerelle::authorisations::rules::Status;
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let today = app.state.clock.now().date_naive();
    let day = |d: i64| (today + Duration::days(d)).to_string();
    let mut ids = Vec::new();
    for (decided, starts, expires) in [(-400, -400, 300), (-700, -700, -5), (-600, -600, 30), (-10, 20, 700)] {
        let id = file(&app, &coordinator, &day(decided - 30)).await;
        app.login(STAFF)
            .await
            .post(
                &format!("/authorisations/{id}/decision"),
                &[
                    ("decision", "granted"),
                    ("decided_on", &day(decided)),
                    ("starts_on", &day(starts)),
                    ("expires_on", &day(expires)),
                ],
            )
            .await;
        ids.push(id);
    }
    ids.push(file(&app, &coordinator, &day(-3)).await);
    let api = app.api(Some(&app.token(COORDINATOR).await));
    let (_, page) = api.get("/api/v1/authorisations?per_page=50").await;
    for item in page["items"].as_array().unwrap() {
        let id = item["id"].as_i64().unwrap();
        let (_, detail) = api.get(&format!("/api/v1/authorisations/{id}")).await;
        let parse = |v: &serde_json::Value| {
            v.as_str()
                .map(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
        };
        let dates = passerelle::authorisations::rules::Dates {
            decision: detail["decision"]
                .as_str()
                .and_then(passerelle::authorisations::rules::Decision::parse),
            starts_on: parse(&detail["starts_on"]),
            expires_on: parse(&detail["expires_on"]),
            suspended_on: parse(&detail["suspended_on"]),
            withdrawn_on: parse(&detail["withdrawn_on"]),
        };
        assert_eq!(item["status"], dates.status(today, 60).as_str(), "authorisation {id}");
    }
    let statuses: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap().to_owned())
        .collect();
    for expected in [Status::Valid, Status::Expired, Status::Expiring, Status::InProgress] {
        assert!(
            statuses.contains(&expected.as_str().to_owned()),
            "{expected:?} in {statuses:?}"
        );
    }
}

#[tokio::test]
async fn the_list_exports_what_is_filtered() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    file(&app, &coordinator, "2026-01-10").await;
    let csv = coordinator
        .get("/authorisations/export.csv?status=in_progress")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains(VOLUNTEER));
    let none = coordinator
        .get("/authorisations/export.csv?status=valid")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(none.lines().count(), 1, "the header alone");
    assert!(
        coordinator
            .get("/authorisations/export.xlsx")
            .await
            .bytes()
            .await
            .unwrap()
            .starts_with(b"PK")
    );
}

#[tokio::test]
async fn an_application_for_someone_outside_the_organisation_is_refused() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let nimes = establishment(&app, "FR-MA-NIMES").await.to_string();
    let r = coordinator
        .post(
            "/authorisations",
            &[
                ("organisation", &anvp),
                ("person_email", STAFF),
                ("filed_on", "2026-01-10"),
                ("establishments", &nimes),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains(STAFF), "what was typed is kept");
    let none = coordinator
        .post(
            "/authorisations",
            &[
                ("organisation", &anvp),
                ("person_email", VOLUNTEER),
                ("filed_on", "2026-01-10"),
            ],
        )
        .await;
    assert_eq!(none.status(), 422);
    assert_eq!(app.audit_count("authorisation.file").await, 0);
}

#[tokio::test]
async fn waiting_times_are_shown_by_organisation_region_and_step() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    for (filed, decided) in [("2026-01-01", "2026-04-11"), ("2026-01-01", "2026-07-20")] {
        let id = file(&app, &coordinator, filed).await;
        let kind = step_kinds(&app).await[0].to_string();
        coordinator
            .post(
                &format!("/authorisations/{id}/steps"),
                &[("step", &kind), ("done_on", "2026-01-11")],
            )
            .await;
        app.login(STAFF)
            .await
            .post(
                &format!("/authorisations/{id}/decision"),
                &[("decision", "granted"), ("decided_on", decided)],
            )
            .await;
    }
    let (status, page) = coordinator.get_text("/authorisations/waiting-times").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<td>ANVP</td><td class=\"num\">2</td><td class=\"num\">100</td><td class=\"num\">200</td>"),
        "{page}"
    );
    assert!(
        page.contains("DISP de Lyon"),
        "by the region of the first establishment"
    );
    assert!(
        page.contains("<td class=\"num\">2</td><td class=\"num\">10</td>"),
        "the first step took 10 days"
    );
    assert_eq!(
        app.login(AUXILIA_ADMIN)
            .await
            .get_text("/authorisations/waiting-times")
            .await
            .1
            .matches("<td>ANVP</td>")
            .count(),
        0
    );
    assert_eq!(
        app.login(VOLUNTEER)
            .await
            .get("/authorisations/waiting-times")
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn an_authorisations_file_is_checked_whole_then_imported_once() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let bad = format!(
        "email;organisation;establishments;filed_on;decision;decided_on;refusal_reason\n\
         {VOLUNTEER};ANVP;FR-MA-NIMES;2026-01-10;;;\n\
         nobody@example.org;ANVP;FR-MA-NIMES;2026-01-10;;;\n\
         {VOLUNTEER};ANVP;FR-MA-NOWHERE;2026-01-11;;;\n\
         {VOLUNTEER};ANVP;FR-MA-NIMES|PL-AS-OPOLE;2026-01-12;;;\n\
         {VOLUNTEER};ANVP;FR-MA-NIMES;2026-01-13;refused;2026-03-01;\n\
         {VOLUNTEER};AUXILIA;FR-MA-NIMES;2026-01-14;;;\n"
    );
    let response = crate::establishments::upload_to(&coordinator, "authorisations", &bad).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for cell in [
        "<td>3</td><td>email</td>",
        "<td>4</td><td>establishments</td>",
        "<td>5</td><td>establishments</td>",
        "<td>6</td><td>refusal_reason</td>",
        "<td>7</td><td>organisation</td>",
    ] {
        assert!(page.contains(cell), "{cell} in {page}");
    }
    assert_eq!(app.audit_count("import").await, 0);

    let good = format!(
        "email,organisation,establishments,filed_on,decision,decided_on,starts_on,expires_on\n\
         {VOLUNTEER},ANVP,FR-MA-NIMES|FR-CP-LYON-CORBAS,10/01/2026,granted,2026-03-01,,\n\
         {VOLUNTEER},ANVP,FR-MA-NIMES,2026-05-02,,,,\n"
    );
    let preview = crate::establishments::upload_to(&coordinator, "authorisations", &good)
        .await
        .text()
        .await
        .unwrap();
    let id = preview
        .split("action=\"/import/authorisations/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        location(&coordinator.post(&format!("/import/authorisations/{id}"), &[]).await),
        "/authorisations"
    );
    let api = app.api(Some(&app.token(COORDINATOR).await));
    let (_, page) = api.get("/api/v1/authorisations?sort=filed").await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["expires_on"], "2028-02-29", "two years by default");
    assert!(page["items"][0]["establishments"].as_str().unwrap().contains("Nîmes"));
    assert_eq!(page["items"][1]["status"], "in_progress");

    let again = crate::establishments::upload_to(&coordinator, "authorisations", &good)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        again.contains("<dt>Unchanged</dt><dd>2</dd>") || again.contains("<dt>Inchangés</dt><dd>2</dd>"),
        "{again}"
    );
}

#[tokio::test]
async fn staff_narrow_the_list_to_a_region_then_an_establishment() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let (region, other): (i64, i64) = sqlx::query_as(
        "SELECT e.region_id, (SELECT MIN(r.id) FROM regions r WHERE r.country = 'FR' AND r.id <> e.region_id) \
         FROM establishments e WHERE e.id = $1",
    )
    .bind(fresnes)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let staff = app.login(STAFF).await;
    let (_, page) = staff.get_text(&format!("/authorisations?region={region}")).await;
    assert!(
        page.contains("id=\"establishment\""),
        "a region's establishments to choose from"
    );
    let (_, here) = staff
        .get_text(&format!("/authorisations?region={region}&establishment={fresnes}"))
        .await;
    let (_, elsewhere) = staff
        .get_text(&format!("/authorisations?region={other}&q=visitor"))
        .await;
    let visitor = app.person_id(VOLUNTEER).await;
    let authorisation: i64 = sqlx::query_scalar(
        "SELECT a.id FROM authorisations a JOIN authorisation_establishments x ON x.authorisation_id = a.id \
         WHERE a.person_id = $1 AND x.establishment_id = $2",
    )
    .bind(visitor)
    .bind(fresnes)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(here.contains(&format!("/authorisations/{authorisation}\"")));
    assert!(!elsewhere.contains(&format!("/authorisations/{authorisation}\"")));
}
