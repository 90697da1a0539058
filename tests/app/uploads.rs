//! Files people send: imports that lose no line and take nothing silently,
//! and size limits answered in the application's own words.

use crate::establishments::upload_to;
use crate::helpers::*;

async fn people_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM persons")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_quote_that_never_closes_swallows_no_line() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let before = people_count(&app).await;
    let file = "email,name,organisation,role,phone\n\
                a@example.org,Anne,ANVP,volunteer,\"01 02\n\
                b@example.org,Bruno,ANVP,volunteer,03\n\
                c@example.org,Chloé,ANVP,volunteer,04\n";
    let response = upload_to(&admin, "people", file).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("<td>2</td>") && page.contains("never closes"), "{page}");
    assert_eq!(people_count(&app).await, before, "nothing imported");
}

#[tokio::test]
async fn a_line_wider_than_the_header_is_refused_and_unknown_columns_are_named() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let wide = format!(
        "email,name,organisation,role\na@example.org,Anne,ANVP,volunteer\nb@example.org,Bruno,ANVP,volunteer{}\n",
        ",extra".repeat(10_000)
    );
    let response = upload_to(&admin, "people", &wide).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("This line has 10004 values, the first line names 4 columns"),
        "{page}"
    );

    let file = "email,name,organisation,role,nickname,address\n\
                a@example.org,Anne,ANVP,volunteer,Nanou,\"1 rue du Port\n75001 Paris\"\n\
                b@example.org,Bruno,ANVP,volunteer,Bru,\n";
    let response = upload_to(&admin, "people", file).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    let ignored = page.split("id=\"ignored\">").nth(1).unwrap().split('<').next().unwrap();
    assert_eq!(ignored, "nickname, address");
    let spanning = page
        .split("id=\"spanning\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    assert_eq!(spanning, "line 2: 2 lines");
}

#[tokio::test]
async fn every_error_of_a_refused_file_is_counted_and_can_be_downloaded() {
    let app = TestApp::spawn().await;
    let admin = app.login(ANVP_ADMIN).await;
    let mut file = String::from("email,name,organisation,role\n");
    for i in 0..372 {
        file += &format!("person{i}@example.org,Person {i},ANVP,pilot\n");
    }
    let response = upload_to(&admin, "people", &file).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("372 errors in all; the first 200 are above."), "{page}");
    let link = page
        .split("href=\"data:text/csv;charset=utf-8,")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSV of the errors");
    let csv = percent_decode(&html_unescape(link));
    assert_eq!(csv.lines().count(), 1 + 372, "a header and every error");
    assert!(csv.lines().last().unwrap().starts_with("373,role,"), "{csv}");
}

fn html_unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn files_up_to_their_form_s_limit_go_in_and_larger_ones_are_refused_in_words() {
    let app = TestApp::spawn().await;
    let meetings = crate::meetings::fixture(&app).await;
    let coordinator = app.login(COORDINATOR).await;
    let path = format!("/meetings/{}/documents", meetings.meeting);
    // 3 MB: over the 2 MiB that the multipart reader takes by default.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(3 * 1024 * 1024, b'x');
    let response = coordinator.post_file_as(&path, "document", "minutes.pdf", &pdf).await;
    assert_eq!(response.status(), 303);
    pdf.resize(11 * 1024 * 1024, b'x');
    let response = coordinator.post_file_as(&path, "document", "big.pdf", &pdf).await;
    assert_eq!(response.status(), 413);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("<html") && page.contains("its limit is written beside the field"),
        "{page}"
    );
    // A body over the application's limit, to the API: JSON, with a code.
    let token = app.token(COORDINATOR).await;
    let big = vec![b' '; 21 * 1024 * 1024];
    let response = app
        .api(Some(&token))
        .request(reqwest::Method::POST, "/api/v1/meetings")
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let (_, body) = json(response).await;
    assert_eq!(body["error"]["code"], "too_large");
}

#[tokio::test]
async fn impossible_dates_are_refused_by_the_import_as_by_the_forms() {
    let app = TestApp::spawn().await;
    let coordinator = app.login(COORDINATOR).await;
    let file = format!(
        "email,organisation,establishments,filed_on,decision,decided_on,starts_on,expires_on\n\
         {VOLUNTEER},ANVP,FR-MA-NIMES,2026-03-01,granted,2026-01-10,,\n\
         {VOLUNTEER},ANVP,FR-MA-NIMES,2026-01-11,granted,2031-01-10,,\n\
         {VOLUNTEER},ANVP,FR-MA-NIMES,0001-01-01,,,,\n\
         {VOLUNTEER},ANVP,FR-MA-NIMES,2026-01-12,granted,2026-03-01,,9999-12-31\n"
    );
    let response = upload_to(&coordinator, "authorisations", &file).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    for cell in [
        "<td>2</td><td>decided_on</td>",
        "<td>3</td><td>decided_on</td>",
        "<td>4</td><td>filed_on</td>",
        "<td>5</td><td>expires_on</td>",
    ] {
        assert!(page.contains(cell), "{cell} in {page}");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM authorisations WHERE expires_on > '2100-01-01'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    // The decision form holds to the same rule.
    let fresnes = app.fresnes().await.to_string();
    let anvp = app.organisation_id("ANVP").await.to_string();
    let filed = coordinator
        .post(
            "/authorisations",
            &[
                ("organisation", anvp.as_str()),
                ("person_email", VOLUNTEER),
                ("establishments", fresnes.as_str()),
                ("filed_on", "2026-01-10"),
            ],
        )
        .await;
    assert_eq!(filed.status(), 303);
    let id = location(&filed).trim_start_matches("/authorisations/").to_owned();
    let staff = app.login(STAFF).await;
    let decided = staff
        .post(
            &format!("/authorisations/{id}/decision"),
            &[("decision", "granted"), ("decided_on", "1999-01-01")],
        )
        .await;
    assert_eq!(decided.status(), 422);
    let page = decided.text().await.unwrap();
    assert!(
        page.contains("The decision cannot come before the application was filed."),
        "{page}"
    );
}

#[tokio::test]
async fn a_name_too_long_is_refused_alike_by_the_account_form_the_invitation_and_the_import() {
    let app = TestApp::spawn().await;
    let long = "N".repeat(201);
    let huge = "N".repeat(90_000);
    let before = people_count(&app).await;
    for name in [&long, &huge] {
        let volunteer = app.login(VOLUNTEER).await;
        let profile = volunteer.post("/account/profile", &[("name", name.as_str())]).await;
        assert_eq!(profile.status(), 422);
        let admin = app.login(ANVP_ADMIN).await;
        let anvp = app.organisation_id("ANVP").await.to_string();
        let invited = admin
            .post(
                "/people/invite",
                &[
                    ("email", "long.name@example.org"),
                    ("name", name.as_str()),
                    ("organisation", anvp.as_str()),
                    ("role", "volunteer"),
                ],
            )
            .await;
        assert_eq!(invited.status(), 422);
        let file = format!("email,name,organisation,role\nlong.name@example.org,{name},ANVP,volunteer\n");
        let imported = upload_to(&admin, "people", &file).await;
        assert_eq!(imported.status(), 422);
        assert!(imported.text().await.unwrap().contains("<td>2</td><td>name</td>"));
    }
    assert_eq!(people_count(&app).await, before);
    let longest: i64 = sqlx::query_scalar("SELECT MAX(LENGTH(name)) FROM persons")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(longest <= 200, "{longest}");
}
