use crate::helpers::*;

/// The admin of the French prison administration (DAP), who manages its establishments.
async fn dap_admin(app: &TestApp) -> Browser {
    let dap = app.organisation_id("DAP").await;
    let person: i64 = sqlx::query_scalar("SELECT id FROM persons WHERE email = $1")
        .bind(STAFF)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE memberships SET role = 'org_admin' WHERE person_id = $1 AND organisation_id = $2")
        .bind(person)
        .bind(dap)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    app.login(STAFF).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.state.db.pool).await.unwrap()
}

pub async fn upload_to(browser: &Browser, kind: &str, content: &str) -> reqwest::Response {
    browser
        .post_file(&format!("/import/{kind}"), "establishments.csv", content.as_bytes())
        .await
}

async fn upload(browser: &Browser, content: &str) -> reqwest::Response {
    upload_to(browser, "establishments", content).await
}

#[tokio::test]
async fn the_demo_register_is_searched_filtered_and_sorted() {
    let app = TestApp::spawn().await;
    let browser = app.login(VOLUNTEER).await;
    let (status, page) = browser.get_text("/establishments?country=FR").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("190 résultat(s)") || page.contains("190 result(s)"),
        "France has about 190 establishments"
    );
    let (_, fresnes) = browser.get_text("/establishments?q=fresnes").await;
    assert!(fresnes.contains("Maison d&#39;arrêt de Fresnes") || fresnes.contains("Maison d'arrêt de Fresnes"));
    let (_, minors) = browser.get_text("/establishments?kind=EPM&sort=name").await;
    assert_eq!(minors.matches("Établissement pour mineurs de").count(), 6);
    let (_, poland) = browser
        .get_text("/establishments?country=PL&sort=capacity&dir=desc&per_page=100")
        .await;
    assert_eq!(
        poland.matches("/establishments/").count()
            - poland.matches("/establishments/export").count()
            - poland.matches("/establishments/import").count(),
        30
    );
}

#[tokio::test]
async fn a_file_with_errors_is_refused_whole_with_every_line_listed() {
    let app = TestApp::spawn().await;
    let browser = dap_admin(&app).await;
    let before = count(&app, "SELECT COUNT(*) FROM establishments").await;
    let file = "code;name;country;kind;region;city;capacity\n\
                FR-MA-NEW1;Maison d'arrêt nouvelle;FR;MA;LYON;Lyon;300\n\
                FR-MA-NEW2;;FR;MA;LYON;Lyon;300\n\
                FR-MA-NEW3;Maison d'arrêt bis;FR;XX;LYON;Lyon;beaucoup\n\
                FR-MA-NEW1;Doublon;FR;MA;LYON;Lyon;10\n";
    let response = upload(&browser, file).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for line in [
        "<td>3</td><td>name</td>",
        "<td>4</td><td>kind</td>",
        "<td>4</td><td>capacity</td>",
        "<td>5</td><td>code</td>",
    ] {
        assert!(page.contains(line), "{line} reported");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM establishments").await,
        before,
        "nothing written"
    );
}

#[tokio::test]
async fn a_good_file_imports_once_and_a_second_time_changes_nothing() {
    let app = TestApp::spawn().await;
    let browser = dap_admin(&app).await;
    let file = "\u{feff}code,name,country,kind,region,city,capacity,population,population_on\n\
                FR-MA-NEW1,Maison d'arrêt nouvelle,FR,MA,LYON,Lyon,300,420,2026-09-01\n\
                FR-MA-FRESNES,Maison d'arrêt de Fresnes,FR,MA,PARIS,Fresnes,1320,2100,01/10/2026\n";
    let preview = upload(&browser, file).await.text().await.unwrap();
    assert!(
        preview.contains("<dt>À créer</dt><dd>1</dd>") || preview.contains("<dt>To create</dt><dd>1</dd>"),
        "{preview}"
    );
    let confirm = preview
        .split("action=\"/import/establishments/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let done = browser.post(&format!("/import/establishments/{confirm}"), &[]).await;
    assert_eq!(location(&done), "/establishments");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM establishments WHERE code = 'FR-MA-NEW1'").await,
        1
    );
    let fresnes: (i64, i64, String) =
        sqlx::query_as("SELECT capacity, population, population_on FROM establishments WHERE code = 'FR-MA-FRESNES'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(fresnes, (1320, 2100, "2026-10-01".to_owned()));
    let counts = count(&app, "SELECT COUNT(*) FROM establishment_populations p JOIN establishments e ON e.id = p.establishment_id WHERE e.code = 'FR-MA-FRESNES'").await;
    assert_eq!(counts, 2, "the July count is kept beside the October one");
    assert_eq!(app.audit_count("import").await, 1);

    let again = upload(&browser, file).await.text().await.unwrap();
    assert!(
        again.contains("<dd>0</dd>")
            && (again.contains("<dt>Inchangés</dt><dd>2</dd>") || again.contains("<dt>Unchanged</dt><dd>2</dd>")),
        "{again}"
    );
    let confirm = again
        .split("action=\"/import/establishments/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    browser.post(&format!("/import/establishments/{confirm}"), &[]).await;
    assert_eq!(app.audit_count("import").await, 1, "a second import writes nothing");
}

#[tokio::test]
async fn an_export_imports_back_unchanged() {
    let app = TestApp::spawn().await;
    let browser = dap_admin(&app).await;
    let csv = browser
        .get("/establishments/export.csv?country=PL")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 31, "a header and the 30 Polish establishments");
    assert!(csv.starts_with("code,name,country,kind,region,city,address,capacity,population,population_on,open"));
    let xlsx = browser.get("/establishments/export.xlsx?country=PL").await;
    assert_eq!(xlsx.status(), 200);
    assert!(
        xlsx.bytes().await.unwrap().starts_with(b"PK"),
        "an XLSX file is a zip archive"
    );
    // The DAP administers France only: Polish rows are refused.
    let refused = upload(&browser, &csv).await;
    assert_eq!(refused.status(), 422);
    let platform = app.login(PLATFORM_ADMIN).await;
    let preview = upload(&platform, &csv).await.text().await.unwrap();
    assert!(
        preview.contains("<dt>Unchanged</dt><dd>30</dd>") || preview.contains("<dt>Inchangés</dt><dd>30</dd>"),
        "{preview}"
    );
}

#[tokio::test]
async fn a_new_count_keeps_the_history() {
    let app = TestApp::spawn().await;
    let browser = dap_admin(&app).await;
    let id = count(&app, "SELECT id FROM establishments WHERE code = 'FR-MA-NIMES'").await;
    let path = format!("/establishments/{id}/population");
    assert_eq!(
        browser
            .post(&path, &[("detainees", "412"), ("counted_on", "2026-10-01")])
            .await
            .status(),
        303
    );
    assert_eq!(
        browser
            .post(&path, &[("detainees", "400"), ("counted_on", "2026-10-01")])
            .await
            .status(),
        409
    );
    assert_eq!(
        browser
            .post(&path, &[("detainees", "lots"), ("counted_on", "2026-10-02")])
            .await
            .status(),
        422
    );
    let (_, page) = browser.get_text(&format!("/establishments/{id}")).await;
    assert!(page.contains("1 Oct 2026") && page.contains("1 Jul 2026"));
    let volunteer = app.login(VOLUNTEER).await;
    assert_eq!(
        volunteer
            .post(&path, &[("detainees", "1"), ("counted_on", "2026-10-03")])
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn the_api_lists_establishments_with_filters() {
    let app = TestApp::spawn().await;
    let api = app.api(Some(&app.token(OBSERVER).await));
    let (status, page) = api.get("/api/v1/establishments?country=PL&kind=AS&per_page=5").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 15);
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert!(page["items"][0]["name"].as_str().unwrap().starts_with("Areszt Śledczy"));
    let id = page["items"][0]["id"].as_i64().unwrap();
    let (status, one) = api.get(&format!("/api/v1/establishments/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["country"], "PL");
}

#[tokio::test]
async fn a_person_first_sees_their_own_country_and_all_is_one_choice_away() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let (_, mine) = coordinator.get_text("/establishments").await;
    assert!(
        !mine.contains("Areszt Śledczy"),
        "no Polish prison for a French coordinator"
    );
    assert!(mine.contains("<option value=\"FR\" selected"), "the filter says so");
    let (_, all) = coordinator.get_text("/establishments?country=&sort=name").await;
    assert!(all.contains("Areszt Śledczy"), "all countries, alphabetically");
}
