//! Indicators compared across countries: the figures are the raw counts'
//! ratios, and small counts never show.

use chrono::Datelike;
use passerelle::i18n::Lang;

use crate::helpers::*;

/// The API's cell of `indicator` for `place` (a country's code, an id, or all).
fn cell<'a>(comparison: &'a serde_json::Value, indicator: &str, place: &str) -> &'a serde_json::Value {
    let places = comparison["places"].as_array().unwrap();
    let column = match place {
        "all" => places.len(),
        _ => places
            .iter()
            .position(|p| p["key"] == place)
            .expect("the place has a column"),
    };
    let line = comparison["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["indicator"]["code"] == indicator)
        .expect("the indicator is in the catalogue");
    &line["cells"][column]
}

#[tokio::test]
async fn each_figure_is_the_ratio_of_the_raw_counts() {
    let app = TestApp::spawn().await;
    app.establishment("FR", 900).volunteers(12).build().await;
    app.establishment("FR", 300).volunteers(6).build().await;
    let pool = &app.state.db.pool;
    let today = app.today();
    let volunteers: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT person_id) FROM authorisations WHERE country = 'FR' AND decision = 'granted' \
         AND starts_on <= $1 AND expires_on >= $1 AND withdrawn_on IS NULL AND suspended_on IS NULL",
    )
    .bind(&today)
    .fetch_one(pool)
    .await
    .unwrap();
    let detainees: i64 = sqlx::query_scalar(
        "SELECT CAST(SUM(COALESCE(population, 0)) AS BIGINT) FROM establishments WHERE country = 'FR' AND open = 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(volunteers >= 18 && detainees > 0, "figures to compare");
    let token = app.token(STAFF).await;
    let (status, comparison) = app.api(Some(&token)).get("/api/v1/indicators").await;
    assert_eq!(status, 200, "{comparison}");
    let fr = cell(&comparison, "volunteers_per_100_detainees", "FR");
    assert_eq!(fr["numerator"], volunteers as f64);
    assert_eq!(fr["denominator"], detainees as f64);
    let value = fr["value"].as_f64().unwrap();
    assert!((value - volunteers as f64 * 100.0 / detainees as f64).abs() < 1e-9);
    let staff = app.login(STAFF).await;
    // The export's raw counts give the figure again.
    let (status, csv) = staff.get_text("/indicators/export.csv").await;
    assert_eq!(status, 200);
    let line: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("volunteers_per_100_detainees,1,FR,"))
        .expect("a line for France")
        .split(',')
        .collect();
    let (n, d, v): (f64, f64, f64) = (
        line[4].parse().unwrap(),
        line[5].parse().unwrap(),
        line[6].parse().unwrap(),
    );
    assert_eq!((n, d), (volunteers as f64, detainees as f64));
    assert!((v - n * 100.0 / d).abs() < 1e-9, "{v} from {n} / {d}");
    let page = staff.get_text("/indicators").await;
    assert_eq!(page.0, 200);
    assert!(
        page.1.contains("Volunteers per 100 detainees"),
        "the page names the indicator"
    );
    let shown = format!("{} / {}", volunteers, Lang::En.number(detainees));
    assert!(page.1.contains(&shown), "the page shows {shown}");
}

#[tokio::test]
async fn small_counts_are_hidden_and_cannot_be_recovered_by_subtraction() {
    let app = TestApp::spawn().await;
    // Poland: 3 volunteers; Belgium: 24 in two establishments.
    app.establishment("PL", 800).volunteers(3).build().await;
    app.establishment("BE", 1000).volunteers(20).build().await;
    app.establishment("BE", 600).volunteers(4).build().await;
    let token = app.token(STAFF).await;
    let (_, comparison) = app.api(Some(&token)).get("/api/v1/indicators").await;
    let pl = cell(&comparison, "volunteers_per_100_detainees", "PL");
    assert_eq!(pl["suppressed"], true);
    assert_eq!(pl["numerator"], serde_json::Value::Null, "{pl}");
    assert_eq!(pl["value"], serde_json::Value::Null);
    let be = cell(&comparison, "volunteers_per_100_detainees", "BE");
    assert_eq!(
        be["suppressed"], true,
        "else the total minus the others gives Poland's 3: {be}"
    );
    assert_eq!(be["numerator"], serde_json::Value::Null);
    let fr = cell(&comparison, "volunteers_per_100_detainees", "FR");
    assert_eq!(fr["suppressed"], false);
    let all = cell(&comparison, "volunteers_per_100_detainees", "all");
    let sum = fr["numerator"].as_f64().unwrap() + 27.0;
    assert_eq!(all["numerator"], sum, "the total counts every country");
    // Neither Poland's 3 volunteers nor their 3 decisions show anywhere.
    let waiting = cell(&comparison, "authorisation_waiting_days", "PL");
    assert_eq!(
        (&waiting["suppressed"], &waiting["denominator"]),
        (&serde_json::Value::Bool(true), &serde_json::Value::Null)
    );
    let staff = app.login(STAFF).await;
    let page = staff.get_text("/indicators").await.1;
    assert!(
        page.contains("Fewer than 5 people"),
        "the page says why a figure is hidden"
    );
    assert!(
        page.matches(">hidden<").count() >= 2,
        "Poland and Belgium are hidden on the page"
    );
    let csv = staff.get_text("/indicators/export.csv").await.1;
    let poland: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("volunteers_per_100_detainees,1,PL,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!((poland[4], poland[6], poland[7]), ("", "", "hidden"), "{poland:?}");
}

#[tokio::test]
async fn a_region_is_the_ratio_of_its_establishments_sums_not_the_average_of_their_rates() {
    let app = TestApp::spawn().await;
    let big = app.establishment("FR", 900).volunteers(12).build().await;
    let small = app.establishment("FR", 300).volunteers(6).build().await;
    let pool = &app.state.db.pool;
    let region: i64 = sqlx::query_scalar("SELECT region_id FROM establishments WHERE id = $1")
        .bind(big)
        .fetch_one(pool)
        .await
        .unwrap();
    let token = app.token(STAFF).await;
    let api = app.api(Some(&token));
    let figure = |c: &serde_json::Value| c["value"].as_f64().unwrap();
    let path = format!("/api/v1/indicators?level=establishment&region={region}");
    let (status, establishments) = api.get(&path).await;
    assert_eq!(
        (status, &establishments["level"]),
        (200, &serde_json::json!("establishment"))
    );
    let rate = |place: String| figure(cell(&establishments, "volunteers_per_100_detainees", &place));
    let (at_big, at_small) = (rate(big.to_string()), rate(small.to_string()));
    assert!((at_big - 12.0 * 100.0 / 900.0).abs() < 1e-9 && at_small == 2.0);
    let together = rate("all".to_owned());
    assert_eq!(together, 1.5, "18 volunteers for 1,200 detainees");
    assert_ne!(together, (at_big + at_small) / 2.0, "not the average of the rates");
    // Among France's regions, the region has the same figure.
    let (_, regions) = api.get("/api/v1/indicators?level=region&country=FR").await;
    let the_region = cell(&regions, "volunteers_per_100_detainees", &region.to_string());
    assert_eq!(
        (the_region["numerator"].as_f64(), figure(the_region)),
        (Some(18.0), 1.5)
    );
    // A volunteer of the big one also authorised in the small one: one more
    // there, still 18 people in the region.
    sqlx::query(
        "INSERT INTO authorisation_establishments (authorisation_id, establishment_id) \
         SELECT MIN(authorisation_id), $2 FROM authorisation_establishments WHERE establishment_id = $1",
    )
    .bind(big)
    .bind(small)
    .execute(pool)
    .await
    .unwrap();
    // The figures kept are counted again by the scheduler's next run.
    let (_, kept) = api.get(&path).await;
    let count = |place: &str| cell(&kept, "volunteers_per_100_detainees", place)["numerator"].as_f64();
    assert_eq!(count(&small.to_string()), Some(6.0), "as kept until the next refresh");
    assert!(passerelle::indicators::snapshots::refresh(&app.state).await.unwrap() >= 1);
    let (_, establishments) = api.get(&path).await;
    let count = |place: &str| cell(&establishments, "volunteers_per_100_detainees", place)["numerator"].as_f64();
    assert_eq!(count(&small.to_string()), Some(7.0));
    assert_eq!(count("all"), Some(18.0), "a person counts once");
    // The page compares the same way, and the export says where.
    let staff = app.login(STAFF).await;
    let (status, page) = staff
        .get_text(&format!(
            "/indicators?level=establishment&region={region}&period=2026-Q9"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("18 / 1,200"), "the region's sums");
    // The filter form sends its empty choices as empty values.
    let (status, page) = staff
        .get_text("/indicators?period=2025&level=country&country=&region=")
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("<caption>Countries · 2025</caption>"), "{page}");
    let (_, csv) = staff
        .get_text(&format!("/indicators/export.csv?level=establishment&region={region}"))
        .await;
    assert!(
        csv.lines()
            .any(|l| l.starts_with("volunteers_per_100_detainees,1,ALL,") && l.contains(",18,1200,1.5,")),
        "{csv}"
    );
}

#[tokio::test]
async fn a_trend_follows_one_indicator_period_by_period_with_its_data_table() {
    let app = TestApp::spawn().await;
    app.establishment("FR", 900).volunteers(12).build().await;
    let staff = app.login(STAFF).await;
    let (status, page) = staff
        .get_text("/indicators/trend?indicator=volunteers_per_100_detainees&interval=quarter")
        .await;
    assert_eq!(status, 200);
    let table = page.split("id=\"trend\"").nth(1).expect("the data table");
    assert_eq!(table.matches("<th scope=\"row\">").count(), 8, "two years of quarters");
    assert!(
        page.contains("<svg") && page.contains("<polyline"),
        "a chart drawn without JavaScript"
    );
    // The last quarter's figure is the comparison's for this quarter.
    let today = app.state.clock.now().date_naive();
    let quarter = format!("{}-Q{}", today.year(), (today.month() - 1) / 3 + 1);
    let token = app.token(STAFF).await;
    let (_, comparison) = app
        .api(Some(&token))
        .get(&format!("/api/v1/indicators?period={quarter}"))
        .await;
    let fr = cell(&comparison, "volunteers_per_100_detainees", "FR");
    let shown = format!(
        "({} / {})",
        fr["numerator"].as_f64().unwrap() as i64,
        Lang::En.number(fr["denominator"].as_f64().unwrap() as i64)
    );
    let last = table.split("<tr>").last().unwrap();
    assert!(last.contains(&shown), "{shown} in {last}");
    let (status, _) = staff.get_text("/indicators/trend?indicator=nonsense").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn context_figures_import_whole_or_not_at_all_and_place_a_country_beside_the_others() {
    use passerelle::imports::{Kind, import};
    let app = TestApp::spawn().await;
    app.establishment("BE", 800).volunteers(30).build().await;
    let bad = "country,year,source,prison_population,capacity,inhabitants\n\
               BE,2025,SPACE I 2025,12000,11000,11800000\n\
               XX,2025,SPACE I 2025,1,1,1\n\
               FR,abc,SPACE I 2025,,,\n";
    let errors = import(&app.state, Kind::Context, None, "test", "context.csv", bad.as_bytes())
        .await
        .unwrap()
        .expect_err("two bad lines");
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(found, [(3, "country"), (4, "year")]);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM context_figures")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "nothing written");
    let good = "country;year;source;prison_population;capacity;inhabitants;source_url\n\
                BE;2025;SPACE I 2025;12 000;11000;11800000;https://wp.unil.ch/space/\n\
                FR;2025;SPACE I 2025;80000;62000;68000000;\n";
    let (outcome, _) = import(&app.state, Kind::Context, None, "test", "context.csv", good.as_bytes())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((outcome.created, outcome.updated), (2, 0));
    let (again, _) = import(&app.state, Kind::Context, None, "test", "context.csv", good.as_bytes())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.created, again.unchanged),
        (0, 2),
        "the same file changes nothing"
    );
    let staff = app.login(STAFF).await;
    let year = app.state.clock.now().year();
    let (_, page) = staff.get_text(&format!("/indicators?period={year}")).await;
    let context = page
        .split("id=\"context\"")
        .nth(1)
        .expect("the context of the countries");
    let belgium = context.split("<tr>").find(|row| row.contains("Belgium")).unwrap();
    assert!(
        belgium.contains("12,000") && belgium.contains("109.1"),
        "occupancy: {belgium}"
    );
    assert!(belgium.contains("101.7"), "per 100,000 inhabitants: {belgium}");
    assert!(
        belgium.contains("0.25"),
        "30 volunteers for 12,000 detainees: {belgium}"
    );
    let (status, _) = staff.get_text("/import/context").await;
    assert_eq!(status, 403, "prison staff import nothing");
    let (status, _) = app.login(PLATFORM_ADMIN).await.get_text("/import/context").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_dashboard_shows_every_indicator_this_year_beside_last_year() {
    let app = TestApp::spawn().await;
    app.establishment("FR", 900).volunteers(12).build().await;
    let staff = app.login(STAFF).await;
    let (status, page) = staff.get_text("/indicators/dashboard?country=FR").await;
    assert_eq!(status, 200);
    assert!(page.contains("Dashboard: France"));
    let tiles = page.split("id=\"dashboard\"").nth(1).expect("the tiles");
    let catalogue: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indicators")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(tiles.matches("class=\"card tile\"").count() as i64, catalogue);
    let year = app.state.clock.now().year();
    let token = app.token(STAFF).await;
    let (_, comparison) = app
        .api(Some(&token))
        .get(&format!("/api/v1/indicators?period={year}"))
        .await;
    let fr = cell(&comparison, "volunteers_per_100_detainees", "FR");
    let shown = format!(
        "<p class=\"muted\">{} / {}</p>",
        fr["numerator"].as_f64().unwrap() as i64,
        Lang::En.number(fr["denominator"].as_f64().unwrap() as i64)
    );
    assert!(
        tiles.contains(&shown),
        "this year's counts are the comparison's: {shown}"
    );
    let anvp = app.organisation_id("ANVP").await;
    let (status, page) = staff
        .get_text(&format!("/indicators/dashboard?organisation={anvp}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Dashboard: Association nationale des visiteurs"));
    assert_eq!(staff.get_text("/indicators/dashboard?country=ZZ").await.0, 404);
    assert_eq!(staff.get_text("/indicators/dashboard").await.0, 404);
    let observer = app.login(OBSERVER).await;
    assert_eq!(observer.get_text("/indicators/dashboard?country=FR").await.0, 404);
}

#[tokio::test]
async fn a_closed_period_stays_frozen_and_is_flagged_when_its_data_change() {
    let app = TestApp::spawn().await;
    let prison = app.establishment("FR", 900).volunteers(12).build().await;
    let last_year = app.state.clock.now().year() - 1;
    let path = format!("/api/v1/indicators?period={last_year}");
    let token = app.token(ANVP_ADMIN).await;
    let api = app.api(Some(&token));
    let (status, before) = api.get(&path).await;
    assert_eq!((status, &before["frozen"]), (200, &serde_json::json!(true)));
    assert!(before["data_changed_at"].is_null());
    // The prison's authorisations are corrected to have started last year.
    app.backdate_authorisations(prison, &format!("{last_year}-03-01")).await;
    let (_, kept) = api.get(&path).await;
    assert_eq!(kept["lines"], before["lines"], "frozen figures stay as they were");
    assert_eq!(
        passerelle::indicators::snapshots::refresh(&app.state).await.unwrap(),
        0,
        "checked at most once a day"
    );
    app.state
        .clock
        .advance(chrono::Duration::days(1) + chrono::Duration::minutes(1));
    assert_eq!(passerelle::indicators::snapshots::refresh(&app.state).await.unwrap(), 1);
    let (_, flagged) = api.get(&path).await;
    assert_eq!(flagged["lines"], before["lines"], "flagged, not changed");
    assert!(flagged["data_changed_at"].is_string(), "{flagged}");
    // Everyone reading them is told; an administrator may count them again.
    let page = format!("/indicators?period={last_year}&level=country");
    let (_, seen) = app.login(VOLUNTEER).await.get_text(&page).await;
    assert!(seen.contains("id=\"data-changed\"") && !seen.contains("/indicators/recount"));
    let admin = app.login(ANVP_ADMIN).await;
    let (_, seen) = admin.get_text(&page).await;
    assert!(seen.contains("id=\"data-changed\""), "{seen}");
    let response = admin
        .post(&format!("/indicators/recount?period={last_year}&level=country"), &[])
        .await;
    assert_eq!(response.status(), 303);
    let (_, recounted) = api.get(&path).await;
    assert_ne!(recounted["lines"], before["lines"], "counted from the corrected data");
    assert!(recounted["data_changed_at"].is_null() && recounted["frozen"] == true);
    assert_eq!(app.audit_count("indicators.recount").await, 1);
    let (_, seen) = admin.get_text(&page).await;
    assert!(!seen.contains("id=\"data-changed\""));
    // Figures nobody read for a month are no longer checked; after a
    // quarter they are forgotten, and the next reader counts them.
    app.backdate_authorisations(prison, &format!("{last_year}-01-01")).await;
    app.state.clock.advance(chrono::Duration::days(32));
    assert_eq!(passerelle::indicators::snapshots::refresh(&app.state).await.unwrap(), 0);
    app.state.clock.advance(chrono::Duration::days(61));
    passerelle::indicators::snapshots::refresh(&app.state).await.unwrap();
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM indicator_snapshots")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0);
}
