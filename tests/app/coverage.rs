//! The coverage census: what the demo's authorisations give, how it
//! changes when an authorisation expires, thresholds, snapshots, sheets.

use chrono::Duration;

use crate::helpers::*;

/// The census items of Fresnes, by organisation: (counted, needed, status).
async fn fresnes_census(app: &TestApp, token: &str) -> Vec<(String, i64, i64, String)> {
    let (status, body) = app.api(Some(token)).get("/api/v1/coverage?country=FR&q=fresnes").await;
    assert_eq!(status, 200);
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["establishment"] == "Maison d'arrêt de Fresnes")
        .map(|i| {
            (
                i["organisation"].as_str().unwrap().to_owned(),
                i["counted"].as_i64().unwrap(),
                i["needed"].as_i64().unwrap(),
                i["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The text a PDF shows, line by line: the strings of its (uncompressed)
/// `Tj` operators, literal or hexadecimal, read as WinAnsi.
pub fn pdf_text(pdf: &[u8]) -> String {
    let winansi = |b: u8| if b == 0x95 { '•' } else { char::from(b) };
    String::from_utf8_lossy(pdf)
        .lines()
        .filter_map(|line| line.strip_suffix(" Tj"))
        .map(|s| match (s.strip_prefix('<'), s.strip_prefix('(')) {
            (Some(hex), _) => (0..hex.len() - 1)
                .step_by(2)
                .map(|i| winansi(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()))
                .collect(),
            (_, Some(literal)) => literal.trim_end_matches(')').replace("\\(", "(").replace("\\)", ")"),
            _ => String::new(),
        })
        .collect::<Vec<String>>()
        .join("\n")
}

#[tokio::test]
async fn the_census_counts_valid_authorisations_and_follows_expiry() {
    let app = TestApp::spawn().await;
    let observer = app.token(STAFF).await;
    let (_, before) = app
        .api(Some(&observer))
        .get("/api/v1/coverage?country=FR&status=unserved")
        .await;
    let all_unserved = before["total"].as_i64().unwrap();
    assert!(all_unserved > 300, "nobody is authorised yet: {all_unserved}");
    app.fresnes().await;
    let census = fresnes_census(&app, &observer).await;
    assert_eq!(census.len(), 2, "{census:?}");
    let anvp = &census.iter().find(|c| c.0 == "ANVP").unwrap();
    assert_eq!(
        (anvp.1, anvp.3.as_str()),
        (1, "under_served"),
        "one visitor for many detainees"
    );
    assert!(anvp.2 > 1);
    let auxilia = &census.iter().find(|c| c.0 == "AUXILIA").unwrap();
    assert_eq!((auxilia.1, auxilia.2, auxilia.3.as_str()), (1, 1, "served"));

    let browser = app.login(COORDINATOR).await;
    let (_, page) = browser.get_text("/coverage?country=FR&q=Fresnes").await;
    assert!(page.contains("Partnership") && page.contains("Under-served"));

    // Two years later, the authorisations have expired.
    app.state.clock.advance(Duration::days(531));
    let observer = app.token(STAFF).await;
    let census = fresnes_census(&app, &observer).await;
    assert!(census.iter().all(|c| c.1 == 0 && c.3 == "unserved"), "{census:?}");
}

#[tokio::test]
async fn each_organisation_sets_its_own_threshold() {
    let app = TestApp::spawn().await;
    app.fresnes().await;
    let anvp = app.organisation_id("ANVP").await.to_string();
    let other = app.login(AUXILIA_ADMIN).await;
    let form = [
        ("organisation", anvp.as_str()),
        ("mission", "visitor"),
        ("detainees_per_volunteer", ""),
        ("minimum", "1"),
    ];
    assert_eq!(other.post("/coverage/settings", &form).await.status(), 403);
    let admin = app.login(ANVP_ADMIN).await;
    let bad = admin
        .post(
            "/coverage/settings",
            &[("organisation", &anvp), ("mission", "visitor"), ("minimum", "0")],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(admin.post("/coverage/settings", &form).await.status(), 303);
    let token = app.token(ANVP_ADMIN).await;
    let census = fresnes_census(&app, &token).await;
    let anvp_line = census.iter().find(|c| c.0 == "ANVP").unwrap();
    assert_eq!((anvp_line.2, anvp_line.3.as_str()), (1, "served"));
    assert_eq!(app.audit_count("coverage.settings").await, 1);
}

#[tokio::test]
async fn the_scheduler_keeps_a_monthly_snapshot_for_the_trend() {
    let app = TestApp::spawn().await;
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    passerelle::scheduler::run_due(&app.state).await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM coverage_snapshots")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 3, "ANVP, Auxilia and Sławek, once a month");
    let browser = app.login(STAFF).await;
    let (_, page) = browser.get_text("/coverage").await;
    let month = app.state.clock.now().format("%Y-%m").to_string();
    assert!(page.contains(&format!("{month} · ANVP")));
}

#[tokio::test]
async fn gap_lists_and_sheets_name_the_volunteers_present() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let coordinator = app.login(COORDINATOR).await;
    let (status, gaps) = coordinator.get_text(&format!("/coverage/gaps/{fresnes}")).await;
    assert_eq!(status, 200);
    assert!(
        gaps.contains("Jean Petit") && !gaps.contains("Luc Moreau"),
        "ANVP's own volunteers; Auxilia's once they are partners"
    );
    let (status, _) = app
        .login(VOLUNTEER)
        .await
        .get_text(&format!("/coverage/gaps/{fresnes}"))
        .await;
    assert_eq!(status, 403, "a volunteer sees no one else's volunteers");
    let (_, here) = app
        .login(VOLUNTEER)
        .await
        .get_text(&format!("/establishments/{fresnes}"))
        .await;
    assert!(!here.contains("Luc Moreau") && !here.contains("/coverage/gaps/"));
    passerelle::demo::seed_agreements(&app.state).await.unwrap();
    let (_, gaps) = coordinator.get_text(&format!("/coverage/gaps/{fresnes}")).await;
    assert!(
        gaps.contains("Luc Moreau") && gaps.contains("Jean Petit"),
        "partners in force"
    );
    assert!(
        !gaps.contains("correspondent@passerelle.demo"),
        "contact only when agreed"
    );
    let (_, here) = coordinator.get_text(&format!("/establishments/{fresnes}")).await;
    assert!(
        here.contains("Luc Moreau"),
        "the partner's correspondent is shown where he works"
    );
    let observer = app.login(OBSERVER).await;
    assert_eq!(observer.get(&format!("/coverage/gaps/{fresnes}")).await.status(), 404);
    let (_, here) = observer.get_text(&format!("/establishments/{fresnes}")).await;
    assert!(!here.contains("Luc Moreau"), "observers see aggregates only");
    assert_eq!(
        observer.get(&format!("/establishments/{fresnes}/sheet")).await.status(),
        404
    );
    let staff = app.login(STAFF).await;
    let (status, sheet) = staff
        .get_text(&format!("/establishments/{fresnes}/sheet?lang=en"))
        .await;
    assert_eq!(status, 200);
    assert!(sheet.contains("To be visited by a prison visitor") && sheet.contains("Luc Moreau"));
    assert!(sheet.contains("Boulogne-Billancourt") || sheet.contains("Robert Lindet"));

    let pdf = staff.get(&format!("/establishments/{fresnes}/sheet.pdf?lang=fr")).await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-") && String::from_utf8_lossy(&bytes).trim_end().ends_with("%%EOF"));
    let text = pdf_text(&bytes).replace('\n', " ");
    assert!(
        text.contains("Bénévoles à Maison d'arrêt de Fresnes : comment les contacter"),
        "{text}"
    );
    assert!(text.contains("• Luc Moreau"), "{text}");
}

#[tokio::test]
async fn one_organisation_s_census_covers_only_the_countries_where_it_works() {
    let app = TestApp::spawn().await;
    let anvp = app.organisation_id("ANVP").await;
    let token = app.token(STAFF).await;
    let (_, body) = app
        .api(Some(&token))
        .get(&format!("/api/v1/coverage?organisation={anvp}&status=unserved"))
        .await;
    let items = body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i["country"] == "FR"),
        "Polish prisons are not unserved by a French organisation"
    );
    let browser = app.login(STAFF).await;
    let (_, page) = browser.get_text(&format!("/coverage?organisation={anvp}")).await;
    assert!(!page.contains("Zakład Karny"), "no Polish prison in ANVP's census");
    let head = page.split("<thead>").nth(1).unwrap().split("</thead>").next().unwrap();
    assert!(
        head.contains("Status for ANVP"),
        "the last column is ANVP's status: {head}"
    );
    assert!(!head.contains("AUXILIA"), "only the column the filter is about");
    let (_, page) = browser.get_text("/coverage?country=FR").await;
    let head = page.split("<thead>").nth(1).unwrap().split("</thead>").next().unwrap();
    assert!(
        head.contains("AUXILIA") && !head.contains("SLAWEK"),
        "the country's organisations only: {head}"
    );
    assert!(
        page.contains("authorised volunteers present / volunteers expected"),
        "the counts say what they count"
    );
}

#[tokio::test]
async fn a_correspondent_who_shares_contact_details_is_reachable_by_partners() {
    let app = TestApp::spawn().await;
    let fresnes = app.fresnes().await;
    let correspondent = app.login(CORRESPONDENT).await;
    let profile = [
        ("name", "Luc Moreau"),
        ("phone", "01 23 45 67 89"),
        ("languages", ""),
        ("availability", ""),
        ("share_contact", "1"),
    ];
    assert_eq!(correspondent.post("/account/profile", &profile).await.status(), 303);
    let (_, account) = correspondent.get_text("/account").await;
    assert!(account.contains("name=\"share_contact\" type=\"checkbox\" value=\"1\" checked"));
    // ANVP and Auxilia are partners: their coordinators fill gaps together.
    passerelle::demo::seed_agreements(&app.state).await.unwrap();
    let coordinator = app.login(COORDINATOR).await;
    let (_, gaps) = coordinator.get_text(&format!("/coverage/gaps/{fresnes}")).await;
    assert!(gaps.contains(CORRESPONDENT) && gaps.contains("01 23 45 67 89"));

    let unticked = &profile[..4];
    assert_eq!(correspondent.post("/account/profile", unticked).await.status(), 303);
    let (_, gaps) = coordinator.get_text(&format!("/coverage/gaps/{fresnes}")).await;
    assert!(
        !gaps.contains(CORRESPONDENT),
        "withdrawn consent hides the contact again"
    );
}

#[tokio::test]
async fn the_census_follows_changes_made_by_another_instance() {
    let app = TestApp::spawn().await;
    app.fresnes().await;
    let observer = app.token(STAFF).await;
    let counted =
        |census: Vec<(String, i64, i64, String)>, org: &str| census.iter().find(|c| c.0 == org).map(|c| c.1).unwrap();
    assert_eq!(counted(fresnes_census(&app, &observer).await, "ANVP"), 1);
    assert_eq!(counted(fresnes_census(&app, &observer).await, "AUXILIA"), 1);
    // Written straight to the database, as another instance of the
    // application would: the counts kept by this one must not hide it.
    let visitor = app.person_id(VOLUNTEER).await;
    sqlx::query("UPDATE authorisations SET withdrawn_on = $1 WHERE person_id = $2")
        .bind(app.today())
        .bind(visitor)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(counted(fresnes_census(&app, &observer).await, "ANVP"), 0);
    let correspondent = app.person_id(CORRESPONDENT).await;
    sqlx::query("UPDATE memberships SET ended_at = $1 WHERE person_id = $2")
        .bind(passerelle::db::timestamp(app.state.clock.now()))
        .bind(correspondent)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(counted(fresnes_census(&app, &observer).await, "AUXILIA"), 0);
}
